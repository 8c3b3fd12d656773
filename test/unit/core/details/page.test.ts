import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runInNewContext } from 'node:vm';
import { contentSecurityPolicy, detailsPageHtml, escapeHtml, inlineScript, jsonForScriptBlock, makeNonce } from '../../../../src/core/details/page';

describe('details page shell', () => {
  const script = 'const a = "</script><script>alert(1)</script>"; const b = /<!--/; console.log(a, b);';
  // A message from the cluster that tries to end the data block and inject markup.
  const initial = { type: 'gone', message: '</script><script>alert(1)</script><!-- \u2028 & <img src=x onerror=alert(2)>' };
  const html = detailsPageHtml({ cspSource: 'https://res.vscode-cdn.net', script, style: 'body { color: var(--vscode-foreground); } /* </style><p>x</p> */', nonce: 'N0nce', title: 'Rollout <img src=x onerror=alert(1)>', initial });

  it('allows nothing by default, the script only by nonce, nothing inline or eval', () => {
    const csp = contentSecurityPolicy('https://res.vscode-cdn.net', 'N0nce');
    assert.match(csp, /^default-src 'none'; /);
    assert.match(csp, /script-src 'nonce-N0nce'(;|$)/);
    assert.match(csp, /style-src 'nonce-N0nce'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
    assert.ok(html.includes(`content="${escapeHtml(csp)}"`));
  });

  it('every script element carries the nonce: the inline script, and the first data as a JSON block; no inline style', () => {
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.equal(scripts.length, 2, 'the data block and the script, nothing the values could add');
    for (const m of scripts) assert.match(m[1], /nonce="N0nce"/);
    assert.match(scripts[0][1], /type="application\/json" id="initial"/);
    assert.deepEqual(JSON.parse(scripts[0][2]), initial, 'the data reads back unchanged');
    assert.doesNotMatch(scripts[0][2], /[<>&\u2028]/);
    assert.equal(scripts[1][2], inlineScript(script));
    const styles = [...html.matchAll(/<style([^>]*)>([\s\S]*?)<\/style>/g)];
    assert.equal(styles.length, 1, 'one stylesheet, and its text cannot end it early');
    assert.match(styles[0][1], /^ nonce="N0nce"$/);
    assert.ok(styles[0][2].endsWith('<\\/style><p>x</p> */'), styles[0][2]);
    assert.doesNotMatch(html, /<[a-z][^>]*\s(style|on\w+)=/i);
    assert.doesNotMatch(html, /<img/);
  });

  it('inline script text keeps its meaning but cannot end its element or open a comment state', () => {
    const safe = inlineScript(script);
    assert.doesNotMatch(safe, /<\/script|<!--/i);
    // Run both in a fresh context: the same string and a regex that matches the same text.
    const evaluate = (code: string) => JSON.parse(runInNewContext(`${code.replace('console.log(a, b);', '')} JSON.stringify([a, b.test('x<!--y')])`) as string) as [string, boolean];
    assert.deepEqual(evaluate(safe), ['</script><script>alert(1)</script>', true]);
    assert.deepEqual(evaluate(safe), evaluate(script));
    assert.equal(jsonForScriptBlock({ a: '<&>' }), '{"a":"\\u003c\\u0026\\u003e"}');
  });

  it('without first data the page has the script only', () => {
    const bare = detailsPageHtml({ cspSource: 'c', script: 'x()', style: 'p {}', nonce: 'N', title: 't' });
    assert.equal([...bare.matchAll(/<script/g)].length, 1);
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
