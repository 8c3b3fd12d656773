/**
 * The details panel's HTML shell. Everything the panel shows is rendered by its script from posted
 * data (src/webview/details.ts); the shell only loads that script and its stylesheet, under a Content
 * Security Policy that allows nothing else: `default-src 'none'`, the script by nonce only (no
 * 'unsafe-inline', no 'unsafe-eval'), styles and images from the webview's own resource origin.
 * The title is the only text in it, and it is escaped.
 */

export interface PageInput {
  /** `webview.cspSource`: the origin of the extension's resources in the webview. */
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  nonce: string;
  title: string;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [`default-src 'none'`, `script-src 'nonce-${nonce}'`, `style-src ${cspSource}`, `img-src ${cspSource} data:`, `font-src ${cspSource}`].join('; ');
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
<link rel="stylesheet" href="${e(p.styleUri)}">
<title>${e(p.title)}</title>
</head>
<body>
<div id="root" aria-live="polite" aria-busy="false"><p>Loading…</p></div>
<script nonce="${e(p.nonce)}" src="${e(p.scriptUri)}"></script>
</body>
</html>`;
}
