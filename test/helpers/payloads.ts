/**
 * Real webhook payloads from `@octokit/webhooks-examples` (GitHub's examples,
 * collected by the Octokit maintainers), so tests start from what GitHub sends
 * rather than from hand-written fixtures.
 */
import { createRequire } from "node:module";
import type { Context } from "probot";

const require = createRequire(import.meta.url);

interface WebhookDefinition {
  name: string;
  actions: string[];
  examples: Array<Record<string, unknown>>;
}

/** Every webhook event name Probot knows, with and without action (`"issues"`, `"issues.labeled"`). */
export type WebhookEventName = Context["name"];

/** The typed payload of an event, e.g. `WebhookPayload<"issues.labeled">`. */
export type WebhookPayload<E extends WebhookEventName> = Context<E>["payload"];

/** Probot needs an installation to build an authenticated Octokit. */
export const TEST_INSTALLATION = { id: 1, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==" } as const;

let definitions: WebhookDefinition[] | undefined;

function loadDefinitions(): WebhookDefinition[] {
  // A JSON array (CommonJS "main"), read once per process.
  definitions ??= require("@octokit/webhooks-examples") as WebhookDefinition[];
  return definitions;
}

/**
 * A deep clone of a real `eventName` payload: the `index`-th example (default
 * 0) whose `action` is `action` (any action when omitted). Adds
 * `installation: { id: 1, ... }` when the example has none.
 *
 * @example
 *   const payload = examplePayload<WebhookPayload<"issues.labeled">>("issues", { action: "labeled" });
 */
export function examplePayload<T = any>(eventName: string, options: { action?: string; index?: number } = {}): T {
  const { action, index = 0 } = options;
  const all = loadDefinitions();
  const definition = all.find((d) => d.name === eventName);
  if (!definition) {
    throw new Error(`No "${eventName}" webhook examples in @octokit/webhooks-examples. Events: ${all.map((d) => d.name).join(", ")}`);
  }
  const matching = action === undefined ? definition.examples : definition.examples.filter((example) => example.action === action);
  const example = matching[index];
  if (!example) {
    const withExamples = [...new Set(definition.examples.map((e) => e.action).filter((a): a is string => typeof a === "string"))];
    const wanted = action === undefined ? "" : ` with action "${action}"`;
    throw new Error(
      `No "${eventName}" example${wanted} at index ${index} (${matching.length} found). ` +
        `Actions with examples: ${withExamples.join(", ") || "(none: the examples have no action)"}; ` +
        `documented actions: ${definition.actions.join(", ") || "(none)"}`,
    );
  }
  const payload = structuredClone(example);
  payload.installation ??= { ...TEST_INSTALLATION };
  return payload as T;
}

/** Overrides for {@link withOverrides}: nested objects optional all the way down. */
export type DeepPartial<T> = T extends ReadonlyArray<unknown> ? T : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> | undefined } : T;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/**
 * A deep-merged copy of `payload`: plain objects are merged key by key,
 * everything else (arrays included) is replaced; a key set to `undefined` is
 * removed. Neither argument is modified.
 */
export function withOverrides<T>(payload: T, overrides: DeepPartial<T>): T {
  return merge(structuredClone(payload), overrides) as T;
}

function merge(target: unknown, overrides: unknown): unknown {
  if (!isPlainObject(target) || !isPlainObject(overrides)) return structuredClone(overrides);
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete target[key];
    else target[key] = merge(target[key], value);
  }
  return target;
}
