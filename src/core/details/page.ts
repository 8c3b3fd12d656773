/**
 * The details panel's HTML shell. Everything the panel shows is rendered by its script from data
 * (src/webview/details.ts); the shell carries that script, its stylesheet and the first data, under a
 * Content Security Policy that allows nothing else: `default-src 'none'`, scripts and styles by nonce only
 * (no 'unsafe-inline', no 'unsafe-eval'; a style attribute is refused), images and fonts only from the
 * webview's own resource origin.
 *
 * Why the script, the stylesheet and the first data are in the page rather than fetched: a webview's
 * resource request travels webview → service worker → workbench → extension host's file system and back
 * (a pending stylesheet also holds the script back), and the first data would wait for the page's "ready"
 * message to reach the extension host and the answer to come back. All of it sat between the click and the
 * first render (measured in-host). Inline, the page renders the object as soon as its script runs. The
 * nonce governs all of them (a fresh one per page); the data block is JSON
 * (`type="application/json"`, never executed) with `<`, `>`, `&` and the JS line separators escaped, so no
 * value from the cluster can end the block or start markup. The title is escaped.
 */

export interface PageInput {
  /** `webview.cspSource`: the origin of the extension's resources in the webview. */
  cspSource: string;
  /** The webview script's text (dist/webview/details.js), run inline under the nonce. */
  script: string;
  /** The stylesheet's text (media/webview/details.css), inline under the nonce. */
  style: string;
  nonce: string;
  title: string;
  /** The first message for the page (a `details` or `gone` message), rendered without a round trip. */
  initial?: unknown;
}

/** JSON safe inside a `<script type="application/json">` block: nothing in it can close the element. */
export function jsonForScriptBlock(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Script text safe inside `<script>`: a literal `</script` or `<!--` (in a string or a regex) is written
 * `<\/script` / `<\!--`, which JS reads the same, so the HTML parser neither ends the element there nor
 * enters its escaped states.
 */
export function inlineScript(text: string): string {
  return text.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

/** Stylesheet text safe inside `<style>`: `</style` cannot occur in our CSS; written `<\/style` (a CSS escape) if it did. */
export function inlineStyle(text: string): string {
  return text.replace(/<\/(style)/gi, '<\\/$1');
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [`default-src 'none'`, `script-src 'nonce-${nonce}'`, `style-src 'nonce-${nonce}'`, `img-src ${cspSource} data:`, `font-src ${cspSource}`].join('; ');
}

/** A nonce from 32 random alphanumerics (`random` is injected so tests can pin it). */
export function makeNonce(random: () => number = Math.random): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  for (let i = 0; i < 32; i++) out += chars.charAt(Math.floor(random() * chars.length));
  return out;
}

export function detailsPageHtml(p: PageInput): string {
  const e = escapeHtml;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${e(contentSecurityPolicy(p.cspSource, p.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<style nonce="${e(p.nonce)}">${inlineStyle(p.style)}</style>
<title>${e(p.title)}</title>
</head>
<body>
<div id="root" aria-live="polite" aria-busy="false"><p>Loading…</p></div>
${p.initial !== undefined ? `<script type="application/json" id="initial" nonce="${e(p.nonce)}">${jsonForScriptBlock(p.initial)}</script>\n` : ''}<script nonce="${e(p.nonce)}">${inlineScript(p.script)}</script>
</body>
</html>`;
}
