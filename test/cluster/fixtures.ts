/**
 * Loads every Kubernetes object from the YAML/JSON files of a folder (recursively, multi-document,
 * `kind: List` expanded) into the store, as `kubectl create -f DIR` would, but keeping each object's
 * uid, creationTimestamp and status: fixtures are snapshots of real clusters whose ownerReferences
 * point at those uids. Namespaces are created implicitly. Retired apiVersions of a served kind
 * (`extensions/v1beta1` ReplicaSets in old dumps) are stored under the served version. Objects of
 * kinds the server does not serve are reported, not fatal.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from './store/objectStore';
import type { MemoryStore } from './store/memoryStore';
import { apiVersionFor, gvrOf, type ResourceType } from './http/resources';
import { StatusError } from './store/storeErrors';

export interface FixtureReport {
  loaded: number;
  skipped: { file: string; reason: string }[];
}

export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p));
    else if (/\.(ya?ml|json)$/i.test(e.name)) out.push(p);
  }
  return out.sort();
}

function objectsIn(file: string): { objects: KubeObject[]; errors: string[] } {
  const text = fs.readFileSync(file, 'utf8');
  const objects: KubeObject[] = [];
  const errors: string[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length) {
      errors.push(doc.errors[0].message);
      continue;
    }
    const v = doc.toJSON();
    if (!v || typeof v !== 'object') continue;
    if (typeof v.kind === 'string' && v.kind.endsWith('List') && Array.isArray(v.items)) objects.push(...v.items);
    else objects.push(v);
  }
  return { objects, errors };
}

function typeFor(store: MemoryStore, o: KubeObject): ResourceType | undefined {
  return (
    store.registry.byKind(o.apiVersion, o.kind) ??
    (() => {
      const sameKind = store.registry.types.filter((t) => t.kind === o.kind);
      return sameKind.length === 1 ? sameKind[0] : undefined;
    })()
  );
}

export function loadFixtures(store: MemoryStore, dir: string): FixtureReport {
  const report: FixtureReport = { loaded: 0, skipped: [] };
  for (const file of filesUnder(dir)) {
    const { objects, errors } = objectsIn(file);
    for (const e of errors) report.skipped.push({ file, reason: `YAML error: ${e}` });
    for (const raw of objects) {
      if (!raw?.apiVersion || !raw.kind || !raw.metadata?.name) {
        report.skipped.push({ file, reason: 'not a Kubernetes object (apiVersion, kind and metadata.name are required)' });
        continue;
      }
      const type = typeFor(store, raw);
      if (!type) {
        report.skipped.push({ file, reason: `${raw.apiVersion} ${raw.kind} is not served by the test cluster` });
        continue;
      }
      const obj: KubeObject = { ...raw, apiVersion: apiVersionFor(type), metadata: { ...raw.metadata } };
      delete obj.metadata.resourceVersion;
      if (type.namespaced) obj.metadata.namespace ||= 'default';
      try {
        const created = store.create(gvrOf(type), obj, { preserveMetadata: true });
        if (type.statusSubresource && raw.status !== undefined) store.updateStatus(gvrOf(type), { ...created, status: raw.status });
        report.loaded++;
      } catch (e) {
        if (!(e instanceof StatusError)) throw e;
        report.skipped.push({ file, reason: e.message });
      }
    }
  }
  return report;
}
