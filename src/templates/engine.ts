import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Liquid } from "liquidjs";
import { blockquote, inertText, inertUrl } from "../text/neutralise.js";

/** `templates/` at the package root: two levels up from both src/templates and lib/templates. */
export const BUNDLED_TEMPLATES_DIR = fileURLToPath(new URL("../../templates/", import.meta.url));

/** Template file names: `case.md`, `form.html`... Overrides use the same names. */
export type TemplateName = string;

export interface Rendered {
  text: string;
  /** Why an override was not used; shown to the team (e.g. inside the case). */
  warnings: string[];
}

/**
 * Every text a person reads is rendered here, with LiquidJS: it is built for
 * templates written by other people (no code execution), which is what a
 * community's own overrides are.
 *
 * Markdown output escapes every `{{ value }}` through `inertText`, so user text
 * is inert unless a template says `| raw`; HTML output escapes HTML entities.
 * `{{ url | inert_url }}` shows an address (a public thread's) as code, never a link.
 * Escaping is the engine's job, never the call site's.
 */
export class TemplateSet {
  private readonly markdown: Liquid;
  private readonly html: Liquid;
  private readonly fallback: TemplateSet | null;

  constructor(
    readonly sources: Readonly<Record<TemplateName, string>>,
    fallback: TemplateSet | null = null,
  ) {
    this.fallback = fallback;
    const common = {
      templates: { ...sources },
      strictFilters: true,
      ownPropertyOnly: true,
      timezoneOffset: 0,
      jsTruthy: true,
      // Sources never change after construction (overrides make a new set): parse each template once.
      cache: true,
    } as const;
    this.markdown = new Liquid({ ...common, outputEscape: (value: unknown) => inertText(String(value ?? "")) });
    this.html = new Liquid({ ...common, outputEscape: "escape" });
    for (const engine of [this.markdown, this.html]) {
      engine.registerFilter("quote", (value: unknown) => blockquote(String(value ?? "")));
      engine.registerFilter("utc", (value: unknown) => formatUtc(value));
      // Already inert: a code span that the escaping would only fill with zero-width spaces.
      engine.registerFilter("inert_url", { raw: true, handler: (value: unknown) => inertUrl(String(value ?? "")) });
    }
  }

  /** Reads every file of a templates folder (the bundled set, by default). */
  static bundled(dir: string = BUNDLED_TEMPLATES_DIR): TemplateSet {
    const sources: Record<string, string> = {};
    for (const file of readdirSync(dir)) {
      if (/\.(md|html|txt)$/.test(file)) sources[file] = readFileSync(`${dir}/${file}`, "utf8");
    }
    return new TemplateSet(sources);
  }

  /** This set with some templates replaced; rendering falls back to this set when an override breaks. */
  withOverrides(overrides: Readonly<Record<TemplateName, string>>): TemplateSet {
    if (Object.keys(overrides).length === 0) return this;
    return new TemplateSet({ ...this.sources, ...overrides }, this);
  }

  has(name: TemplateName): boolean {
    return name in this.sources;
  }

  async render(name: TemplateName, data: Record<string, unknown>): Promise<Rendered> {
    if (!this.has(name)) throw new Error(`template ${name} does not exist`);
    const engine = name.endsWith(".html") ? this.html : this.markdown;
    try {
      const text = await engine.renderFile(name, data);
      return { text: tidy(text), warnings: [] };
    } catch (error) {
      if (!this.fallback) throw error;
      const warning = `A custom template could not be used while rendering ${name} (${describe(error)}); the bundled text was used instead.`;
      const result = await this.fallback.render(name, { ...data, templateWarnings: [warning] });
      return { text: result.text, warnings: [warning, ...result.warnings] };
    }
  }
}

/** Collapses the blank-line runs that Liquid tags leave behind. */
function tidy(text: string): string {
  return `${text.replace(/\n{3,}/g, "\n\n").trim()}\n`;
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n")[0]?.slice(0, 200) ?? "unknown error";
}

function formatUtc(value: unknown): string {
  if (value === null || value === undefined || value === "") return "";
  const date = new Date(String(value));
  if (Number.isNaN(date.getTime())) return String(value);
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
