import type { StandInOptions } from "../../src/sandbox/github-stand-in.js";
import { validateGraphqlRequest, validateRestRequest } from "./contract.js";

/**
 * The stand-in's `check`: REST requests against GitHub's OpenAPI description, GraphQL documents
 * against GitHub's schema (`@octokit/graphql-schema`), as every mocked request in the tests is.
 */
export const checkAgainstGitHub: NonNullable<StandInOptions["check"]> = async (request) => {
  if (!/\/graphql$/.test(new URL(request.url).pathname)) return validateRestRequest(request);
  try {
    return await validateGraphqlRequest(JSON.parse(request.body ?? "{}"));
  } catch (error) {
    return [`POST /graphql: not JSON (${String(error)})`];
  }
};
