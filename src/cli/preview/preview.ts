import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import MarkdownIt from "markdown-it";
import { githubMarkdown } from "../../text/github-markdown.js";
import { BUNDLED_TEMPLATES_DIR, TemplateSet } from "../../templates/engine.js";
import { OVERRIDE_FOLDER } from "../../templates/overrides.js";

/** An owner's own templates read from a folder on disk, by bundled name, and where each came from. */
export interface LocalOverrides {
  /** The folder the files were read from. */
  folder: string;
  /** Template name -> its text. */
  sources: Record<string, string>;
  /** Files in the folder that replace nothing (no bundled template has that name): the app ignores them too. */
  ignored: string[];
}

/**
 * The owner's overrides as the app reads them (src/templates/overrides.ts): the
 * files directly in `.github/call-in/templates/` of the owner's `.github`
 * repository whose names are bundled templates' names. `dir` is a checkout of
 * that repository, or the templates folder itself.
 */
export function readLocalOverrides(dir: string, bundled: TemplateSet): LocalOverrides {
  if (!isFolder(dir)) throw new Error(`${dir} is not a folder`);
  const nested = join(dir, OVERRIDE_FOLDER);
  // A checkout of the `.github` repository (it has a `.github` folder) without the templates folder has no overrides, whatever else it holds.
  if (!isFolder(nested) && isFolder(join(dir, ".github"))) return { folder: nested, sources: {}, ignored: [] };
  const folder = isFolder(nested) ? nested : dir;
  const sources: Record<string, string> = {};
  const ignored: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (!entry.isFile()) continue;
    if (bundled.has(entry.name)) sources[entry.name] = readFileSync(join(folder, entry.name), "utf8");
    else ignored.push(entry.name);
  }
  return { folder, sources, ignored: ignored.sort() };
}

function isFolder(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

/** Where a template error is, in words a person editing the file can act on. */
export class TemplateProblem extends Error {
  constructor(
    /** The file as the person knows it: their override, or the bundled template. */
    readonly file: string,
    readonly line: number | null,
    readonly column: number | null,
    readonly reason: string,
  ) {
    super(`${file}${line !== null ? `:${line}${column !== null ? `:${column}` : ""}` : ""}: ${reason}`);
    this.name = "TemplateProblem";
  }
}

/** What LiquidJS errors carry (ParseError, RenderError, TokenizationError). */
interface LiquidFailure {
  token?: { file?: string; getPosition?: () => number[] };
  originalError?: Error;
  message: string;
}

/**
 * Renders one template with data, the owner's overrides in place. Unlike the
 * app, which falls back to the bundled text when an override breaks, a preview
 * shows the break: it throws a TemplateProblem naming the file and line.
 */
export async function renderTemplate(name: string, data: Record<string, unknown>, bundled: TemplateSet, overrides: LocalOverrides | null): Promise<string> {
  if (!bundled.has(name)) throw new Error(`there is no template named ${name}`);
  const set = new TemplateSet({ ...bundled.sources, ...(overrides?.sources ?? {}) });
  try {
    return (await set.render(name, data)).text;
  } catch (error) {
    const failure = error as LiquidFailure;
    const file = failure.token?.file ?? name;
    const [line, column] = failure.token?.getPosition?.() ?? [];
    const where = overrides && file in overrides.sources ? join(overrides.folder, file) : relative(process.cwd(), join(BUNDLED_TEMPLATES_DIR, file));
    const reason = (failure.originalError?.message ?? failure.message).replace(/, file:\S+, line:\d+, col:\d+$/, "");
    throw new TemplateProblem(where, line ?? null, column ?? null, reason);
  }
}

/**
 * Markdown as a standalone HTML page, rendered as GitHub would: task lists,
 * a few harmless tags kept, any other HTML shown as text, never run; the page may load nothing (its Content-Security-Policy
 * allows only its own inline style), so it is safe to open whatever a template says.
 */
/** GitHub's rendering (task lists, kept and escaped HTML), as the sandbox shows cases. */
const renderAsGitHub = githubMarkdown();

export function markdownPage(title: string, markdown: string): string {
  const escapeHtml = new MarkdownIt().utils.escapeHtml;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body { font: 16px/1.5 system-ui, sans-serif; max-width: 50rem; margin: 2rem auto; padding: 0 1rem; color: #1f2328; }
table { border-collapse: collapse; } th, td { border: 1px solid #d1d9e0; padding: 0.3rem 0.6rem; }
blockquote { margin: 0; padding: 0 1rem; color: #59636e; border-left: 0.25rem solid #d1d9e0; }
pre, code { background: #f6f8fa; border-radius: 6px; } pre { padding: 1rem; overflow: auto; }
</style>
</head>
<body>
<main>
${renderAsGitHub(markdown)}</main>
</body>
</html>
`;
}

/** Every bundled template's name, sorted. */
export function templateNames(bundled: TemplateSet): string[] {
  return Object.keys(bundled.sources).sort();
}
