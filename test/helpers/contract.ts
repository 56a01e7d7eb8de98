/**
 * Contract checks: every request a test sends to a mocked GitHub is validated
 * against GitHub's own API descriptions, so our nock mocks cannot drift from
 * the real API.
 *
 * - REST: the OpenAPI 3.0 description in `@octokit/openapi`
 *   (`api.github.com.deref.json`): path, method, path and query parameters,
 *   JSON request body.
 * - GraphQL: the schema in `@octokit/graphql-schema`, plus "every non-null
 *   variable is sent".
 *
 * The mocked answers are checked too, so a hand-written mock cannot send what
 * GitHub never sends (see validateRestResponse and validateGraphqlResponse).
 *
 * `installContractChecks()` (called by test/setup.ts) hooks nock so that every
 * intercepted request and its mocked answer are validated and every unmatched
 * request is reported; the findings go to a collector that setup.ts drains
 * after each test.
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, sep } from "node:path";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import type { OperationDefinitionNode } from "graphql";
import addFormatsModule from "ajv-formats";
import nock from "nock";
import { RESPONSE_FIELDS_READ } from "../../src/github/response-fields.js";

const require = createRequire(import.meta.url);

export const GITHUB_API_URL = "https://api.github.com";

// ---------------------------------------------------------------------------
// Violation collector (kept on globalThis so that every copy of this module in
// a process, e.g. with `isolate: false`, shares one collector and one hook).
// ---------------------------------------------------------------------------

interface ContractState {
  violations: string[];
  /** Findings about mocked answers, apart from those about requests (a test that drains one kind drains both: test/fault-injection.test.ts). */
  responseViolations: string[];
  pending: Set<Promise<void>>;
}

const STATE_KEY = Symbol.for("call-in.test.contract-checks");
const state: ContractState = ((globalThis as Record<symbol, unknown>)[STATE_KEY] as ContractState | undefined) ?? {
  violations: [],
  responseViolations: [],
  pending: new Set(),
};
state.responseViolations ??= [];
(globalThis as Record<symbol, unknown>)[STATE_KEY] = state;

export function recordViolation(message: string): void {
  state.violations.push(message);
}

export function recordViolations(messages: readonly string[]): void {
  state.violations.push(...messages);
}

/** Returns the violations recorded so far and clears the collector. */
export function takeViolations(): string[] {
  return state.violations.splice(0);
}

function recordResponseViolations(messages: readonly string[]): void {
  state.responseViolations.push(...messages);
}

/** Returns the findings about mocked answers recorded so far and clears them. */
export function takeResponseViolations(): string[] {
  return state.responseViolations.splice(0);
}

/**
 * Waits for checks that could not finish synchronously (only the first GraphQL
 * request of a process: the schema is imported lazily). setup.ts awaits this
 * before `takeViolations()`.
 */
export async function settleContractChecks(): Promise<void> {
  while (state.pending.size > 0) await Promise.all([...state.pending]);
}

// ---------------------------------------------------------------------------
// URLs
// ---------------------------------------------------------------------------

export interface ApiTarget {
  kind: "rest" | "graphql";
  /** Path relative to the API root, e.g. `/repos/o/r/issues` (no query). */
  path: string;
  query: URLSearchParams;
}

/**
 * Splits a GitHub API URL into REST path or GraphQL endpoint. Accepts
 * `https://api.github.com/...`, GHES `https://host/api/v3/...` (GraphQL at
 * `https://host/api/graphql`), a bare path (`/repos/o/r`), or any URL under an
 * explicit `baseUrl`. Returns undefined for URLs that are not GitHub API URLs.
 */
export function parseApiUrl(url: string, baseUrl?: string): ApiTarget | undefined {
  let parsed: URL;
  try {
    // A bare path is relative to the API root, whatever the base.
    parsed = new URL(url, GITHUB_API_URL);
  } catch {
    return undefined;
  }
  const target = (path: string): ApiTarget => ({
    kind: path === "/graphql" ? "graphql" : "rest",
    path: path === "" ? "/" : path,
    query: parsed.searchParams,
  });
  const pathname = parsed.pathname;

  if (baseUrl !== undefined && !url.startsWith("/")) {
    const base = new URL(baseUrl);
    if (base.host !== parsed.host) return undefined;
    const basePath = base.pathname.replace(/\/+$/, "");
    if (/\/api\/v3$/.test(basePath) && pathname === basePath.replace(/v3$/, "graphql")) return target("/graphql");
    if (basePath === "") return target(pathname);
    if (pathname === basePath || pathname.startsWith(`${basePath}/`)) return target(pathname.slice(basePath.length));
    return undefined;
  }
  // api.github.com, and GHE.com data residency (api.SUBDOMAIN.ghe.com)
  if (url.startsWith("/") || parsed.hostname === "api.github.com" || /^api\.[^.]+\.ghe\.com$/.test(parsed.hostname)) return target(pathname);
  if (pathname === "/api/graphql") return target("/graphql");
  if (pathname === "/api/v3" || pathname.startsWith("/api/v3/")) return target(pathname.slice("/api/v3".length));
  return undefined;
}

// ---------------------------------------------------------------------------
// The OpenAPI description (loaded lazily, once per process)
// ---------------------------------------------------------------------------

type Schema = Record<string, unknown>;
const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;
type HttpMethod = (typeof HTTP_METHODS)[number];

interface Parameter {
  name: string;
  in: "query" | "path" | "header" | "cookie";
  required?: boolean;
  schema?: Schema;
}

interface Operation {
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema?: Schema }> };
}

/** The JSON answer of one operation per status code (`null`: no JSON body, e.g. 204). */
type ResponseSchemas = Record<string, Schema | null>;

type PathItem = Partial<Record<HttpMethod, Operation>>;

type Segment = { kind: "literal"; value: string } | { kind: "param"; name: string } | { kind: "pattern"; regex: RegExp; names: string[] };

interface Route {
  template: string;
  segments: Segment[];
  item: PathItem;
}

interface RestDescription {
  version: string;
  routes: Route[];
}

const OPENAPI_FILE = "@octokit/openapi/generated/api.github.com.deref.json";
/** Bump when the trimmed cache format changes. */
const CACHE_FORMAT = 3;

let description: RestDescription | undefined;

/** Load stats of the OpenAPI description, for reporting. */
export const openApiLoadStats: { source?: "cache" | "openapi"; ms?: number; version?: string } = {};

/**
 * `@octokit/openapi`'s index.js `require()`s all ten descriptions (~400 MB of
 * JSON, about 8 s and 900 MB of memory); we read only
 * `api.github.com.deref.json` (73 MB, ~1.1 s to parse) and keep just the
 * request side of it (paths, parameters, request bodies: under 1 MB). That trimmed copy is cached in node_modules/.cache, keyed
 * by package version, size and mtime, so later processes (vitest runs each test
 * file in its own fork) load it in milliseconds. The response schemas (most of
 * the 73 MB) are cached beside it, one file per operation, and read only for
 * the operations a test mocks. Set CONTRACT_OPENAPI_CACHE=0 to bypass the cache.
 */
function loadDescription(): RestDescription {
  if (description) return description;
  const started = performance.now();
  const file = require.resolve(OPENAPI_FILE);
  const { version } = require("@octokit/openapi/package.json") as { version: string };
  const stat = statSync(file);
  const key = `${version}-${stat.size}-${Math.trunc(stat.mtimeMs)}-v${CACHE_FORMAT}`;
  const cacheFile = process.env.CONTRACT_OPENAPI_CACHE === "0" ? undefined : cachePathFor(file, `api.github.com-${key}.json`);
  responseCacheDir = cacheFile ? cachePathFor(file, `responses-${key}`) : undefined;

  let paths: Record<string, PathItem> | undefined;
  if (cacheFile) {
    try {
      paths = JSON.parse(readFileSync(cacheFile, "utf8")) as Record<string, PathItem>;
      openApiLoadStats.source = "cache";
    } catch {
      paths = undefined;
    }
  }
  if (!paths) {
    const full = JSON.parse(readFileSync(file, "utf8")) as { paths: Record<string, Record<string, unknown>> };
    paths = trimPaths(full.paths);
    responsesInMemory = trimResponses(full.paths);
    openApiLoadStats.source = "openapi";
    if (cacheFile) {
      try {
        // The responses first: a present paths file promises they are all there.
        mkdirSync(responseCacheDir!, { recursive: true });
        for (const [operationId, responses] of responsesInMemory)
          writeAtomically(join(responseCacheDir!, responseFileName(operationId)), JSON.stringify(responses));
        writeAtomically(cacheFile, JSON.stringify(paths));
      } catch {
        // A read-only node_modules only costs speed.
      }
    }
  }

  const routes = Object.entries(paths).map(([template, item]) => ({ template, item, segments: compileTemplate(template) }));
  description = { version, routes };
  openApiLoadStats.ms = Math.round(performance.now() - started);
  openApiLoadStats.version = version;
  return description;
}

function writeAtomically(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

let responseCacheDir: string | undefined;
/** Every operation's response schemas, when this process parsed the whole description. */
let responsesInMemory: Map<string, ResponseSchemas> | undefined;

function responseFileName(operationId: string): string {
  return `${operationId.replace(/[^A-Za-z0-9_-]/g, "_")}.json`;
}

function trimResponses(paths: Record<string, Record<string, unknown>>): Map<string, ResponseSchemas> {
  const out = new Map<string, ResponseSchemas>();
  for (const item of Object.values(paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method] as { operationId?: string; responses?: Record<string, { content?: Record<string, { schema?: Schema }> }> } | undefined;
      if (!operation?.operationId) continue;
      const responses: ResponseSchemas = {};
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        const json = Object.entries(response.content ?? {}).find(([type]) => /\bjson$/.test(type))?.[1];
        responses[status] = json?.schema ? (withoutAnnotations(json.schema) as Schema) : null;
      }
      out.set(operation.operationId, responses);
    }
  }
  return out;
}

const ANNOTATIONS = new Set(["description", "example", "examples", "title", "default", "deprecated", "readOnly", "writeOnly", "externalDocs"]);

/** A schema without what validation ignores (descriptions, examples, `x-github-*`): a fifth of the size, and faster to compile. */
function withoutAnnotations(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutAnnotations);
  if (typeof schema !== "object" || schema === null) return schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema as Schema)) {
    if (ANNOTATIONS.has(key) || key.startsWith("x-")) continue;
    if (SCHEMA_MAP_KEYWORDS.includes(key) && typeof value === "object" && value !== null)
      out[key] = Object.fromEntries(Object.entries(value).map(([name, item]) => [name, withoutAnnotations(item)]));
    else if (key === "enum" || key === "required" || key === "const") out[key] = value;
    else out[key] = withoutAnnotations(value);
  }
  return out;
}

/** The response schemas of one operation: from this process's copy, the per-operation cache, or (a cache gone missing) the description. */
function responseSchemasFor(operationId: string): ResponseSchemas | undefined {
  loadDescription();
  if (responsesInMemory) return responsesInMemory.get(operationId);
  if (responseCacheDir) {
    try {
      return JSON.parse(readFileSync(join(responseCacheDir, responseFileName(operationId)), "utf8")) as ResponseSchemas;
    } catch {
      // Fall through: parse the description once.
    }
  }
  const full = JSON.parse(readFileSync(require.resolve(OPENAPI_FILE), "utf8")) as { paths: Record<string, Record<string, unknown>> };
  responsesInMemory = trimResponses(full.paths);
  return responsesInMemory.get(operationId);
}

function cachePathFor(file: string, name: string): string | undefined {
  const marker = `${sep}node_modules${sep}`;
  const index = file.lastIndexOf(marker);
  if (index === -1) return undefined;
  return join(file.slice(0, index + marker.length), ".cache", "call-in-contract", name);
}

function trimPaths(paths: Record<string, Record<string, unknown>>): Record<string, PathItem> {
  const trimmed: Record<string, PathItem> = {};
  for (const [template, item] of Object.entries(paths)) {
    const shared = (item.parameters as Parameter[] | undefined) ?? [];
    const out: PathItem = {};
    for (const method of HTTP_METHODS) {
      const operation = item[method] as (Operation & Record<string, unknown>) | undefined;
      if (!operation) continue;
      const own = operation.parameters ?? [];
      const parameters = [...shared.filter((p) => !own.some((o) => o.name === p.name && o.in === p.in)), ...own].map((p) => ({
        name: p.name,
        in: p.in,
        ...(p.required !== undefined ? { required: p.required } : {}),
        ...(p.schema !== undefined ? { schema: p.schema } : {}),
      }));
      out[method] = {
        ...(operation.operationId !== undefined ? { operationId: operation.operationId } : {}),
        parameters,
        ...(operation.requestBody !== undefined
          ? {
              requestBody: {
                ...(operation.requestBody.required !== undefined ? { required: operation.requestBody.required } : {}),
                content: Object.fromEntries(
                  Object.entries(operation.requestBody.content).map(([type, media]) => [type, media.schema !== undefined ? { schema: media.schema } : {}]),
                ),
              },
            }
          : {}),
      };
    }
    trimmed[template] = out;
  }
  return trimmed;
}

function compileTemplate(template: string): Segment[] {
  return template
    .split("/")
    .slice(1)
    .map((segment): Segment => {
      const whole = /^\{([^{}]+)\}$/.exec(segment);
      if (whole) return { kind: "param", name: whole[1]! };
      if (!segment.includes("{")) return { kind: "literal", value: segment };
      // e.g. `{base}...{head}` in /repos/{owner}/{repo}/compare/{base}...{head}
      const names: string[] = [];
      const source = segment
        .split(/(\{[^{}]+\})/)
        .map((part) => {
          const name = /^\{([^{}]+)\}$/.exec(part);
          if (!name) return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
          names.push(name[1]!);
          return "(.+?)";
        })
        .join("");
      return { kind: "pattern", regex: new RegExp(`^${source}$`), names };
    });
}

// ---------------------------------------------------------------------------
// Route matching
// ---------------------------------------------------------------------------

export interface RestRouteMatch {
  /** The OpenAPI path template, e.g. `/repos/{owner}/{repo}/issues/comments/{comment_id}`. */
  template: string;
  /** Decoded path parameters. */
  pathParams: Record<string, string>;
  /** The operation for the request's method, if the template has one. */
  operationId: string | undefined;
  /** Methods the template supports (upper case). */
  allowedMethods: string[];
}

interface Candidate {
  route: Route;
  params: Record<string, string>;
  /** Per segment: 0 literal, 1 partial literal, 2 parameter; 3 for a parameter that swallowed several segments. */
  rank: number[];
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * Parameters whose values may contain slashes (file paths, git refs, branch
 * and tag names). Octokit sends them as %2F, but GitHub also accepts raw
 * slashes, so a trailing one of these may span several segments.
 */
const SLASHED_PARAMS = new Set(["path", "dir", "ref", "branch", "tag", "basehead"]);

function matchSegments(route: Route, parts: string[]): Candidate | undefined {
  const { segments } = route;
  const last = segments.at(-1);
  const greedy = parts.length > segments.length && last?.kind === "param" && SLASHED_PARAMS.has(last.name);
  if (parts.length !== segments.length && !greedy) return undefined;
  const params: Record<string, string> = {};
  const rank: number[] = [];
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const raw = i === segments.length - 1 && greedy ? parts.slice(i).join("/") : parts[i]!;
    const value = decode(raw);
    if (segment.kind === "literal") {
      if (value !== segment.value) return undefined;
      rank.push(0);
    } else if (segment.kind === "param") {
      if (value === "") return undefined;
      params[segment.name] = value;
      rank.push(raw === parts[i] ? 2 : 3);
    } else {
      const match = segment.regex.exec(value);
      if (!match) return undefined;
      segment.names.forEach((name, index) => (params[name] = match[index + 1]!));
      rank.push(1);
    }
  }
  return { route, params, rank };
}

function compareRanks(a: Candidate, b: Candidate): number {
  // Exact-length matches beat templates whose last parameter swallowed slashes.
  const aGreedy = a.rank.includes(3) ? 1 : 0;
  const bGreedy = b.rank.includes(3) ? 1 : 0;
  if (aGreedy !== bGreedy) return aGreedy - bGreedy;
  for (let i = 0; i < Math.min(a.rank.length, b.rank.length); i++) {
    const difference = a.rank[i]! - b.rank[i]!;
    if (difference !== 0) return difference;
  }
  return b.rank.length - a.rank.length;
}

function findCandidates(path: string): Candidate[] {
  const parts = path.split("/").slice(1);
  const candidates: Candidate[] = [];
  for (const route of loadDescription().routes) {
    const candidate = matchSegments(route, parts);
    if (candidate) candidates.push(candidate);
  }
  return candidates.sort(compareRanks);
}

function operationMethod(method: string): HttpMethod {
  const lower = method.toLowerCase();
  // GitHub answers HEAD wherever it answers GET; the description lists only GET.
  return (lower === "head" ? "get" : lower) as HttpMethod;
}

/**
 * The OpenAPI path template a request resolves to. Templates with literal
 * segments win over templates with parameters at the same position (left to
 * right), and among those the first one that supports the method is chosen.
 */
export function matchRestRoute(method: string, url: string, baseUrl?: string): RestRouteMatch | undefined {
  const target = parseApiUrl(url, baseUrl);
  if (!target) return undefined;
  const candidates = findCandidates(target.path);
  const key = operationMethod(method);
  const chosen = candidates.find((c) => c.route.item[key] !== undefined) ?? candidates[0];
  if (!chosen) return undefined;
  return {
    template: chosen.route.template,
    pathParams: chosen.params,
    operationId: chosen.route.item[key]?.operationId,
    allowedMethods: HTTP_METHODS.filter((m) => chosen.route.item[m] !== undefined).map((m) => m.toUpperCase()),
  };
}

// ---------------------------------------------------------------------------
// Schemas: OpenAPI 3.0 -> JSON Schema for ajv, compiled once per operation
// ---------------------------------------------------------------------------

const addFormats = addFormatsModule.default;

export function createAjv(coerce: boolean): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true, ...(coerce ? { coerceTypes: "array" as const } : {}) });
  addFormats(ajv);
  return ajv;
}

let bodyAjv: Ajv | undefined;
let parameterAjv: Ajv | undefined;

const SCHEMA_KEYWORDS = ["items", "additionalProperties", "not", "contains", "propertyNames", "if", "then", "else", "additionalItems"];
const SCHEMA_LIST_KEYWORDS = ["allOf", "anyOf", "prefixItems"];
const SCHEMA_MAP_KEYWORDS = ["properties", "patternProperties", "definitions", "$defs", "dependentSchemas"];

/**
 * Converts an OpenAPI 3.0 schema to JSON Schema:
 * - `nullable: true` becomes a `"null"` type (ajv's own `nullable` support
 *   rejects `nullable` without `type`, which the description has);
 * - `oneOf` becomes `anyOf`: several request schemas have overlapping object
 *   branches (e.g. PUT .../issues/{n}/labels), which would reject bodies GitHub
 *   accepts;
 * - formats ajv does not know (`repo.nwo`, `int64`) are dropped;
 * - with `optional` (response schemas), no property is required.
 */
export function toJsonSchema(schema: unknown, ajv: Ajv, optional = false): unknown {
  if (Array.isArray(schema)) return schema.map((item) => toJsonSchema(item, ajv, optional));
  if (typeof schema !== "object" || schema === null) return schema;
  const source = schema as Schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === "nullable" || key === "oneOf" || key === "example" || key === "examples" || key === "description") continue;
    if (optional && key === "required") continue;
    if (SCHEMA_KEYWORDS.includes(key)) out[key] = toJsonSchema(value, ajv, optional);
    else if (SCHEMA_LIST_KEYWORDS.includes(key) && Array.isArray(value)) out[key] = value.map((item) => toJsonSchema(item, ajv, optional));
    else if (SCHEMA_MAP_KEYWORDS.includes(key) && typeof value === "object" && value !== null)
      out[key] = Object.fromEntries(Object.entries(value).map(([name, item]) => [name, toJsonSchema(item, ajv, optional)]));
    else out[key] = value;
  }
  if (Array.isArray(source.oneOf)) {
    const branches = toJsonSchema(source.oneOf, ajv, optional);
    if (out.anyOf === undefined) out.anyOf = branches;
    else out.allOf = [...((out.allOf as unknown[] | undefined) ?? []), { anyOf: branches }];
  }
  if (typeof out.format === "string" && !(out.format in ajv.formats)) delete out.format;
  if (source.nullable === true) {
    if (typeof out.type === "string") {
      out.type = [out.type, "null"];
      if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
      return out;
    }
    return { anyOf: [out, { type: "null" }] };
  }
  return out;
}

interface CompiledOperation {
  label: string;
  hasBody: boolean;
  bodyRequired: boolean;
  jsonBody: ValidateFunction | undefined;
  /** Top-level body properties the schema knows, when it lists them all. */
  bodyProperties: Set<string> | undefined;
  queryNames: Set<string>;
  query: ValidateFunction | undefined;
  path: ValidateFunction | undefined;
}

const compiled = new Map<string, CompiledOperation>();

function parameterValidator(parameters: Parameter[], ajv: Ajv): ValidateFunction | undefined {
  if (parameters.length === 0) return undefined;
  return ajv.compile({
    type: "object",
    properties: Object.fromEntries(parameters.map((p) => [p.name, toJsonSchema(p.schema ?? {}, ajv)])),
    required: parameters.filter((p) => p.required).map((p) => p.name),
  });
}

/** Top-level property names of an object schema, or undefined if it may hold others. */
function knownProperties(schema: Schema): Set<string> | undefined {
  const branches = (schema.oneOf ?? schema.anyOf) as Schema[] | undefined;
  if (branches) {
    const names = new Set<string>();
    for (const branch of branches) {
      const own = knownProperties(branch);
      if (!own) return undefined;
      own.forEach((name) => names.add(name));
    }
    return names;
  }
  if (schema.allOf !== undefined || schema.additionalProperties !== undefined || schema.patternProperties !== undefined) return undefined;
  if (schema.type !== "object" || typeof schema.properties !== "object" || schema.properties === null) return undefined;
  return new Set(Object.keys(schema.properties));
}

function compileOperation(template: string, method: HttpMethod, operation: Operation): CompiledOperation {
  const key = `${method} ${template}`;
  const cached = compiled.get(key);
  if (cached) return cached;
  bodyAjv ??= createAjv(false);
  parameterAjv ??= createAjv(true);
  const parameters = operation.parameters ?? [];
  const query = parameters.filter((p) => p.in === "query");
  const json = operation.requestBody?.content["application/json"]?.schema;
  const result: CompiledOperation = {
    label: operation.operationId ?? key,
    hasBody: operation.requestBody !== undefined,
    bodyRequired: operation.requestBody?.required === true,
    jsonBody: json ? bodyAjv.compile(toJsonSchema(json, bodyAjv) as Schema) : undefined,
    bodyProperties: json ? knownProperties(json) : undefined,
    queryNames: new Set(query.map((p) => p.name)),
    query: parameterValidator(query, parameterAjv),
    path: parameterValidator(
      parameters.filter((p) => p.in === "path"),
      parameterAjv,
    ),
  };
  compiled.set(key, result);
  return result;
}

type AjvWhere = "body" | "response" | "path parameter" | "query parameter";

function formatAjvError(where: AjvWhere, error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  if ((where === "path parameter" || where === "query parameter") && error.keyword === "required")
    return `missing required ${where} "${String(params.missingProperty)}"`;
  const location =
    where === "body" || where === "response"
      ? `${where}${error.instancePath}`
      : `${where} "${error.instancePath.slice(1).replace(/~1/g, "/").replace(/~0/g, "~")}"`;
  if (error.keyword === "enum") return `${location} must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
  if (error.keyword === "required") return `${location} is missing required property "${String(params.missingProperty)}"`;
  return `${location} ${error.message ?? error.keyword}`;
}

/**
 * ajv reports a failed `anyOf` as one error per branch plus "must match a
 * schema in anyOf"; fold them into one line per `anyOf`.
 */
function formatAjvErrors(where: AjvWhere, errors: readonly ErrorObject[] | null | undefined): string[] {
  const all = errors ?? [];
  const within = (inner: ErrorObject, outer: ErrorObject) =>
    inner.schemaPath.startsWith(`${outer.schemaPath}/`) &&
    (inner.instancePath === outer.instancePath || inner.instancePath.startsWith(`${outer.instancePath}/`));
  const anyOfs = all.filter((e) => e.keyword === "anyOf");
  return all
    .filter((e) => !anyOfs.some((outer) => within(e, outer)))
    .map((e) => {
      if (e.keyword !== "anyOf") return formatAjvError(where, e);
      const location = formatAjvError(where, { ...e, keyword: "", message: "" }).trimEnd();
      const branches = all.filter((b) => within(b, e) && b.keyword !== "anyOf");
      const reasons = [...new Set(branches.map((b) => formatAjvError(where, b).replace(location, "").trim()))];
      return `${location} matches none of the allowed schemas (${reasons.join("; ") || "anyOf"})`;
    });
}

// ---------------------------------------------------------------------------
// REST validation
// ---------------------------------------------------------------------------

export interface RestRequest {
  method: string;
  /** Full URL (`https://api.github.com/...`, GHES `https://host/api/v3/...`) or a path. */
  url: string;
  /** Parsed JSON, a JSON string, or undefined / null / "" for "no body". */
  body?: unknown;
  /** API root, e.g. `https://ghe.example.com/api/v3`; detected when omitted. */
  baseUrl?: string;
}

/**
 * Validates one REST request against GitHub's OpenAPI description. Returns
 * human-readable violations; an empty list means GitHub would accept it.
 */
export function validateRestRequest({ method, url, body, baseUrl }: RestRequest): string[] {
  const target = parseApiUrl(url, baseUrl);
  const upper = method.toUpperCase();
  const search = target?.query.toString();
  const where = target ? `${upper} ${target.path}${search ? `?${search}` : ""}` : `${upper} ${url}`;
  if (!target) return [`${where}: not a GitHub API URL${baseUrl ? ` under ${baseUrl}` : ""}`];
  if (target.kind === "graphql") return [`${where}: GraphQL requests are checked by validateGraphqlRequest`];

  const candidates = findCandidates(target.path);
  if (candidates.length === 0) return [`${where}: no such path in GitHub's REST API description`];
  const key = operationMethod(upper);
  const chosen = candidates.find((c) => c.route.item[key] !== undefined);
  if (!chosen) {
    const best = candidates[0]!.route;
    const allowed = HTTP_METHODS.filter((m) => best.item[m] !== undefined).map((m) => m.toUpperCase());
    return [`${where}: method not allowed; ${best.template} supports ${allowed.join(", ")}`];
  }
  const { template, item } = chosen.route;
  const operation = compileOperation(template, key, item[key]!);
  const prefix = `${where} (${operation.label})`;
  const violations: string[] = [];

  if (operation.path && !operation.path({ ...chosen.params })) {
    violations.push(...formatAjvErrors("path parameter", operation.path.errors).map((message) => `${prefix}: ${message}`));
  }

  const query: Record<string, string | string[]> = {};
  for (const [rawName, value] of target.query) {
    const name = rawName.endsWith("[]") ? rawName.slice(0, -2) : rawName;
    if (!operation.queryNames.has(name)) {
      violations.push(`${prefix}: unknown query parameter "${rawName}"${operation.queryNames.size ? ` (known: ${[...operation.queryNames].join(", ")})` : ""}`);
      continue;
    }
    const previous = query[name];
    query[name] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  if (operation.query && !operation.query(query)) {
    violations.push(...formatAjvErrors("query parameter", operation.query.errors).map((message) => `${prefix}: ${message}`));
  }

  const absent = body === undefined || body === null || body === "" || (Buffer.isBuffer(body) && body.length === 0);
  if (absent) {
    if (operation.bodyRequired) violations.push(`${prefix}: request body is required`);
    return violations;
  }
  if (key === "get") return [...violations, `${prefix}: ${upper} requests must not have a body`];
  if (!operation.hasBody) return [...violations, `${prefix}: this operation takes no request body`];
  if (!operation.jsonBody) return violations; // text/plain, application/octet-stream

  let data = body;
  if (typeof body === "string" || Buffer.isBuffer(body)) {
    try {
      data = JSON.parse(body.toString());
    } catch {
      return [...violations, `${prefix}: request body is not valid JSON`];
    }
  }
  if (!operation.jsonBody(data)) {
    violations.push(...formatAjvErrors("body", operation.jsonBody.errors).map((message) => `${prefix}: ${message}`));
  }
  if (operation.bodyProperties && typeof data === "object" && data !== null && !Array.isArray(data)) {
    // GitHub answers 422 "… is not a permitted key" on many endpoints; schemas rarely say so.
    for (const name of Object.keys(data)) {
      if (!operation.bodyProperties.has(name)) {
        violations.push(`${prefix}: body has unknown property "${name}" (known: ${[...operation.bodyProperties].join(", ")})`);
      }
    }
  }
  return violations;
}

// ---------------------------------------------------------------------------
// REST responses
// ---------------------------------------------------------------------------

export interface RestResponse {
  method: string;
  /** The request's URL, as for validateRestRequest. */
  url: string;
  status: number;
  /** Parsed JSON, its text, or undefined / "" for "no body". Text that is not JSON (a raw file) is not checked. */
  body?: unknown;
  baseUrl?: string;
}

let responseAjv: Ajv | undefined;
/** Converted response schemas, per operation and status. */
const responseSchemas = new Map<string, Schema>();
/** Compiled validators, per operation, status and shape of the answer (see `shapeOf`). */
const compiledResponses = new Map<string, ValidateFunction>();

/**
 * `required` binds objects only and `items` arrays only, so one schema serves a
 * single answer and a list. `user.login` also makes `user` an object (not null).
 */
function fieldsReadSchema(paths: readonly string[]): Schema {
  const root: Schema = {};
  for (const path of paths) {
    let node = root;
    const names = path.split(".");
    names.forEach((name, index) => {
      node.required = [...new Set([...((node.required as string[] | undefined) ?? []), name])];
      if (index === names.length - 1) return;
      const properties = (node.properties ??= {}) as Record<string, Schema>;
      node = properties[name] ??= { type: "object" };
    });
  }
  return { ...root, items: root };
}

/** The keys an answer holds, at every depth (array items merged): `{ user: { login: {} } }`. */
interface Shape {
  keys?: Record<string, Shape>;
  items?: Shape;
}

function shapeOf(data: unknown, into: Shape = {}): Shape {
  if (Array.isArray(data)) {
    into.items ??= {};
    for (const item of data) shapeOf(item, into.items);
  } else if (typeof data === "object" && data !== null) {
    into.keys ??= {};
    for (const [key, value] of Object.entries(data)) shapeOf(value, (into.keys[key] ??= {}));
  }
  return into;
}

/**
 * The schema cut down to the properties the answer holds. A whole issue schema
 * (with its repository, app and users) takes ajv a second or more to compile;
 * the part a mock uses, milliseconds. Nothing the answer holds goes unchecked.
 */
function prune(schema: unknown, shape: Shape): unknown {
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) return schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema as Schema)) {
    if (key === "properties" && typeof value === "object" && value !== null) {
      out.properties = Object.fromEntries(
        Object.entries(value)
          .filter(([name]) => shape.keys?.[name] !== undefined)
          .map(([name, item]) => [name, prune(item, shape.keys![name]!)]),
      );
    } else if (key === "items") out.items = prune(value, shape.items ?? {});
    else if ((key === "anyOf" || key === "allOf") && Array.isArray(value)) out[key] = value.map((branch) => prune(branch, shape));
    else if (key === "additionalProperties" && typeof value === "object" && value !== null) {
      const merged: Shape = {};
      for (const name of Object.keys(shape.keys ?? {}))
        if (!Object.hasOwn(((schema as Schema).properties as object | undefined) ?? {}, name)) mergeShape(merged, shape.keys![name]!);
      out.additionalProperties = prune(value, merged);
    } else out[key] = value;
  }
  return out;
}

function mergeShape(into: Shape, from: Shape): void {
  if (from.items) mergeShape((into.items ??= {}), from.items);
  if (from.keys) {
    into.keys ??= {};
    for (const [name, inner] of Object.entries(from.keys)) mergeShape((into.keys[name] ??= {}), inner);
  }
}

function responseValidator(operationId: string, status: string, schema: Schema, data: unknown): ValidateFunction {
  const shape = shapeOf(data);
  const key = `${operationId} ${status} ${JSON.stringify(shape)}`;
  const cached = compiledResponses.get(key);
  if (cached) return cached;
  responseAjv ??= createAjv(false);
  const schemaKey = `${operationId} ${status}`;
  let converted = responseSchemas.get(schemaKey);
  if (!converted) {
    converted = toJsonSchema(schema, responseAjv, true) as Schema;
    responseSchemas.set(schemaKey, converted);
  }
  const fields = status.startsWith("2") ? RESPONSE_FIELDS_READ[operationId] : undefined;
  const described = prune(converted, shape) as Schema;
  const validator = responseAjv.compile(fields ? { allOf: [described, fieldsReadSchema(fields)] } : described);
  compiledResponses.set(key, validator);
  return validator;
}

/**
 * Validates a mocked REST answer against the operation's response schema in
 * GitHub's OpenAPI description. Mocks are partial on purpose (an issue has ~50
 * fields, a test needs six), so "every field GitHub marks required" would bury
 * what matters under noise. The rule instead:
 * - every field a mock sends has the type, nullability, format and enum values
 *   the description gives it (no `user: "x"`, no `html_url: ""` where GitHub
 *   sends a URL, no `state: "opened"`, no `null` where GitHub never sends null);
 * - the fields Call-In reads (src/github/response-fields.ts, per operation) are
 *   present in a success answer, and the parents of a dotted path are objects:
 *   the `user` of an issue is never null there, although the description allows it;
 * - a success status the operation never answers (200 where GitHub answers 201),
 *   or an empty success answer where GitHub sends JSON, is reported. Error
 *   statuses are checked against their schema when described; others (a 500
 *   from a fault test) are GitHub's to send anywhere.
 * Answers that are not JSON (raw file contents) are not checked. Returns
 * human-readable violations; an empty list means GitHub could send this.
 */
export function validateRestResponse({ method, url, status, body, baseUrl }: RestResponse): string[] {
  const target = parseApiUrl(url, baseUrl);
  if (!target || target.kind !== "rest") return [];
  const upper = method.toUpperCase();
  const key = operationMethod(upper);
  const operationId = findCandidates(target.path).find((c) => c.route.item[key] !== undefined)?.route.item[key]?.operationId;
  // An unknown path or method is the request check's finding.
  const responses = operationId ? responseSchemasFor(operationId) : undefined;
  if (!operationId || !responses) return [];
  const search = target.query.toString();
  const prefix = `${upper} ${target.path}${search ? `?${search}` : ""} (${operationId}) answered ${status}`;
  const success = status >= 200 && status < 300;
  if (!(String(status) in responses)) {
    return success ? [`${prefix}: GitHub answers this operation with ${Object.keys(responses).join(", ")}`] : [];
  }
  const schema = responses[String(status)];
  let data = body;
  if (typeof body === "string" || Buffer.isBuffer(body)) {
    const text = body.toString();
    if (text.trim() === "") data = undefined;
    else {
      try {
        data = JSON.parse(text);
      } catch {
        return [];
      }
    }
  }
  if (schema === null || schema === undefined) return [];
  if (data === undefined || data === null) return success ? [`${prefix}: empty, where GitHub sends a JSON body`] : [];
  const validate = responseValidator(operationId, String(status), schema, data);
  if (validate(data)) return [];
  return formatAjvErrors("response", validate.errors).map((message) => `${prefix}: ${message}`);
}

// ---------------------------------------------------------------------------
// GraphQL validation
// ---------------------------------------------------------------------------

interface GraphqlTools {
  validate: (query: string) => ReadonlyArray<{ message: string }>;
  parse: typeof import("graphql").parse;
  print: typeof import("graphql").print;
  Kind: typeof import("graphql").Kind;
  execute: typeof import("graphql").execute;
  /** GitHub's schema as graphql-js objects, built on first use (for executing mocked answers). */
  schema: () => import("graphql").GraphQLSchema;
}

let graphqlTools: GraphqlTools | undefined;
let graphqlLoading: Promise<GraphqlTools> | undefined;

/** `@octokit/graphql-schema` builds the schema on import (~0.4 s), so only when needed. */
function loadGraphqlTools(): Promise<GraphqlTools> {
  graphqlLoading ??= Promise.all([import("@octokit/graphql-schema"), import("graphql")]).then(([schema, graphql]) => {
    let built: import("graphql").GraphQLSchema | undefined;
    graphqlTools = {
      validate: schema.validate,
      parse: graphql.parse,
      print: graphql.print,
      Kind: graphql.Kind,
      execute: graphql.execute,
      schema: () => (built ??= withCheckedScalars(graphql.buildClientSchema(schema.schema.json as import("graphql").IntrospectionQuery))),
    };
    return graphqlTools;
  });
  return graphqlLoading;
}

/**
 * GitHub's own scalars, as the schema describes them. A schema built from
 * introspection passes custom scalars through unchecked, so a mocked
 * `url: "u"` or `createdAt: "yesterday"` would pass; these are the ones the
 * app reads.
 */
const SCALAR_CHECKS: Record<string, { valid: (value: unknown) => boolean; expected: string }> = {
  URI: { valid: (value) => typeof value === "string" && /^https?:\/\/[^\s/]+/.test(value) && URL.canParse(value), expected: "an absolute http(s) URL" },
  DateTime: {
    valid: (value) =>
      typeof value === "string" && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value) && !Number.isNaN(Date.parse(value)),
    expected: "an ISO-8601 time",
  },
};

function withCheckedScalars(schema: import("graphql").GraphQLSchema): import("graphql").GraphQLSchema {
  for (const [name, { valid, expected }] of Object.entries(SCALAR_CHECKS)) {
    const type = schema.getType(name) as (import("graphql").GraphQLScalarType & { serialize: (value: unknown) => unknown }) | undefined;
    if (!type || !("serialize" in type)) continue;
    const serialize = type.serialize.bind(type);
    type.serialize = (value: unknown) => {
      if (!valid(value)) throw new TypeError(`${name} cannot represent ${JSON.stringify(value)}: GitHub sends ${expected}`);
      return serialize(value);
    };
  }
  return schema;
}

function checkGraphql(tools: GraphqlTools, body: unknown): string[] {
  const where = "POST /graphql";
  let data = body;
  if (typeof body === "string" || Buffer.isBuffer(body)) {
    try {
      data = JSON.parse(body.toString());
    } catch {
      return [`${where}: request body is not valid JSON`];
    }
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) return [`${where}: request body must be an object with "query"`];
  const { query, variables = {}, operationName } = data as { query?: unknown; variables?: unknown; operationName?: unknown };
  if (typeof query !== "string" || query.trim() === "") return [`${where}: "query" must be a non-empty string`];
  if (typeof variables !== "object" || variables === null || Array.isArray(variables)) return [`${where}: "variables" must be an object`];

  let document: ReturnType<GraphqlTools["parse"]>;
  try {
    document = tools.parse(query);
  } catch (error) {
    return [`${where}: ${(error as Error).message}`];
  }
  const violations = tools.validate(query).map((error) => `${where}: ${error.message}`);

  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === tools.Kind.OPERATION_DEFINITION);
  const operation =
    typeof operationName === "string" ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  if (!operation) {
    violations.push(
      `${where}: ${typeof operationName === "string" ? `no operation named "${operationName}"` : `${operations.length} operations and no operationName`}`,
    );
    return violations;
  }
  const values = variables as Record<string, unknown>;
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    if (definition.type.kind === tools.Kind.NON_NULL_TYPE && definition.defaultValue === undefined && (values[name] === undefined || values[name] === null)) {
      violations.push(`${where}: variable $${name} of type ${tools.print(definition.type)} is required but ${name in values ? "null" : "missing"}`);
    }
  }
  return violations;
}

/**
 * Validates a `POST /graphql` body (`{ query, variables, operationName? }`, an
 * object or its JSON text) against GitHub's GraphQL schema, and checks that
 * every non-null variable without default is sent.
 */
export async function validateGraphqlRequest(body: unknown): Promise<string[]> {
  return checkGraphql(graphqlTools ?? (await loadGraphqlTools()), body);
}

function parseJson(body: unknown): unknown {
  if (typeof body !== "string" && !Buffer.isBuffer(body)) return body;
  try {
    return JSON.parse(body.toString());
  } catch {
    return undefined;
  }
}

/**
 * Executes the request's document against GitHub's schema with the mocked
 * `data` as the root value: every selected field is read from the mock by its
 * response key (alias or name), and graphql-js reports what GitHub could not
 * have sent: `null` or a missing value for a non-null field, a wrong scalar
 * (`"three"` for an Int), an enum value the schema does not have, an object
 * where a list belongs. Fields the query did not select are ignored. An
 * interface or union value is typed by its `__typename`, or else by the
 * first possible type that has all its fields. Answers carrying `errors` are
 * partial by design and not checked.
 */
function checkGraphqlResponse(tools: GraphqlTools, requestBody: unknown, responseBody: unknown): string[] {
  const where = "POST /graphql answered";
  const request = parseJson(requestBody) as { query?: unknown; variables?: Record<string, unknown>; operationName?: string } | undefined;
  if (typeof request?.query !== "string") return []; // the request check reports it
  const response = parseJson(responseBody);
  if (typeof response !== "object" || response === null || Array.isArray(response)) return [`${where}: not a JSON object with "data" or "errors"`];
  const { data, errors } = response as { data?: unknown; errors?: unknown };
  if (Array.isArray(errors) && errors.length > 0) return [];
  if (typeof data !== "object" || data === null || Array.isArray(data)) return [`${where}: no "data" object and no "errors"`];
  let document: ReturnType<GraphqlTools["parse"]>;
  try {
    document = tools.parse(request.query);
  } catch {
    return [];
  }
  if (tools.validate(request.query).length > 0) return [];
  const schema = tools.schema();
  const result = tools.execute({
    schema,
    document,
    rootValue: data,
    variableValues: request.variables ?? {},
    ...(request.operationName ? { operationName: request.operationName } : {}),
    fieldResolver: (source, _args, _context, info) => (source as Record<string, unknown> | null)?.[String(info.path.key)],
    typeResolver: (value, _context, info, abstractType) => {
      const record = value as Record<string, unknown>;
      if (typeof record.__typename === "string") return record.__typename;
      const keys = Object.keys(record);
      const fitting = schema.getPossibleTypes(abstractType).filter((type) => keys.every((name) => name in type.getFields()));
      // Several types have the mock's fields (an Issue and a Discussion both have `comments`): the one the query asks about, so its fields are checked.
      const asked = fragmentTypes(info.fieldNodes, info.fragments, tools);
      return (fitting.find((type) => asked.has(type.name)) ?? fitting[0])?.name;
    },
  });
  if ("then" in result) return [];
  // Errors without a path are about the request (a missing variable): the request check reports those.
  const violations = (result.errors ?? [])
    .filter((error) => error.path !== undefined)
    .map((error) => `${where}: data.${(error.path ?? []).join(".")}: ${error.message}`);
  return [...violations, ...typenameViolations(typenameKeys(document, tools), result.data, data, ["data"]).map((message) => `${where}: ${message}`)];
}

/** The type conditions of the fragments directly in these fields' selections (`... on Discussion`, or a named fragment's). */
function fragmentTypes(
  fields: readonly import("graphql").FieldNode[],
  fragments: Record<string, import("graphql").FragmentDefinitionNode>,
  tools: GraphqlTools,
): Set<string> {
  const names = new Set<string>();
  for (const selection of fields.flatMap((field) => field.selectionSet?.selections ?? [])) {
    if (selection.kind === tools.Kind.INLINE_FRAGMENT && selection.typeCondition) names.add(selection.typeCondition.name.value);
    if (selection.kind === tools.Kind.FRAGMENT_SPREAD) {
      const fragment = fragments[selection.name.value];
      if (fragment) names.add(fragment.typeCondition.name.value);
    }
  }
  return names;
}

/** The response keys (alias or `__typename`) under which the document selects `__typename`. */
function typenameKeys(document: import("graphql").DocumentNode, tools: GraphqlTools): Set<string> {
  const keys = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== "object" || node === null) return;
    const field = node as { kind?: string; name?: { value: string }; alias?: { value: string } };
    if (field.kind === tools.Kind.FIELD && field.name?.value === "__typename") keys.add(field.alias?.value ?? "__typename");
    for (const [key, value] of Object.entries(node)) if (key !== "loc") visit(value);
  };
  visit(document);
  return keys;
}

/**
 * graphql-js answers `__typename` itself, from the type the object resolved to,
 * so the execution above never reads it from the mock. GitHub always sends a
 * selected `__typename`, and the app decides on it (a `Bot` author is the app's
 * own), so the mock must carry it, with the name of the type it resolved to.
 */
function typenameViolations(keys: ReadonlySet<string>, executed: unknown, mocked: unknown, path: string[]): string[] {
  if (keys.size === 0 || typeof executed !== "object" || executed === null || typeof mocked !== "object" || mocked === null) return [];
  if (Array.isArray(executed))
    return Array.isArray(mocked) ? executed.flatMap((item, index) => typenameViolations(keys, item, mocked[index], [...path, String(index)])) : [];
  const mock = mocked as Record<string, unknown>;
  return Object.entries(executed as Record<string, unknown>).flatMap(([key, value]) => {
    const where = [...path, key].join(".");
    if (keys.has(key) && typeof value === "string") {
      if (!(key in mock)) return [`${where}: missing, where GitHub always sends the type it selects`];
      return mock[key] === value ? [] : [`${where}: ${JSON.stringify(mock[key])}, where GitHub sends "${value}"`];
    }
    return typenameViolations(keys, value, mock[key], [...path, key]);
  });
}

/**
 * Validates a mocked GraphQL answer (`{ data }` or `{ errors }`, an object or
 * its JSON text) against the request's document and GitHub's schema.
 */
export async function validateGraphqlResponse(requestBody: unknown, responseBody: unknown): Promise<string[]> {
  return checkGraphqlResponse(graphqlTools ?? (await loadGraphqlTools()), requestBody, responseBody);
}

// ---------------------------------------------------------------------------
// The nock hook
// ---------------------------------------------------------------------------

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|::1|\[::1\])$/;

function safely(what: string, check: () => void): void {
  try {
    check();
  } catch (error) {
    recordViolation(`contract check crashed for ${what}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
}

/** Validates one request as seen on the wire. Non-GitHub URLs are ignored. */
function checkWireRequest(method: string, url: string, body: string): void {
  const target = parseApiUrl(url);
  if (!target) return;
  if (target.kind === "rest") {
    recordViolations(validateRestRequest({ method, url, body }));
    return;
  }
  if (method.toUpperCase() !== "POST") {
    recordViolation(`${method.toUpperCase()} /graphql: GitHub's GraphQL endpoint only accepts POST`);
    return;
  }
  if (graphqlTools) {
    recordViolations(checkGraphql(graphqlTools, body));
    return;
  }
  const pending: Promise<void> = validateGraphqlRequest(body)
    .then(recordViolations, (error: unknown) => recordViolation(`contract check crashed for POST /graphql: ${String(error)}`))
    .finally(() => state.pending.delete(pending));
  state.pending.add(pending);
}

interface WireRequest {
  method?: string;
  path?: string;
  host?: string;
  getHeader?: (name: string) => unknown;
}

function hostOf(request: WireRequest, fallback: string | undefined): string | undefined {
  const header = request.getHeader?.("host");
  const host = typeof header === "string" && header !== "" ? header : fallback;
  return host?.replace(/:(80|443)$/, "");
}

/** Validates one mocked answer as nock sends it. Non-GitHub URLs, streams and non-JSON content types are skipped. */
function checkWireResponse(url: string, method: string, status: number, requestBody: unknown, responseBody: unknown, contentType: unknown): void {
  const target = parseApiUrl(url);
  if (!target) return;
  if (typeof contentType === "string" && !/json/i.test(contentType)) return;
  if (typeof responseBody === "object" && responseBody !== null && typeof (responseBody as { pipe?: unknown }).pipe === "function") return;
  if (target.kind === "rest") {
    recordResponseViolations(validateRestResponse({ method, url, status, body: responseBody }));
    return;
  }
  if (status !== 200) return;
  if (graphqlTools) {
    recordResponseViolations(checkGraphqlResponse(graphqlTools, requestBody, responseBody));
    return;
  }
  const pending: Promise<void> = validateGraphqlResponse(requestBody, responseBody)
    .then(recordResponseViolations, (error: unknown) => recordViolation(`contract check crashed for a POST /graphql answer: ${String(error)}`))
    .finally(() => state.pending.delete(pending));
  state.pending.add(pending);
}

/** What this hook reads of a nock Interceptor (not part of nock's typings). */
interface InterceptorInternals {
  scope?: { urlParts?: { host?: string } };
  req?: WireRequest;
  statusCode?: number | null;
  body?: unknown;
  headers?: Record<string, unknown>;
  replyFunction?: (...args: unknown[]) => unknown;
  fullReplyFunction?: (...args: unknown[]) => unknown;
}

function urlOf(request: WireRequest | undefined, interceptor: InterceptorInternals): string | undefined {
  if (!request) return undefined;
  const host = hostOf(request, interceptor.scope?.urlParts?.host);
  if (!host || request.path === undefined) return undefined;
  return `https://${host}${request.path}`;
}

/** One request a mock answered, as it went over the wire (for "nothing of X was written anywhere" assertions). */
export interface WireRecord {
  method: string;
  url: string;
  body: string;
}

const recorders = new Set<WireRecord[]>();

/** Records every request any mock answers from now until `stop()`: REST and GraphQL, every host. */
export function recordWireRequests(): { requests: WireRecord[]; stop(): void } {
  const requests: WireRecord[] = [];
  recorders.add(requests);
  return { requests, stop: () => recorders.delete(requests) };
}

function onInterceptedRequest(request: WireRequest, interceptor: InterceptorInternals, body: unknown): void {
  const method = request.method ?? "GET";
  if (recorders.size > 0) {
    const host = hostOf(request, interceptor.scope?.urlParts?.host) ?? "?";
    const record = { method, url: `https://${host}${request.path ?? ""}`, body: typeof body === "string" ? body : "" };
    for (const requests of recorders) requests.push(record);
  }
  safely(`${method} ${request.path ?? "?"}`, () => {
    const url = urlOf(request, interceptor);
    if (!url) return;
    checkWireRequest(method, url, typeof body === "string" ? body : "");
    // Answers computed by a function are checked when computed (wrapReply).
    if (interceptor.replyFunction || interceptor.fullReplyFunction || typeof interceptor.statusCode !== "number") return;
    checkWireResponse(url, method, interceptor.statusCode, body, interceptor.body, interceptor.headers?.["content-type"]);
  });
}

/**
 * Wraps a reply function so that what it returns is checked. nock calls it
 * with the interceptor as `this` (its `req` set) and treats a three-argument
 * function as callback style, so the wrapper keeps the arity.
 */
function wrapReply(reply: (...args: unknown[]) => unknown, full: boolean): (...args: unknown[]) => unknown {
  const check = (interceptor: InterceptorInternals, requestBody: unknown, result: unknown) => {
    const method = interceptor.req?.method ?? "GET";
    safely(`the answer to ${method} ${interceptor.req?.path ?? "?"}`, () => {
      const url = urlOf(interceptor.req, interceptor);
      if (!url) return;
      if (!full) return checkWireResponse(url, method, interceptor.statusCode ?? 200, requestBody, result, interceptor.headers?.["content-type"]);
      if (!Array.isArray(result)) return;
      const [status, responseBody, headers] = result as [number, unknown, Record<string, unknown> | undefined];
      const contentType = Object.entries(headers ?? {}).find(([name]) => name.toLowerCase() === "content-type")?.[1];
      checkWireResponse(url, method, status, requestBody, responseBody, contentType);
    });
  };
  if (reply.length === 3) {
    return function (this: InterceptorInternals, uri: unknown, requestBody: unknown, callback: unknown) {
      return reply.call(this, uri, requestBody, (error: unknown, result: unknown) => {
        if (!error) check(this, requestBody, result);
        (callback as (error: unknown, result: unknown) => void)(error, result);
      });
    } as (...args: unknown[]) => unknown;
  }
  return function (this: InterceptorInternals, uri: unknown, requestBody: unknown) {
    const result = reply.call(this, uri, requestBody);
    if (typeof (result as { then?: unknown } | null)?.then === "function") {
      return (result as Promise<unknown>).then((value) => {
        check(this, requestBody, value);
        return value;
      });
    }
    check(this, requestBody, result);
    return result;
  } as (...args: unknown[]) => unknown;
}

/**
 * nock emits 'no match' as (req, options, body) when a host has interceptors
 * but none matched, as (options) when the host has none, and as (req) for
 * allowUnmocked fetches.
 */
function onNoMatch(...args: unknown[]): void {
  safely("an unmatched request", () => {
    const [first, second] = args as [(WireRequest & { hostname?: string }) | undefined, (WireRequest & { hostname?: string }) | undefined];
    const options = second ?? first;
    const method = (options?.method ?? first?.method ?? "GET").toUpperCase();
    const path = options?.path ?? first?.path ?? "/";
    const hostname = options?.hostname ?? options?.host?.replace(/:\d+$/, "") ?? hostOf(first ?? {}, undefined)?.replace(/:\d+$/, "");
    if (hostname && LOOPBACK.test(hostname)) return;
    recordViolation(`no mock for ${method} ${path}${hostname ? ` on ${hostname}` : ""}`);
  });
}

const HOOK_MARK = Symbol.for("call-in.test.contract-checks.hook");

/**
 * Validates every request nock intercepts for a GitHub API host (REST against
 * the OpenAPI description, `POST /graphql` against the GraphQL schema) and its
 * mocked answer, and records every request no interceptor matched. Findings go
 * to the collector (`takeViolations()`, `takeResponseViolations()`); nothing
 * is thrown inside nock.
 *
 * Mechanism: nock scopes emit a documented 'request' event (req, interceptor,
 * body) for each request they answer, but only per scope; there is no global
 * equivalent. So we wrap `Scope.prototype.intercept` (which `.get()`,
 * `.post()`, ..., and `nock.define()` all go through) to subscribe to that
 * event once per scope, and listen to the global 'no match' event. A static
 * answer is on the interceptor at that event; an answer computed by a reply
 * function is checked by wrapping the function in `Interceptor.prototype.reply`.
 */
export function installContractChecks(): void {
  // Creating a scope registers nothing; it only gives us the Scope prototype.
  const prototype = Object.getPrototypeOf(nock("https://contract-check.invalid")) as nock.Scope & { [HOOK_MARK]?: true };
  if (prototype[HOOK_MARK]) return;
  prototype[HOOK_MARK] = true;
  const observed = new WeakSet<object>();
  const intercept = prototype.intercept;
  prototype.intercept = function (this: nock.Scope, ...args: Parameters<nock.Scope["intercept"]>) {
    if (!observed.has(this)) {
      observed.add(this);
      this.on("request", onInterceptedRequest);
    }
    return intercept.apply(this, args);
  };
  // An interceptor is registered by `.reply()`, so creating one registers nothing either.
  const interceptorPrototype = Object.getPrototypeOf(nock("https://contract-check.invalid").get("/")) as nock.Interceptor;
  const reply = interceptorPrototype.reply as (this: nock.Interceptor & InterceptorInternals, ...args: unknown[]) => nock.Scope;
  (interceptorPrototype as unknown as { reply: typeof reply }).reply = function (this: nock.Interceptor & InterceptorInternals, ...args: unknown[]) {
    const scope = reply.apply(this, args);
    if (this.replyFunction) this.replyFunction = wrapReply(this.replyFunction, false);
    if (this.fullReplyFunction) this.fullReplyFunction = wrapReply(this.fullReplyFunction, true);
    return scope;
  };
  nock.emitter.on("no match", onNoMatch);
}
