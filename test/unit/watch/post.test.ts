import { describe, expect, it } from "vitest";
import { commentEventOf } from "../../../src/events/comment-event.js";
import { threadEventOf } from "../../../src/events/thread-event.js";
import { postOfComment, postOfThread } from "../../../src/watch/post.js";
import { examplePayload, type WebhookPayload } from "../../helpers/payloads.js";

describe("the watch's post, built from the records", () => {
  it("a comment: the comment is the evidence, the thread stays the thread", () => {
    const payload = examplePayload<WebhookPayload<"issue_comment.edited">>("issue_comment", { action: "edited" });
    const event = commentEventOf(payload);
    const post = postOfComment(event);
    expect(post).toMatchObject({
      commentKind: "issue_comment",
      source: event.source,
      threadSnapshot: event.threadSnapshot,
      title: null,
      body: event.comment.body,
      previous: event.previous,
    });
    expect(post.snapshot.subject).toMatchObject({ kind: "issue_comment", id: event.comment.id, url: event.comment.url });
    expect(post.author).toEqual({ login: event.comment.author!.login, type: event.comment.author!.type });
  });

  it("an opening post: the thread is both the post and its thread", () => {
    const payload = examplePayload<WebhookPayload<"discussion.edited">>("discussion", { action: "edited" });
    const event = threadEventOf(payload);
    const post = postOfThread(event);
    expect(post).toMatchObject({
      commentKind: null,
      snapshot: event.snapshot,
      threadSnapshot: event.snapshot,
      title: event.title,
      body: event.body,
      previous: event.previous,
      inReplyTo: null,
    });
  });
});
