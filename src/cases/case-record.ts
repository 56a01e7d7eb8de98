import type { CaseMeta } from "./metadata.js";

/** A case as the app sees it, whether it is an issue or a discussion. */
export interface CaseRecord {
  format: "issue" | "discussion";
  number: number;
  /** GraphQL node id (the discussion id for discussions). */
  nodeId: string;
  url: string;
  title: string;
  body: string;
  meta: CaseMeta;
}
