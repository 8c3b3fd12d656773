/**
 * podinfo, the workload Flagger's own docs and tests canary: a Deployment and the Canary that targets
 * it on the kubernetes provider (no mesh). The tests on the upstream stack that drive real Flagger
 * differ only in the Canary's deadline and analysis, so those are the parameters.
 */
import type { KubeObject } from './api';

export const PODINFO_IMAGE = 'ghcr.io/stefanprodan/podinfo';

/** The Deployment (podinfo:6.5.0, one replica, port 9898) and its Canary, in the order to apply them. */
export function podinfoObjects(namespace: string, canary: { progressDeadlineSeconds: number; analysis: Record<string, unknown> }): KubeObject[] {
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'podinfo', namespace },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'podinfo' } },
        template: { metadata: { labels: { app: 'podinfo' } }, spec: { containers: [{ name: 'podinfo', image: `${PODINFO_IMAGE}:6.5.0`, ports: [{ name: 'http', containerPort: 9898 }] }] } },
      },
    },
    {
      apiVersion: 'flagger.app/v1beta1',
      kind: 'Canary',
      metadata: { name: 'podinfo', namespace },
      spec: {
        provider: 'kubernetes',
        targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'podinfo' },
        progressDeadlineSeconds: canary.progressDeadlineSeconds,
        service: { port: 9898 },
        analysis: canary.analysis,
      },
    },
  ];
}
