// `npm run demo`: starts the sandbox and the real app (src/sandbox/demo.ts), prints where to look, and runs
// until Ctrl-C. DEMO_SELF_CHECK=1 files one case through the real webhook path (the maintainer
// labels the heated thread), checks the sandbox page shows it, prints the time it took and exits 0
// (the README's command is tested this way). SANDBOX_PORT and PORT choose the ports (default 3000
// and 3001); DATA_DIR the app's data (default: a new temporary folder). These are the demo's own
// variables, read here (a development script, like scripts/screenshots.ts), not the app's settings.
import { performance } from "node:perf_hooks";
import { startDemo } from "../src/sandbox/demo.js";
import { CASES, ORG, PROJECT } from "../src/sandbox/seed.js";

/** Seconds since this process started (performance.now() counts from then), TypeScript's loading included. */
const seconds = () => (performance.now() / 1000).toFixed(1);
const selfCheck = process.env.DEMO_SELF_CHECK === "1";

const demo = await startDemo({
  sandboxPort: selfCheck ? 0 : Number(process.env.SANDBOX_PORT || 3000),
  appPort: selfCheck ? 0 : Number(process.env.PORT || 3001),
  ...(process.env.DATA_DIR ? { dataDir: process.env.DATA_DIR } : {}),
});

console.log(`Call-In is running against a local GitHub sandbox (started in ${seconds()} s).

  Sandbox (act as a maintainer, a commenter or a moderator): ${demo.sandboxUrl}
  The heated public thread:                                ${demo.threadUrl}
  The private case repository:                             ${demo.sandboxUrl}/${ORG}/${CASES}
  The report form (the app's own page):                    ${demo.reportFormUrl}
`);

if (selfCheck) {
  const delivery = await demo.act("maintainer", { kind: "label", repo: PROJECT, number: 1 });
  const [filed] = demo.github.issuesOf(ORG, CASES);
  const caseUrl = filed ? `${demo.sandboxUrl}/${ORG}/${CASES}/issues/${filed.number}` : "";
  const page = filed ? await (await fetch(caseUrl)).text() : "";
  const shown = filed !== undefined && page.includes(escapeHtml(filed.title));
  if (!shown) {
    console.error(`Self-check failed: the label's delivery was answered ${delivery.status}, and no case is shown at ${caseUrl || `${ORG}/${CASES}`}.`);
    await demo.stop();
    process.exit(1);
  }
  console.log(
    `Self-check: maintainer-mo labelled ${ORG}/${PROJECT}#1; the case "${filed.title}" is shown at ${caseUrl}, ${seconds()} s after the demo's process started.`,
  );
  await demo.stop();
  process.exit(0);
}

console.log("Open the sandbox in a browser; press Ctrl-C to stop (everything is kept in memory and forgotten).");
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void demo.stop().then(() => process.exit(0));
  });
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}
