// The sandbox shows Markdown as GitHub does, closely enough to judge what Call-In wrote: the case's
// metadata comment hidden, HTML that GitHub strips shown as text, task lists, alerts and Mermaid.
import { describe, expect, it } from "vitest";
import { githubMarkdown } from "../../../src/text/github-markdown.js";

const render = githubMarkdown();

describe("Markdown in the sandbox", () => {
  it("hides HTML comments (the case's metadata block) and keeps only harmless tags", () => {
    const html = render('Case\n\n<!-- call-in:meta {"code":"CI-1"} v1.seal -->\n\n<details><summary>More</summary>\n\nhidden text\n\n</details>');
    expect(html).not.toContain("call-in:meta");
    expect(html).toContain("<details><summary>More</summary>");
    expect(html).toContain("</details>");
  });

  it("shows what GitHub would strip as text: scripts, handlers, styles, links with scripts", () => {
    const html = render(
      '<script>alert(1)</script>\n\nHello <img src=x onerror="alert(2)"> <b onclick="x()">bold</b> [link](javascript:alert(3)) <details open>x</details>',
    );
    expect(html).not.toMatch(/<script|<img|onclick="|href="javascript/);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("&lt;b onclick=&quot;x()&quot;&gt;");
    expect(html).toContain("<details open>");
  });

  it("draws task lists as disabled checkboxes labelled by their text, alerts with their title, Mermaid for the page's script", () => {
    const html = render("- [x] done\n- [ ] to do\n\n> [!WARNING]\n> Careful\n\n```mermaid\nflowchart LR\n  A --> B\n```");
    expect(html).toContain('<li class="task-list-item"><label class="task"><input type="checkbox" disabled checked> done</label></li>');
    expect(html).toContain('<li class="task-list-item"><label class="task"><input type="checkbox" disabled> to do</label></li>');
    expect(html).toContain('<blockquote class="alert alert-warning">\n<p><strong class="alert-title">Warning</strong><br>Careful</p>');
    expect(html).toContain('<pre class="mermaid">flowchart LR\n  A --&gt; B\n</pre>');
  });

  it("writes text that only looks like the sandbox's own markup as text", () => {
    const html = render('<label class="task"><input type="checkbox" checked></label> and `[x]` and [!NOTE]');
    expect(html).not.toContain("<input");
    expect(html).toContain("&lt;label class=&quot;task&quot;&gt;");
  });
});
