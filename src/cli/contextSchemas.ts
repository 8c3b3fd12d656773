/**
 * `rollout-lens lint --schema-from-context [CONTEXT]`: the schemas of the CRDs a kube context serves
 * (src/k8s/installedCrds.ts), for the lint engine. Part of the lazily loaded cluster bundle
 * (exported through ./clusterCommands), so a lint without the flag never loads
 * @kubernetes/client-node. The kubeconfig is the one kubectl would use (`KUBECONFIG`, else
 * ~/.kube/config).
 *
 * A context that is not in the kubeconfig is a usage error; a cluster that cannot be read
 * (unreachable, unauthorized) is not: lint goes on with the pinned schemas and says so once.
 */
import type { Engine } from '../core/kinds';
import type { ClusterSchemaSet } from '../core/schema/clusterSchemas';
import { createClusterService } from '../k8s/index';
import type { CliIO } from './command';
import { errorMessage } from '../core/util/errors';

export type ContextSchemasResult = { schemas: ClusterSchemaSet } | { offline: string } | { usage: string };

export async function readContextSchemas(context: string | undefined, engines: readonly Engine[], io: CliIO, timeoutMs = 15_000): Promise<ContextSchemasResult> {
  const service = createClusterService({ env: io.env, watchKubeconfig: false });
  try {
    for (const e of service.kubeconfigErrors) io.stderr(`warning: ${e}\n`);
    const paths = service.kubeconfigPaths.join(', ');
    const names = service.contexts.map((c) => c.name);
    const ctx = context ?? service.currentContext;
    if (!ctx) return { offline: names.length ? `the kubeconfig (${paths}) has no current context` : `no kube contexts found in ${paths}` };
    if (!names.includes(ctx)) return { usage: `--schema-from-context: there is no context named '${ctx}' in ${paths} (contexts: ${names.join(', ') || 'none'})` };
    try {
      const schemas = await service.clusterSchemas(ctx, engines, timeoutMs);
      return schemas ? { schemas } : { offline: `cannot connect to context '${ctx}'` };
    } catch (err) {
      return { offline: `cannot read the CRDs of context '${ctx}': ${errorMessage(err)}` };
    }
  } finally {
    service.dispose();
  }
}
