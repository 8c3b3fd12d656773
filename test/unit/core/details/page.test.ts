import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contentSecurityPolicy, detailsPageHtml, escapeHtml, makeNonce } from '../../../../src/core/details/page';

describe('details page shell', () => {
  const html = detailsPageHtml({ cspSource: 'https://res.vscode-cdn.net', scriptUri: 'https://res/dist/webview/details.js', styleUri: 'https://res/media/webview/details.css', nonce: 'N0nce', title: 'Rollout <img src=x onerror=alert(1)>' });

  it('allows nothing by default, the script only by nonce, nothing inline or eval', () => {
    const csp = contentSecurityPolicy('https://res.vscode-cdn.net', 'N0nce');
    assert.match(csp, /^default-src 'none'; /);
    assert.match(csp, /script-src 'nonce-N0nce'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
    assert.ok(html.includes(`content="${escapeHtml(csp)}"`));
  });

  it('every script tag carries the nonce and has a src; no inline script or style', () => {
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.equal(scripts.length, 1);
    assert.match(scripts[0][1], /nonce="N0nce"/);
    assert.equal(scripts[0][2].trim(), '');
    assert.doesNotMatch(html, /<style|<[a-z][^>]*\s(style|on\w+)=/i);
  });

  it('escapes the title', () => {
    assert.ok(html.includes('<title>Rollout &lt;img src=x onerror=alert(1)&gt;</title>'));
    assert.equal(escapeHtml(`"'&`), '&quot;&#39;&amp;');
  });

  it('nonces are 32 alphanumerics', () => {
    assert.match(makeNonce(), /^[A-Za-z0-9]{32}$/);
    assert.notEqual(makeNonce(), makeNonce());
  });
});
