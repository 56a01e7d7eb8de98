// Writes the configuration reference, generated from the zod schema (src/config/schema.ts), into
// docs/configuration.md between the markers (a test checks the page's reference is current).
import { readFileSync, writeFileSync } from "node:fs";
import { withConfigReference } from "../src/config/reference.js";

const page = new URL("../docs/configuration.md", import.meta.url);
writeFileSync(page, withConfigReference(readFileSync(page, "utf8")));
console.log("wrote the configuration reference into docs/configuration.md");
