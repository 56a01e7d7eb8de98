import { invalid, type CaseCommand } from "./types.js";

/** Longest message shown on the status page: a note, not a correspondence. */
export const REPORTER_MESSAGE_MAX = 2_000;

/**
 * `/reply-reporter <text>`: a message for the reporter's status page. Stored as
 * typed; the status page neutralises it when it renders (like all user text).
 */
export const replyReporterCommand: CaseCommand = {
  name: "reply-reporter",
  usage: "/reply-reporter <message>",
  async run(ctx) {
    const text = ctx.rest.trim();
    if (!text) return invalid("reply-reporter.usage");
    if (text.length > REPORTER_MESSAGE_MAX) return invalid("reply-reporter.too-long", { max: REPORTER_MESSAGE_MAX, length: text.length });
    const hasStatusPage = ctx.record.meta.statusTokenHash !== null;
    return { outcome: "done", key: "reply-reporter.done", data: { message: text, hasStatusPage }, change: (meta) => ({ ...meta, reporterMessage: text }) };
  },
};
