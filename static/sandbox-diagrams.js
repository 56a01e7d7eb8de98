// Draws the Mermaid blocks of a sandbox page, as GitHub does, with Mermaid's own bundle (served locally).
/* global mermaid */
mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: "neutral" });
mermaid.run({ querySelector: "pre.mermaid" });
