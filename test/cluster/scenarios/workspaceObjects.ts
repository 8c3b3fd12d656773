/**
 * The demo scenarios deploy the sample config repo in `test/demo/workspace/` the way a GitOps tool
 * would (`kustomize build` of each app folder: the `resources` listed, the folder's `namespace`
 * applied), so the manifests a newcomer opens in the demo are exactly the live objects, by kind,
 * name and namespace. Only kustomizations' `resources` and `namespace` are understood; that is all
 * the sample repo uses.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { GroupVersionResource, KubeObject } from '../store/objectStore';

export const DEMO_WORKSPACE = path.resolve(__dirname, '../../demo/workspace');

/** Kinds the sample repo contains, with the resource each is stored under. */
const RESOURCES: Record<string, GroupVersionResource> = {
  'v1/Service': { group: '', version: 'v1', resource: 'services' },
  'v1/Namespace': { group: '', version: 'v1', resource: 'namespaces' },
  'v1/ConfigMap': { group: '', version: 'v1', resource: 'configmaps' },
  'apps/v1/Deployment': { group: 'apps', version: 'v1', resource: 'deployments' },
  'networking.k8s.io/v1/Ingress': { group: 'networking.k8s.io', version: 'v1', resource: 'ingresses' },
  'argoproj.io/v1alpha1/Rollout': { group: 'argoproj.io', version: 'v1alpha1', resource: 'rollouts' },
  'argoproj.io/v1alpha1/AnalysisTemplate': { group: 'argoproj.io', version: 'v1alpha1', resource: 'analysistemplates' },
  'argoproj.io/v1alpha1/ClusterAnalysisTemplate': { group: 'argoproj.io', version: 'v1alpha1', resource: 'clusteranalysistemplates' },
  'flagger.app/v1beta1/Canary': { group: 'flagger.app', version: 'v1beta1', resource: 'canaries' },
  'flagger.app/v1beta1/MetricTemplate': { group: 'flagger.app', version: 'v1beta1', resource: 'metrictemplates' },
};

export function resourceFor(obj: KubeObject): GroupVersionResource | undefined {
  return RESOURCES[`${obj.apiVersion}/${obj.kind}`];
}

export interface WorkspaceObject {
  gvr: GroupVersionResource;
  object: KubeObject;
  /** Workspace-relative file it came from. */
  file: string;
}

/** The objects `kustomize build <root>` would emit for the root kustomization (recursing into folders). */
export function buildKustomization(root = DEMO_WORKSPACE, dir = root, namespace?: string): WorkspaceObject[] {
  const kfile = ['kustomization.yaml', 'kustomization.yml'].map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
  if (!kfile) throw new Error(`no kustomization.yaml in ${dir}`);
  const k = parseAllDocuments(fs.readFileSync(kfile, 'utf8'))[0]?.toJS() ?? {};
  const ns: string | undefined = k.namespace ?? namespace;
  const out: WorkspaceObject[] = [];
  for (const r of (k.resources ?? []) as string[]) {
    const p = path.join(dir, r);
    if (fs.statSync(p).isDirectory()) {
      out.push(...buildKustomization(root, p, ns));
      continue;
    }
    for (const doc of parseAllDocuments(fs.readFileSync(p, 'utf8'))) {
      if (doc.errors.length) throw new Error(`${path.relative(root, p)}: ${doc.errors[0].message}`);
      const object = doc.toJS() as KubeObject | null;
      if (!object) continue;
      const gvr = resourceFor(object);
      if (!gvr) throw new Error(`${path.relative(root, p)}: ${object.apiVersion}/${object.kind} is not a kind the demo knows how to store`);
      if (gvr.resource !== 'namespaces' && ns) object.metadata.namespace = ns;
      out.push({ gvr, object, file: path.relative(root, p) });
    }
  }
  return out;
}
