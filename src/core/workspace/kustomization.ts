/**
 * What the index needs from a kustomization.yaml (kubernetes-sigs/kustomize `types.Kustomization`):
 * the `namespace:` its namespace transformer sets on every resource it includes (files and
 * directories in `resources`, recursively through nested kustomizations), and the files it uses as
 * patches (`patches[].path`, `patchesStrategicMerge[]`, `patchesJson6902[].path`). Patch files are
 * fragments: they need not be complete objects, so the editor must not report missing fields.
 */
import { joinUri, dirnameOf } from './uriPath';
import { asArray, asOptionalObject, at } from '../util/json';

export interface KustomizationInfo {
  uri: string;
  namespace?: string;
  /** Absolute URIs of listed resources; a directory entry has no .yaml/.yml/.json suffix. */
  resources: string[];
  patches: string[];
}

export function readKustomization(uri: string, value: unknown): KustomizationInfo | undefined {
  const v = asOptionalObject(value);
  if (!v) return undefined;
  const kind = v.kind;
  if (kind !== undefined && kind !== 'Kustomization') return undefined;
  const dir = dirnameOf(uri);
  const rel = (p: unknown) => (typeof p === 'string' && !/^[a-z]+:\/\//i.test(p) && !p.includes('?ref=') ? joinUri(dir, p) : undefined);
  const resources = [...asArray(v.resources), ...asArray(v.bases), ...asArray(v.components)].map(rel).filter((x): x is string => !!x);
  const patches = [...asArray(v.patches).map((p) => (typeof p === 'string' ? p : at(p, 'path'))), ...asArray(v.patchesStrategicMerge), ...asArray(v.patchesJson6902).map((p) => at(p, 'path'))]
    .map((p) => (typeof p === 'string' && !p.includes('\n') ? rel(p) : undefined))
    .filter((x): x is string => !!x);
  return { uri, namespace: typeof v.namespace === 'string' && v.namespace ? v.namespace : undefined, resources, patches };
}

export function isFileResource(uri: string): boolean {
  return /\.(ya?ml|json)$/i.test(uri);
}
