import { describe, expect, it } from "vitest";
import { threadEventOf } from "../../../src/events/thread-event.js";
import { expectRepositoryAndSender } from "../../helpers/events.js";
import { examplePayload, withOverrides, type WebhookPayload } from "../../helpers/payloads.js";

describe("threadEventOf", () => {
  it("issues.labeled: the issue as source and evidence, labelled by the sender", () => {
    const payload = examplePayload<WebhookPayload<"issues.labeled">>("issues", { action: "labeled" });
    const event = threadEventOf(payload);
    expectRepositoryAndSender(event, payload, payload.issue.number);
    expect(event.source).toMatchObject({ threadKind: "issue", url: payload.issue.html_url });
    expect(event.snapshot).toEqual({
      subject: {
        kind: "issue",
        url: payload.issue.html_url,
        id: null,
        nodeId: payload.issue.node_id,
        author: { login: payload.issue.user!.login, id: payload.issue.user!.id },
      },
      authorType: payload.issue.user!.type,
      title: payload.issue.title,
      body: payload.issue.body ?? "",
      createdAt: payload.issue.created_at,
      updatedAt: payload.issue.updated_at,
    });
    expect(event.author).toEqual({ login: payload.issue.user!.login, type: payload.issue.user!.type });
    expect(event.previous).toBeNull();
  });

  it("pull_request.labeled: the pull request is the source", () => {
    const payload = examplePayload<WebhookPayload<"pull_request.labeled">>("pull_request", { action: "labeled" });
    const event = threadEventOf(payload);
    expectRepositoryAndSender(event, payload, payload.pull_request.number);
    expect(event.source).toMatchObject({ threadKind: "pull_request", url: payload.pull_request.html_url });
    expect(event.snapshot.subject).toMatchObject({ kind: "pull_request", nodeId: payload.pull_request.node_id });
    expect(event.title).toBe(payload.pull_request.title);
  });

  it("issues.opened: title and body as posted, nothing before", () => {
    const payload = withOverrides(examplePayload<WebhookPayload<"issues.opened">>("issues", { action: "opened" }), { issue: { body: null } });
    const event = threadEventOf(payload);
    expect(event).toMatchObject({ title: payload.issue.title, body: "", previous: null, webHost: new URL(payload.issue.html_url).host });
  });

  it("issues.edited: the title and body before the edit, each only when it changed", () => {
    const base = examplePayload<WebhookPayload<"issues.edited">>("issues", { action: "edited" });
    const both = threadEventOf(withOverrides(base, { changes: { title: { from: "old title" }, body: { from: "old body" } } }));
    expect(both.previous).toEqual({ title: "old title", body: "old body" });
    const titleOnly = threadEventOf(withOverrides(base, { changes: { title: { from: "old title" } } }));
    expect(titleOnly.previous).toEqual({ title: "old title", body: base.issue.body ?? "" });
    const bodyOnly = threadEventOf(withOverrides(base, { changes: { body: { from: "old body" } } }));
    expect(bodyOnly.previous).toEqual({ title: base.issue.title, body: "old body" });
  });

  it("discussion.created: the discussion is the source", () => {
    const payload = examplePayload<WebhookPayload<"discussion.created">>("discussion", { action: "created" });
    const event = threadEventOf(payload);
    expectRepositoryAndSender(event, payload, payload.discussion.number);
    expect(event.source).toMatchObject({ threadKind: "discussion", url: payload.discussion.html_url });
    expect(event.snapshot).toMatchObject({ subject: { kind: "discussion", nodeId: payload.discussion.node_id }, title: payload.discussion.title });
    expect(event.previous).toBeNull();
  });

  it("discussion.edited: the title before the edit", () => {
    const payload = examplePayload<WebhookPayload<"discussion.edited">>("discussion", { action: "edited" });
    expect(threadEventOf(payload).previous).toEqual({ title: payload.changes!.title!.from, body: payload.discussion.body ?? "" });
  });
});
