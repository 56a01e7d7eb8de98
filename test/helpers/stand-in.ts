import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { ValidateFunction } from "ajv";
import type { StandInOptions } from "../../src/sandbox/github-stand-in.js";
import { createAjv, toJsonSchema, validateGraphqlRequest, validateRestRequest } from "./contract.js";

const require = createRequire(import.meta.url);

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

const WEBHOOK_SCHEMAS = new Map<string, ValidateFunction>();
let webhookDescriptions: Record<string, { post: { requestBody: { content: Record<string, { schema: unknown }> } } }> | undefined;

/**
 * Checks a webhook payload against GitHub's own description of the event (the `x-webhooks` of
 * `@octokit/openapi`, e.g. `issues-labeled` for `issues` with action `labeled`): what the sandbox
 * delivers is what GitHub would. Returns the violations, one a line.
 */
export function validateWebhookPayload(name: string, payload: Record<string, unknown>): string[] {
  const key = `${name.replace(/_/g, "-")}-${String(payload.action)}`;
  let validate = WEBHOOK_SCHEMAS.get(key);
  if (!validate) {
    webhookDescriptions ??= (
      JSON.parse(readFileSync(require.resolve("@octokit/openapi/generated/api.github.com.deref.json"), "utf8")) as Record<string, never>
    )["x-webhooks"];
    const schema = webhookDescriptions?.[key]?.post.requestBody.content["application/json"]?.schema;
    if (!schema) return [`${key}: GitHub describes no such webhook`];
    const ajv = createAjv(false);
    validate = ajv.compile(toJsonSchema(schema, ajv) as object);
    WEBHOOK_SCHEMAS.set(key, validate);
  }
  if (validate(JSON.parse(JSON.stringify(payload)))) return [];
  return [...new Set((validate.errors ?? []).map((e) => `${key}${e.instancePath || "/"} ${e.message ?? ""}`))];
}
