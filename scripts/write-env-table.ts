// Writes the table of environment variables, generated from src/settings.ts, into docs/install.md
// between the markers (a test checks the page's table is current).
import { readFileSync, writeFileSync } from "node:fs";
import { withEnvironmentTable } from "../src/settings.js";

const page = new URL("../docs/install.md", import.meta.url);
writeFileSync(page, withEnvironmentTable(readFileSync(page, "utf8")));
console.log("wrote the environment table into docs/install.md");
