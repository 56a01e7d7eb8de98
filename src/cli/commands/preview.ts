import { TemplateSet } from "../../templates/engine.js";
import type { CliCommand } from "../command.js";
import { markdownPage, readLocalOverrides, renderTemplate, templateNames } from "../preview/preview.js";
import { TEMPLATE_SAMPLES } from "../preview/samples.js";

/**
 * `call-in preview [template] [--owner-dir DIR] [--html] [--list]`: a template
 * rendered with sample data (cli/preview/samples.ts), with the owner's own
 * templates from DIR in place, so a community can edit its texts and see them
 * before they reach GitHub. A template error names the file and line (exit 2).
 */
export const previewCommand: CliCommand = {
  summary: "Render a template with sample data (and your own templates from --owner-dir); --html for a page",
  positionals: "[template]",
  options: {
    "owner-dir": { type: "string" },
    html: { type: "boolean", default: false },
    list: { type: "boolean", default: false },
  },
  async run(values, _settings, positionals = []) {
    const bundled = TemplateSet.bundled();
    const overrides = typeof values["owner-dir"] === "string" ? readLocalOverrides(values["owner-dir"], bundled) : null;
    if (overrides && Object.keys(overrides.sources).length === 0)
      process.stderr.write(`No templates of yours in ${overrides.folder}: showing the bundled ones.\n`);
    for (const name of overrides?.ignored ?? []) {
      process.stderr.write(`${name} in ${overrides?.folder} replaces no template (the app ignores it too).\n`);
    }
    const [name, ...extra] = positionals;
    if (extra.length > 0) throw new Error("give one template at a time");
    if (values.list || !name) {
      for (const template of templateNames(bundled)) {
        process.stdout.write(`${template}${overrides && template in overrides.sources ? "  (yours)" : ""}\n`);
      }
      return 0;
    }
    if (!bundled.has(name)) throw new Error(`there is no template named ${name}; \`call-in preview --list\` lists them`);
    const text = await renderTemplate(name, TEMPLATE_SAMPLES[name] ?? {}, bundled, overrides);
    // HTML templates are pages already; Markdown becomes one with --html.
    process.stdout.write(values.html && !name.endsWith(".html") ? markdownPage(`Preview: ${name}`, text) : text);
    return 0;
  },
};
