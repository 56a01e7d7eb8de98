import { createRequire } from "node:module";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import { GitHubStandIn } from "/work/wt/demo/src/sandbox/github-stand-in.ts";
import { seedSandbox } from "/work/wt/demo/src/sandbox/seed.ts";
const require = createRequire(import.meta.url);
const d = require("/work/wt/demo/node_modules/@octokit/openapi/generated/api.github.com.deref.json");
const ajv = new Ajv({ strict: false, allErrors: true });
(addFormats as any).default ? (addFormats as any).default(ajv) : (addFormats as any)(ajv);
const gh = new GitHubStandIn({ prefix: "/api/v3" });
seedSandbox(gh);
await gh.start();
gh.webHost = gh.origin;
for (const [key, ev] of [["issues-labeled", gh.addLabel("octo-garden", "seedling", 1, "call-in", "maintainer-mo")], ["issue-comment-created", gh.addComment("octo-garden", "seedling", 1, "hi", "commenter-cas")], ["issues-opened", gh.openIssue("octo-garden","seedling",{title:"t",body:"b"},"commenter-cas")]] as const) {
  const v = ajv.compile(d["x-webhooks"][key].post.requestBody.content["application/json"].schema);
  v(JSON.parse(JSON.stringify(ev.payload)));
  const errs = (v.errors ?? []).filter((e) => e.keyword !== "anyOf" && e.keyword !== "oneOf");
  console.log(key, errs.length);
  const uniq = new Set(errs.map((e) => `${e.instancePath} ${e.message}`));
  console.log([...uniq].slice(0, 80).join("\n"));
}
await gh.stop();
