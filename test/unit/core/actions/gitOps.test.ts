import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gitOpsManaged } from '../../../../src/core/actions/gitOps';

const obj = (labels: Record<string, string> = {}, annotations: Record<string, string> = {}) => ({ metadata: { name: 'x', labels, annotations } });

describe('gitOpsManaged', () => {
  it('Argo CD annotation tracking', () => assert.equal(gitOpsManaged(obj({}, { 'argocd.argoproj.io/tracking-id': 'app:apps/Deployment:ns/x' }))?.owner, 'app'));
  it('Argo CD label tracking needs an argocd annotation too', () => {
    assert.equal(gitOpsManaged(obj({ 'app.kubernetes.io/instance': 'shop' }, { 'argocd.argoproj.io/sync-wave': '1' }))?.tool, 'Argo CD');
    assert.equal(gitOpsManaged(obj({ 'app.kubernetes.io/instance': 'shop' })), undefined, 'Helm sets this label too');
  });
  it('Flux kustomize and helm labels', () => {
    assert.deepEqual(gitOpsManaged(obj({ 'helm.toolkit.fluxcd.io/name': 'podinfo', 'helm.toolkit.fluxcd.io/namespace': 'apps' })), { tool: 'Flux', owner: 'apps/podinfo', evidence: 'label helm.toolkit.fluxcd.io/name' });
  });
  it('unmanaged and junk', () => {
    assert.equal(gitOpsManaged(obj()), undefined);
    assert.equal(gitOpsManaged(null), undefined);
  });
});
