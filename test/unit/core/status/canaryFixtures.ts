// Hand-made Flagger Canaries in the shapes the Flagger docs show (docs/gitbook/usage/webhooks.md gates,
// deployment-strategies.md) with live status blocks as Flagger writes them (status.go, MakeStatusConditions).
type Obj = Record<string, any>;

export function makeCanary(over: { phase?: string; weight?: number; iterations?: number; failedChecks?: number; webhooks?: Obj[]; analysis?: Obj; spec?: Obj; metadata?: Obj; message?: string } = {}): Obj {
  return {
    apiVersion: 'flagger.app/v1beta1',
    kind: 'Canary',
    metadata: { name: 'podinfo', namespace: 'test', creationTimestamp: '2026-03-01T10:00:00Z', ...(over.metadata ?? {}) },
    spec: {
      targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'podinfo' },
      service: { port: 9898 },
      analysis: {
        interval: '30s',
        threshold: 5,
        maxWeight: 100,
        stepWeight: 10,
        metrics: [
          { name: 'request-success-rate', thresholdRange: { min: 99 }, interval: '1m' },
          { name: 'latency', templateRef: { name: 'latency', namespace: 'flagger' }, thresholdRange: { max: 500 }, interval: '30s' },
        ],
        webhooks: over.webhooks ?? [
          { name: 'gate', type: 'confirm-promotion', url: 'http://flagger-loadtester.test/gate/check' },
          { name: 'rollback gate', type: 'rollback', url: 'http://flagger-loadtester.test/rollback/check' },
          { name: 'load-test', url: 'http://flagger-loadtester.test/', timeout: '5s', metadata: { cmd: 'hey -z 1m http://podinfo-canary.test:9898/' } },
        ],
        ...(over.analysis ?? {}),
      },
      ...(over.spec ?? {}),
    },
    status: {
      phase: over.phase ?? 'Progressing',
      canaryWeight: over.weight ?? 30,
      iterations: over.iterations ?? 0,
      failedChecks: over.failedChecks ?? 0,
      lastTransitionTime: '2026-03-01T11:55:00Z',
      conditions: [
        {
          type: 'Promoted',
          status: 'Unknown',
          reason: over.phase ?? 'Progressing',
          message: over.message ?? 'New revision detected, progressing canary analysis.',
          lastTransitionTime: '2026-03-01T11:50:00Z',
          lastUpdateTime: '2026-03-01T11:55:00Z',
        },
      ],
    },
  };
}
