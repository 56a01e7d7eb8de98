/** The log view's stylesheet, served from /call-in/log/style.css so the CSP needs no inline styles. */
export const LOG_VIEW_CSS = `
:root { color-scheme: light dark; --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --bar: #2f81f7; --bg: #ffffff; }
@media (prefers-color-scheme: dark) { :root { --ink: #f0f6fc; --muted: #9198a1; --line: #3d444d; --bar: #4493f8; --bg: #0d1117; } }
body { font: 16px/1.5 system-ui, sans-serif; color: var(--ink); background: var(--bg); margin: 0; }
main { max-width: 72rem; margin: 0 auto; padding: 1.5rem; }
header { display: flex; justify-content: space-between; align-items: baseline; gap: 1rem; flex-wrap: wrap; }
.muted { color: var(--muted); }
form.filters { display: flex; flex-wrap: wrap; gap: 0.75rem 1rem; align-items: end; margin: 1rem 0; }
form.filters label { display: flex; flex-direction: column; font-size: 0.875rem; }
input, select, button { font: inherit; padding: 0.3rem 0.5rem; }
.button { display: inline-block; padding: 0.5rem 1rem; border: 1px solid var(--line); border-radius: 6px; text-decoration: none; color: inherit; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { text-align: left; padding: 0.35rem 0.5rem; border-bottom: 1px solid var(--line); }
svg { max-width: 100%; height: auto; }
svg .bar { fill: var(--bar); }
svg text { fill: var(--muted); font-size: 10px; }
.sealed-text { white-space: pre-wrap; overflow-wrap: anywhere; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
`;
