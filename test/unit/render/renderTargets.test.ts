import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { renderTargets } from '../../../src/render/renderTargets';

const fixtures = path.resolve(__dirname, '../../fixtures');

describe('renderTargets: what the editor builds or renders in the background', () => {
  it('overlays with patches and charts; a base that only gathers files is left to the language diagnostics', () => {
    const k = (p: string) => path.join(fixtures, 'kustomize', p, 'kustomization.yaml');
    const chart = path.join(fixtures, 'helm', 'checkout', 'Chart.yaml');
    assert.deepEqual(renderTargets([k('base'), k('overlays/production'), k('overlays/staging'), chart, path.join(fixtures, 'missing', 'kustomization.yaml')]), [
      { kind: 'kustomize', dir: path.dirname(k('overlays/production')) },
      { kind: 'kustomize', dir: path.dirname(k('overlays/staging')) },
      { kind: 'helm', dir: path.dirname(chart) },
    ]);
  });
});
