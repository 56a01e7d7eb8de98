// `npm run bench`: runs every bench/*.bench.ts in turn. Each prints its own numbers and ratios.
import { readdirSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

const dir = fileURLToPath(new URL(".", import.meta.url));
const only = process.argv[2];
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => !only || f.includes(only))
  .sort();

if (files.length === 0) {
  console.log("no benchmarks found");
}
for (const file of files) {
  console.log(`\n## ${file.replace(/\.bench\.ts$/, "")}`);
  const mod = (await import(pathToFileURL(`${dir}/${file}`).href)) as { default?: () => Promise<void> };
  if (typeof mod.default === "function") await mod.default();
}
