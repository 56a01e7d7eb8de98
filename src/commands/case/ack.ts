import type { CaseCommand } from "./types.js";

/** `/ack`: the team has seen the case. The reporter's status page shows it (state + acknowledgedAt). */
export const ackCommand: CaseCommand = {
  name: "ack",
  usage: "/ack",
  async run(ctx) {
    const at = ctx.record.meta.acknowledgedAt;
    if (at) return { outcome: "done", key: "ack.already", data: { acknowledgedAt: at } };
    return {
      outcome: "done",
      key: "ack.done",
      data: { hasStatusPage: ctx.record.meta.statusTokenHash !== null },
      change: (meta) => ({
        ...meta,
        acknowledgedAt: meta.acknowledgedAt ?? ctx.now,
        state: meta.state === "triage" || meta.state === "open" ? "acknowledged" : meta.state,
      }),
    };
  },
};

/** `/promote`: a triage case (an automatic detection) becomes a case the team works on. */
export const promoteCommand: CaseCommand = {
  name: "promote",
  usage: "/promote",
  async run(ctx) {
    if (ctx.record.meta.state !== "triage") return { outcome: "invalid", key: "promote.not-triage", data: { state: ctx.record.meta.state } };
    return { outcome: "done", key: "promote.done", change: (meta) => (meta.state === "triage" ? { ...meta, state: "open" } : meta) };
  },
};
