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

describe('gitOpsWarning', () => {
  it('says the sync reverts a field the applied manifest sets (last-applied or GitOps managedFields)', async () => {
    const { gitOpsWarning, manifestSetsField } = await import('../../../../src/core/actions/gitOps');
    const applied = { metadata: { labels: {}, annotations: { 'argocd.argoproj.io/tracking-id': 'shop:x', 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({ spec: { skipAnalysis: false } }) } } };
    assert.ok(manifestSetsField(applied, ['spec', 'skipAnalysis']));
    assert.match(gitOpsWarning(applied, ['spec', 'skipAnalysis'])!, /The manifest in Git sets spec.skipAnalysis, so the next sync or self-heal reverts this change/);
    assert.match(gitOpsWarning(applied, ['spec', 'suspend'])!, /The change is not in Git/);
    const ssa = {
      metadata: {
        labels: { 'kustomize.toolkit.fluxcd.io/name': 'apps' },
        managedFields: [
          { manager: 'kubectl-patch', fieldsV1: { 'f:spec': { 'f:suspend': {} } } },
          { manager: 'kustomize-controller', fieldsV1: { 'f:spec': { 'f:skipAnalysis': {} } } },
        ],
      },
    };
    assert.ok(manifestSetsField(ssa, ['spec', 'skipAnalysis']));
    assert.ok(!manifestSetsField(ssa, ['spec', 'suspend']), 'owned by kubectl, not by the GitOps manager');
    assert.equal(gitOpsWarning({ metadata: {} }), undefined);
    assert.ok(!manifestSetsField({ metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{not json' } } }, ['spec']));
  });
});
