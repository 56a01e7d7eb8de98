// Writes the table of environment variables, generated from src/settings.ts, into README.md
// between the markers (a test checks the README's table is current).
import { readFileSync, writeFileSync } from "node:fs";
import { withEnvironmentTable } from "../src/settings.js";

const readme = new URL("../README.md", import.meta.url);
writeFileSync(readme, withEnvironmentTable(readFileSync(readme, "utf8")));
console.log("wrote the environment table into README.md");
