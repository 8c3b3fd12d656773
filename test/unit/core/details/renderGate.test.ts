import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RenderGate } from '../../../../src/core/details/renderGate';

describe('RenderGate', () => {
  it('renders when the webview is ready and visible, on each change while visible', () => {
    let n = 0;
    const g = new RenderGate(() => n++, true);
    g.invalidate();
    assert.equal(n, 0, 'nothing before the webview asks');
    g.webviewReady();
    g.invalidate();
    g.invalidate();
    assert.equal(n, 3);
    assert.equal(g.renders, 3);
  });
  it('a hidden panel does no work, and renders once when shown again', () => {
    let n = 0;
    const g = new RenderGate(() => n++, true);
    g.webviewReady();
    g.setVisible(false);
    for (let i = 0; i < 100; i++) g.invalidate();
    assert.equal(n, 1);
    g.setVisible(true);
    assert.equal(n, 2);
    g.setVisible(true);
    assert.equal(n, 2, 'no change, no render');
  });
  it('a reloaded webview renders even without a change', () => {
    let n = 0;
    const g = new RenderGate(() => n++, true);
    g.webviewReady();
    g.webviewReady();
    assert.equal(n, 2);
  });
  it('a page built with the current data renders nothing more when ready, unless it changed meanwhile', () => {
    let n = 0;
    const g = new RenderGate(() => n++, true);
    g.renderedIntoPage();
    g.webviewReady(true);
    assert.deepEqual([n, g.renders], [0, 1], 'the page rendered its own data');
    const h = new RenderGate(() => n++, true);
    h.renderedIntoPage();
    h.invalidate();
    h.webviewReady(true);
    assert.equal(n, 1, 'a change between building the page and its ready renders once');
    g.webviewReady(false);
    assert.equal(n, 2, 'a reloaded page (not showing the built data) renders');
  });
});
