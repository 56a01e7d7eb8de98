// The seeded GitHub stand-in served from its own process, for the throughput figure: GitHub's
// own work (routing, serialising pages) then runs on its own core and is not charged to the
// app under measure, for both apps alike. Same stand-in, same routes and checks as in-process.
// Run by `standInProcess` (webhook-apps.ts); answers the parent over IPC.
import { seededStandIn } from "./webhook-apps.js";

export type StandInCommand = { type: "count-issues"; owner: string; repo: string } | { type: "stop" };
export type StandInReply = { type: "ready"; url: string } | { type: "issues"; count: number } | { type: "stopped" };

const options = JSON.parse(process.argv[2] ?? "{}") as { latencyMs: number; issues: number };
// The stand-in's issue listing honours `since` and `sort=updated` itself, as GitHub does.
const github = await seededStandIn(options);
const send = (reply: StandInReply) => process.send!(reply);

process.on("message", (command: StandInCommand) => {
  if (command.type === "count-issues") send({ type: "issues", count: github.issuesOf(command.owner, command.repo).length });
  if (command.type === "stop")
    void github.stop().then(() => {
      send({ type: "stopped" });
      process.disconnect();
    });
});
send({ type: "ready", url: github.url });
