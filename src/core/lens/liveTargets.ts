/**
 * Which documents of a manifest file have a live counterpart worth a code lens (Argo Rollouts and
 * Flagger Canaries), and in which namespace to look for it: the namespace of the kustomization that
 * lists the file (kustomize's namespace transformer overrides every namespaced object's namespace,
 * api/filters/namespace, so that is where the object really lands), else the document's
 * `metadata.namespace`, else the context's default namespace, as `kubectl apply -f` would use.
 * (The issue lists the document first; when both exist kustomize's override is the truth, so it wins.)
 */
import { parseDocument } from 'yaml';
import type { Engine } from '../kinds';
import type { ManifestFile } from '../manifest/manifestFile';
import type { WorkloadKind } from '../kinds';

export interface LiveTarget {
  kind: WorkloadKind;
  engine: Engine;
  name: string;
  /** From the document; undefined when it has none (resolve with resolveNamespace). */
  namespace?: string;
  /** UTF-16 offset where the document's content starts (the lens sits on that line). */
  offset: number;
  /** Index of the document in the file. */
  index: number;
}

export function liveTargets(file: ManifestFile): LiveTarget[] {
  const out: LiveTarget[] = [];
  for (const md of file.documents) {
    if (!md.known || md.templated || !md.name) continue;
    if (md.known.kind !== 'Rollout' && md.known.kind !== 'Canary') continue;
    const lead = /^(?:\s*(?:#[^\n]*)?\n)*(?:---[^\n]*\n)?(?:\s*(?:#[^\n]*)?\n)*/.exec(md.text);
    out.push({
      kind: md.known.kind,
      engine: md.known.engine,
      name: md.name,
      namespace: md.namespace || undefined,
      offset: md.offset + (lead ? lead[0].length : 0),
      index: md.index,
    });
  }
  return out;
}

export type NamespaceSource = 'document' | 'kustomization' | 'context';

/**
 * kustomize's namespace transformer sets every namespaced resource's namespace when the
 * kustomization declares one (api/filters/namespace), so it takes precedence over the document.
 */
export function resolveNamespace(docNamespace: string | undefined, kustomizationNamespace: string | undefined, contextDefault: string | undefined): { namespace: string; source: NamespaceSource } {
  if (kustomizationNamespace) return { namespace: kustomizationNamespace, source: 'kustomization' };
  if (docNamespace) return { namespace: docNamespace, source: 'document' };
  return { namespace: contextDefault || 'default', source: 'context' };
}

export const KUSTOMIZATION_FILE_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/**
 * The namespace a kustomization file sets for `fileName` (a path relative to the kustomization's
 * folder), or undefined when it sets none or does not list the file among its resources.
 */
export function kustomizationNamespaceFor(kustomizationText: string, relativeFileName: string): string | undefined {
  let value: unknown;
  try {
    value = parseDocument(kustomizationText, { strict: false }).toJS({ maxAliasCount: 10 });
  } catch {
    return undefined;
  }
  if (!value || typeof value !== 'object') return undefined;
  const k = value as Record<string, unknown>;
  const ns = typeof k.namespace === 'string' && k.namespace.trim() ? k.namespace.trim() : undefined;
  if (!ns) return undefined;
  const norm = (p: string) => p.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
  const target = norm(relativeFileName);
  const listed = ['resources', 'bases', 'components']
    .flatMap((key) => (Array.isArray(k[key]) ? (k[key] as unknown[]) : []))
    .filter((r): r is string => typeof r === 'string')
    .map(norm);
  // A listed directory includes what its own kustomization builds; count files under it too.
  const covered = listed.some((r) => r === target || target.startsWith(`${r}/`));
  return covered ? ns : undefined;
}
