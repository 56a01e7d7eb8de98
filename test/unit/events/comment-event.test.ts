import { describe, expect, it } from "vitest";
import { commentEventOf } from "../../../src/events/comment-event.js";
import { threadEventOf } from "../../../src/events/thread-event.js";
import { expectRepositoryAndSender } from "../../helpers/events.js";
import { examplePayload, withOverrides, type WebhookPayload } from "../../helpers/payloads.js";

describe("commentEventOf", () => {
  it("issue_comment.created on an issue: the comment, the issue as thread and evidence", () => {
    const payload = examplePayload<WebhookPayload<"issue_comment.created">>("issue_comment", { action: "created" });
    const event = commentEventOf(payload);
    expect(event.kind).toBe("issue_comment");
    expectRepositoryAndSender(event, payload, payload.issue.number);
    expect(event.source).toMatchObject({ threadKind: "issue", url: payload.issue.html_url });
    expect(event.comment).toEqual({
      id: payload.comment.id,
      nodeId: payload.comment.node_id,
      url: payload.comment.html_url,
      body: payload.comment.body,
      author: { login: payload.comment.user!.login, id: payload.comment.user!.id, type: payload.comment.user!.type },
      createdAt: payload.comment.created_at,
      updatedAt: payload.comment.updated_at,
    });
    expect(event.threadSnapshot).toMatchObject({
      subject: { kind: "issue", url: payload.issue.html_url, id: null, nodeId: payload.issue.node_id },
      title: payload.issue.title,
      body: payload.issue.body ?? "",
    });
    expect(event.inReplyTo).toBeNull();
    expect(event.webHost).toBe(new URL(payload.comment.html_url).host);
    expect(event.previous).toBeNull();
  });

  it("issue_comment on a pull request: the thread is the pull request", () => {
    const base = examplePayload<WebhookPayload<"issue_comment.created">>("issue_comment", { action: "created" });
    const pullUrl = base.issue.html_url.replace("/issues/", "/pull/");
    const payload = withOverrides(base, {
      issue: { pull_request: { url: pullUrl, html_url: pullUrl, diff_url: `${pullUrl}.diff`, patch_url: `${pullUrl}.patch` } },
    });
    const event = commentEventOf(payload);
    expect(event.kind).toBe("issue_comment");
    expect(event.source.threadKind).toBe("pull_request");
    expect(event.threadSnapshot.subject.kind).toBe("pull_request");
  });

  it("issue_comment.edited: what the comment said before", () => {
    const payload = examplePayload<WebhookPayload<"issue_comment.edited">>("issue_comment", { action: "edited" });
    const from = payload.changes.body?.from;
    expect(from).toBeTypeOf("string");
    expect(from).not.toBe(payload.comment.body);
    expect(commentEventOf(payload).previous).toEqual({ title: null, body: from });
  });

  it("issue_comment.edited without a body change: the body before is the body now", () => {
    const payload = withOverrides(examplePayload<WebhookPayload<"issue_comment.edited">>("issue_comment", { action: "edited" }), {
      changes: { body: undefined },
    });
    expect(commentEventOf(payload).previous).toEqual({ title: null, body: payload.comment.body });
  });

  it("issue_comment.deleted: nothing before", () => {
    const payload = examplePayload<WebhookPayload<"issue_comment.deleted">>("issue_comment", { action: "deleted" });
    const event = commentEventOf(payload);
    expect(event.previous).toBeNull();
    expect(event.comment.id).toBe(payload.comment.id);
  });

  it("on GitHub Enterprise Server: the web host comes from the payload (comment, review, thread)", () => {
    const base = examplePayload<WebhookPayload<"issue_comment.created">>("issue_comment", { action: "created" });
    const payload = withOverrides(base, { comment: { html_url: base.comment.html_url.replace("https://github.com/", "https://ghe.example.com/") } });
    expect(commentEventOf(payload).webHost).toBe("ghe.example.com");

    const review = examplePayload<WebhookPayload<"pull_request_review.submitted">>("pull_request_review", { action: "submitted" });
    const onServer = withOverrides(review, { review: { html_url: review.review.html_url.replace("https://github.com/", "https://ghe.example.com/") } });
    expect(commentEventOf(onServer).webHost).toBe("ghe.example.com");

    const issue = examplePayload<WebhookPayload<"issues.opened">>("issues", { action: "opened" });
    const issueOnServer = withOverrides(issue, { issue: { html_url: issue.issue.html_url.replace("https://github.com/", "https://ghe.example.com/") } });
    expect(threadEventOf(issueOnServer).webHost).toBe("ghe.example.com");
  });

  it("pull_request_review_comment.created: the pull request is the thread; the comment replied to is kept", () => {
    const base = examplePayload<WebhookPayload<"pull_request_review_comment.created">>("pull_request_review_comment", { action: "created" });
    const repliedTo = base.comment.id - 1;
    const payload = withOverrides(base, { comment: { in_reply_to_id: repliedTo } });
    const event = commentEventOf(payload);
    expect(event.kind).toBe("review_comment");
    expectRepositoryAndSender(event, payload, payload.pull_request.number);
    expect(event.source).toMatchObject({ threadKind: "pull_request", url: payload.pull_request.html_url });
    expect(event.threadSnapshot.subject).toMatchObject({ kind: "pull_request", nodeId: payload.pull_request.node_id });
    expect(event.comment).toMatchObject({ id: payload.comment.id, nodeId: payload.comment.node_id, body: payload.comment.body });
    expect(event.inReplyTo).toBe(repliedTo);
    expect(commentEventOf(base).inReplyTo).toBeNull();
  });

  it("pull_request_review_comment.edited: what the comment said before", () => {
    const payload = withOverrides(examplePayload<WebhookPayload<"pull_request_review_comment.edited">>("pull_request_review_comment", { action: "edited" }), {
      changes: { body: { from: "before the edit" } },
    });
    expect(commentEventOf(payload).previous).toEqual({ title: null, body: "before the edit" });
  });

  it("pull_request_review.submitted: the review is the comment, dated when it was submitted", () => {
    const base = examplePayload<WebhookPayload<"pull_request_review.submitted">>("pull_request_review", { action: "submitted" });
    const payload = withOverrides(base, { review: { body: "/call-in rude review" } });
    const event = commentEventOf(payload);
    expect(event.kind).toBe("review");
    expectRepositoryAndSender(event, payload, payload.pull_request.number);
    expect(event.source.threadKind).toBe("pull_request");
    expect(event.comment).toMatchObject({ id: payload.review.id, nodeId: payload.review.node_id, url: payload.review.html_url, body: "/call-in rude review" });
    expect(event.comment.createdAt).toBe(payload.review.submitted_at);
    expect(event.comment.updatedAt).toBe(payload.review.submitted_at);
    expect(event.webHost).toBe(new URL(payload.review.html_url).host);
    expect(event.inReplyTo).toBeNull();
    expect(event.previous).toBeNull();
    // A review without text is an empty body, not "null".
    expect(commentEventOf(base).comment.body).toBe("");
  });

  it("discussion_comment.created: the discussion is the thread; the parent comment is kept", () => {
    const base = examplePayload<WebhookPayload<"discussion_comment.created">>("discussion_comment", { action: "created" });
    const parent = base.comment.id - 1;
    const payload = withOverrides(base, { comment: { parent_id: parent } });
    const event = commentEventOf(payload);
    expect(event.kind).toBe("discussion_comment");
    expectRepositoryAndSender(event, payload, payload.discussion.number);
    expect(event.source).toMatchObject({ threadKind: "discussion", url: payload.discussion.html_url });
    expect(event.threadSnapshot).toMatchObject({ subject: { kind: "discussion", nodeId: payload.discussion.node_id }, title: payload.discussion.title });
    expect(event.comment).toMatchObject({ id: payload.comment.id, nodeId: payload.comment.node_id, body: payload.comment.body });
    expect(event.inReplyTo).toBe(parent);
    expect(commentEventOf(base).inReplyTo).toBeNull();
  });

  it("discussion_comment.edited: what the comment said before", () => {
    const payload = examplePayload<WebhookPayload<"discussion_comment.edited">>("discussion_comment", { action: "edited" });
    expect(commentEventOf(payload).previous).toEqual({ title: null, body: payload.changes.body.from });
  });
});
