/**
 * Where in the workspace each Rollout and Canary is defined, by kind/namespace/name, so a tree item
 * can open its manifest and a notification can tell whether an object "is ours". Fed with every
 * parsed file the editor validates (open documents and the background scan), replaced per file.
 * A document without a namespace matches any namespace (kustomize or the context default decides
 * it at deploy time), ranked after exact matches.
 */
import type { ManifestFile } from '../manifest/manifestFile';
import { liveTargets } from './liveTargets';
import type { WorkloadKind } from '../kinds';

export interface ManifestLocation {
  uri: string;
  kind: WorkloadKind;
  name: string;
  namespace?: string;
  /** UTF-16 offset of the document's first content line. */
  offset: number;
}

export class ManifestLocations {
  private readonly byFile = new Map<string, ManifestLocation[]>();
  private readonly byName = new Map<string, Set<string>>(); // `${kind}/${name}` → uris

  /** Replaces the file's entries; returns the `kind/name`s that appeared or disappeared (to refresh what shows them). */
  update(uri: string, file: ManifestFile): string[] {
    const before = new Set((this.byFile.get(uri) ?? []).map((l) => `${l.kind}/${l.name}/${l.namespace ?? ''}`));
    this.remove(uri);
    const locs = liveTargets(file).map((t) => ({ uri, kind: t.kind, name: t.name, namespace: t.namespace, offset: t.offset }));
    const after = new Set(locs.map((l) => `${l.kind}/${l.name}/${l.namespace ?? ''}`));
    const changed = [...new Set([...before, ...after].filter((k) => before.has(k) !== after.has(k)).map((k) => k.split('/').slice(0, 2).join('/')))];
    if (locs.length === 0) return changed;
    this.byFile.set(uri, locs);
    for (const l of locs) {
      const k = `${l.kind}/${l.name}`;
      let set = this.byName.get(k);
      if (!set) this.byName.set(k, (set = new Set()));
      set.add(uri);
    }
    return changed;
  }

  /** Drops the file's entries; returns the `kind/name`s it defined. */
  remove(uri: string): string[] {
    const old = this.byFile.get(uri);
    if (!old) return [];
    this.byFile.delete(uri);
    for (const l of old) this.byName.get(`${l.kind}/${l.name}`)?.delete(uri);
    return [...new Set(old.map((l) => `${l.kind}/${l.name}`))];
  }

  /** Definitions of kind/name usable for `namespace`: exact namespace first, then namespace-less ones. */
  find(kind: WorkloadKind, namespace: string, name: string): ManifestLocation[] {
    const uris = this.byName.get(`${kind}/${name}`);
    if (!uris) return [];
    const all = [...uris].flatMap((u) => (this.byFile.get(u) ?? []).filter((l) => l.kind === kind && l.name === name));
    const exact = all.filter((l) => l.namespace === namespace);
    const open = all.filter((l) => l.namespace === undefined);
    return [...exact, ...open].sort((a, b) => (a.namespace === b.namespace ? a.uri.localeCompare(b.uri) : 0));
  }

  has(kind: WorkloadKind, namespace: string, name: string): boolean {
    return this.find(kind, namespace, name).length > 0;
  }

  get size(): number {
    return this.byFile.size;
  }
}
