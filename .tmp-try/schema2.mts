import { GitHubStandIn } from "../src/sandbox/github-stand-in.ts";
import { seedSandbox } from "../src/sandbox/seed.ts";
import { validateWebhookPayload } from "../test/helpers/stand-in.ts";
const gh = new GitHubStandIn({ prefix: "/api/v3" });
seedSandbox(gh);
await gh.start();
gh.webHost = gh.origin;
for (const ev of [gh.addLabel("octo-garden", "seedling", 1, "call-in", "maintainer-mo"), gh.addComment("octo-garden", "seedling", 1, "hi", "commenter-cas"), gh.openIssue("octo-garden","seedling",{title:"t",body:"b"},"commenter-cas")]) {
  const errs = validateWebhookPayload(ev.name, ev.payload);
  console.log(ev.name, errs.length); console.log(errs.join("\n"));
}
await gh.stop();
