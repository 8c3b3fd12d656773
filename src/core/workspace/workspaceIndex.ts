/**
 * An index of the Kubernetes objects in many files, fed with text by the editor (open documents and
 * a workspace scan) and by the CLI (the files it lints): no file-system access here.
 *
 * Resolution follows Kubernetes: a reference names an object of a kind in the referencing object's
 * namespace unless it states one; ClusterAnalysisTemplates are cluster-scoped. An object's namespace
 * is its `metadata.namespace`, else the `namespace:` of the outermost kustomization.yaml listing it
 * (kustomize's namespace transformer applies to everything a kustomization includes), else unknown.
 * An unknown namespace matches any (the file will be applied with `-n`), exact matches win, and
 * among equals the object in the same file, then the same folder.
 *
 * Incrementality: reference findings are computed per file on demand and cached. Every file records
 * which `Kind/name` keys it references (`referrers`); when a file changes, only the files that
 * reference a key whose object text changed (plus the file itself) are invalidated. A changed
 * kustomization can move namespaces anywhere, so it invalidates everything (rare).
 */
import { Emitter, type Event } from '../events';
import { codeAndSeverity, type Finding, type FindingCodeInfo, type TextRange } from '../findings';
import { locate, rangeForPath, type ManifestDocument } from '../manifest/manifestDocument';
import { ManifestFileParser, type ManifestFile } from '../manifest/manifestFile';
import { asOptionalObject, at, type JsonObject } from '../util/json';
import { isFileResource, readKustomization, type KustomizationInfo } from './kustomization';
import { checkAmbassadorMapping, checkAnalysisGroup, checkArgsShape, checkIngressBackend, checkServiceLabels, checkServiceOwner, checkWorkloadSelector, type ReferenceProblem } from './referenceChecks';
import { extractReferences, type ReferenceSite } from './references';
import { appMeshRouterRef, checkAppMeshRouter, checkAppMeshVirtualService, checkVirtualService } from './trafficRouterChecks';
import { dirnameOf, isKustomizationUri, joinUri } from './uriPath';

export interface Location {
  uri: string;
  range: TextRange;
}

export interface IndexedObject {
  uri: string;
  md: ManifestDocument;
  apiVersion: string;
  kind: string;
  name: string;
  value: JsonObject;
  sites: ReferenceSite[];
}

export interface DocumentLinkTarget {
  range: TextRange;
  target: Location;
}

interface FileEntry {
  parser: ManifestFileParser;
  text: string;
  objects: IndexedObject[];
  kustomization?: KustomizationInfo;
  kustomizationDoc?: ManifestDocument;
}

const keyOf = (kind: string, name: string) => `${kind}/${name}`;

export class WorkspaceIndex {
  private readonly files = new Map<string, FileEntry>();
  private readonly byKey = new Map<string, Set<IndexedObject>>();
  private readonly referrers = new Map<string, Set<string>>();
  private readonly findingsCache = new Map<string, Finding[]>();
  private nsCache = new Map<string, string | undefined>();
  /** All patch files of all kustomizations; rebuilt lazily after a kustomization changes. */
  private patchSet: Set<string> | undefined;
  private readonly changed = new Emitter<{ uris: string[] }>();
  /** Fires with the files whose reference findings may have changed. */
  readonly onDidChange: Event<{ uris: string[] }> = this.changed.event;
  private readonly patchesChanged = new Emitter<string[]>();
  /** Fires with the files that became or stopped being kustomize patch fragments (their findings must be redone). */
  readonly onDidChangePatchFragments: Event<string[]> = this.patchesChanged.event;
  /** Files whose references were (re)resolved: lets tests and the bench see incremental work. */
  resolvedFileCount = 0;

  get size(): number {
    return this.files.size;
  }

  uris(): string[] {
    return [...this.files.keys()];
  }

  /**
   * Adds or replaces a file's text; returns the files whose reference findings were invalidated.
   * `parsed` lets a caller that already parsed the text (the validation engine) spare a second parse.
   */
  setFile(uri: string, text: string, parsed?: ManifestFile): string[] {
    const old = this.files.get(uri);
    const entry: FileEntry = old ?? { parser: new ManifestFileParser(), text, objects: [] };
    entry.text = text;
    const before = signatures(old?.objects ?? []);
    this.unlink(uri, entry);
    const file = parsed && parsed.text === text ? parsed : entry.parser.parse(text);
    entry.objects = [];
    entry.kustomization = undefined;
    entry.kustomizationDoc = undefined;
    for (const md of file.documents) {
      const value = asOptionalObject(md.value);
      if (!value || md.templated) continue;
      if (isKustomizationUri(uri)) {
        const k = readKustomization(uri, value);
        if (k) [entry.kustomization, entry.kustomizationDoc] = [k, md];
        continue;
      }
      if (!md.kind || !md.apiVersion || !md.name) continue;
      entry.objects.push({ uri, md, apiVersion: md.apiVersion, kind: md.kind, name: md.name, value, sites: extractReferences(md.kind, value) });
    }
    this.files.set(uri, entry);
    this.link(uri, entry);
    this.firePatchChanges(old?.kustomization?.patches ?? [], entry.kustomization?.patches ?? []);
    if (old?.kustomization || entry.kustomization) return this.invalidate(this.uris());
    const after = signatures(entry.objects);
    const touched = new Set<string>([uri]);
    for (const k of new Set([...before.keys(), ...after.keys()])) {
      if (before.get(k) === after.get(k)) continue;
      for (const u of this.referrers.get(k) ?? []) touched.add(u);
    }
    return this.invalidate([...touched]);
  }

  removeFile(uri: string): string[] {
    const entry = this.files.get(uri);
    if (!entry) return [];
    const keys = [...signatures(entry.objects).keys()];
    this.unlink(uri, entry);
    this.files.delete(uri);
    this.findingsCache.delete(uri);
    this.firePatchChanges(entry.kustomization?.patches ?? [], []);
    if (entry.kustomization) return this.invalidate(this.uris());
    const touched = new Set<string>();
    for (const k of keys) for (const u of this.referrers.get(k) ?? []) touched.add(u);
    return this.invalidate([...touched]);
  }

  /** The text last given for a file (to turn offsets of other files into positions). */
  textOf(uri: string): string | undefined {
    return this.files.get(uri)?.text;
  }

  objectsIn(uri: string): readonly IndexedObject[] {
    return this.files.get(uri)?.objects ?? [];
  }

  /** Files listed as patches by a kustomization: fragments, not complete objects. */
  isPatchFragment(uri: string): boolean {
    if (!this.patchSet) {
      this.patchSet = new Set();
      for (const e of this.files.values()) for (const p of e.kustomization?.patches ?? []) this.patchSet.add(p);
    }
    return this.patchSet.has(uri);
  }

  /** Files whose findings depend on objects defined in `uri` (not including `uri` itself). */
  dependentsOf(uri: string): string[] {
    const out = new Set<string>();
    for (const o of this.objectsIn(uri)) for (const u of this.referrers.get(keyOf(o.kind, o.name)) ?? []) if (u !== uri) out.add(u);
    return [...out].sort();
  }

  /** The effective namespace of an object (metadata, else kustomization, else unknown). */
  namespaceOf(o: IndexedObject): string | undefined {
    return o.md.namespace ?? this.kustomizeNamespace(o.uri);
  }

  /** The objects a reference resolves to (usually one; several when namespaces are unknown). */
  resolve(source: IndexedObject, site: ReferenceSite): IndexedObject[] {
    // Patch fragments are partial copies of objects defined elsewhere: never the object meant.
    const candidates = [...(this.byKey.get(keyOf(site.targetKind, site.name)) ?? [])].filter((c) => !this.isPatchFragment(c.uri) && (!site.group || c.apiVersion.split('/')[0] === site.group));
    if (site.clusterScoped || candidates.length === 0) return candidates;
    const want = site.namespace ?? this.namespaceOf(source);
    const exact = candidates.filter((c) => this.namespaceOf(c) === want);
    const found = exact.length ? exact : candidates.filter((c) => want === undefined || this.namespaceOf(c) === undefined);
    // With namespaces unknown, the object defined nearest the reference (same file, then the deepest
    // shared folder: the same app's tree) is the one meant: config repos repeat names like
    // `canary-service` or `success-rate` across apps.
    if (found.length < 2) return found;
    const sameFile = found.filter((c) => c.uri === source.uri);
    if (sameFile.length) return sameFile;
    const shared = found.map((c) => sharedFolderDepth(c.uri, source.uri));
    const nearest = Math.max(...shared);
    return found.filter((_, i) => shared[i] === nearest);
  }

  /**
   * Whether `target` answers `site` of `source` only by assuming a namespace: one side states it and
   * the other does not (a Rollout in `demo`, a namespace-less template of another app), so the
   * controller may well read another object and what follows from the match is a warning. Two
   * objects without namespaces are applied alike (`kubectl apply -n`), as upstream lint assumes.
   */
  private namespaceAssumed(source: IndexedObject, site: ReferenceSite, target: IndexedObject): boolean {
    if (site.clusterScoped) return false;
    const want = site.namespace ?? this.namespaceOf(source);
    return (want === undefined) !== (this.namespaceOf(target) === undefined);
  }

  referenceFindings(uri: string): Finding[] {
    const cached = this.findingsCache.get(uri);
    if (cached) return cached;
    const entry = this.files.get(uri);
    const findings: Finding[] = [];
    if (entry && !this.isPatchFragment(uri)) {
      this.resolvedFileCount++;
      for (const o of entry.objects) for (const p of this.problemsOf(o)) findings.push(toFinding(o.md, p));
    }
    this.findingsCache.set(uri, findings);
    return findings;
  }

  /** Where the name under `offset` is defined. */
  definitionAt(uri: string, offset: number): Location[] {
    const hit = this.siteAt(uri, offset);
    if (!hit) return [];
    return this.resolve(hit.object, hit.site).map(nameLocation);
  }

  /** Every reference to the object named under `offset` (a reference or the object's own name), and its declaration. */
  referencesTo(uri: string, offset: number, includeDeclaration = true): Location[] {
    const targets = this.targetsAt(uri, offset);
    if (targets.length === 0) return [];
    const out: Location[] = includeDeclaration ? targets.map(nameLocation) : [];
    const key = keyOf(targets[0].kind, targets[0].name);
    for (const u of [...(this.referrers.get(key) ?? [])].sort()) {
      for (const o of this.objectsIn(u)) {
        for (const s of o.sites) {
          if (keyOf(s.targetKind, s.name) !== key) continue;
          if (this.resolve(o, s).some((t) => targets.includes(t))) out.push({ uri: u, range: rangeForPath(o.md, s.path, 'value') });
        }
      }
    }
    return out;
  }

  /** Links from reference names to the referenced object, and from kustomization entries to files. */
  documentLinks(uri: string): DocumentLinkTarget[] {
    const entry = this.files.get(uri);
    if (!entry) return [];
    const out: DocumentLinkTarget[] = [];
    for (const o of entry.objects) {
      for (const s of o.sites) {
        const t = this.resolve(o, s);
        if (t.length === 1) out.push({ range: rangeForPath(o.md, s.path, 'value'), target: nameLocation(t[0]) });
      }
    }
    if (entry.kustomization) {
      const md = entry.kustomizationDoc;
      for (const key of ['resources', 'bases', 'components', 'patchesStrategicMerge', 'patches', 'patchesJson6902']) {
        const items = at(md?.value, key);
        if (!md || !Array.isArray(items)) continue;
        items.forEach((item, i) => {
          const rel = typeof item === 'string' ? item : at(item, 'path');
          const path = typeof item === 'string' ? [key, i] : [key, i, 'path'];
          if (typeof rel !== 'string' || !isFileResource(rel)) return;
          const target = joinUri(dirnameOf(uri), rel);
          if (this.files.has(target)) out.push({ range: rangeForPath(md, path, 'value'), target: { uri: target, range: { start: 0, end: 0 } } });
        });
      }
    }
    return out;
  }

  private problemsOf(o: IndexedObject): ReferenceProblem[] {
    const out: ReferenceProblem[] = [];
    const groups = new Map<string, ReferenceSite[]>();
    // A rule finding that rests on a match by assumed namespace says which file it matched, as a warning.
    const assumedMatch = (site: ReferenceSite, target: IndexedObject, problems: ReferenceProblem[]): ReferenceProblem[] =>
      this.namespaceAssumed(o, site, target) ? problems.map((p) => asAssumedMatch(p, site, target, this.namespaceOf(o))) : problems;
    for (const site of o.sites) {
      const targets = this.resolve(o, site);
      if (site.analysis) {
        const g = `${site.analysis.use}/${site.analysis.groupIndex}`;
        groups.set(g, [...(groups.get(g) ?? []), site]);
      }
      if (targets.length === 0) {
        out.push(unresolved(site, site.namespace ?? (site.clusterScoped ? undefined : this.namespaceOf(o))));
        continue;
      }
      const t = targets[0].value;
      out.push(
        ...assumedMatch(site, targets[0], [
          ...checkWorkloadSelector(site, t, o.value),
          ...checkServiceOwner(site, t, o.value),
          ...checkServiceLabels(site, t, this.podLabels(o)),
          ...checkIngressBackend(site, t, o.value),
          ...checkVirtualService(site, t, o.value),
          ...checkAmbassadorMapping(site, t),
          ...checkAppMeshVirtualService(site, t),
          ...this.appMeshRouterProblems(o, site, targets[0]),
        ]),
      );
    }
    out.push(...checkArgsShape(o.sites));
    for (const sites of groups.values()) {
      const targets = sites.map((s) => this.resolve(o, s)[0]);
      const problems = checkAnalysisGroup(
        sites,
        targets.map((t) => t?.value),
      );
      const assumed = sites.findIndex((s, k) => targets[k] && this.namespaceAssumed(o, s, targets[k]));
      out.push(...(assumed >= 0 ? assumedMatch(sites[assumed], targets[assumed], problems) : problems));
    }
    return out;
  }

  /**
   * App Mesh is a two-hop reference: rollout -> VirtualService -> its VirtualRouter. The router is
   * looked up like the controller does (the virtual service's namespace unless the ref names one);
   * the rollout's file is recorded as its referrer so that editing the router re-checks it.
   */
  private appMeshRouterProblems(o: IndexedObject, site: ReferenceSite, vsvc: IndexedObject): ReferenceProblem[] {
    const ref = site.role === 'appMeshVirtualService' ? appMeshRouterRef(vsvc.value) : undefined;
    if (!ref?.name) return [];
    const hop: ReferenceSite = {
      path: site.path,
      upstreamPath: `${site.upstreamPath} -> VirtualService ${vsvc.name} spec.provider.virtualRouter.virtualRouterRef.name`,
      targetKind: 'VirtualRouter',
      group: 'appmesh.k8s.aws',
      name: ref.name,
      namespace: ref.namespace ?? this.namespaceOf(vsvc),
      role: site.role,
    };
    const rk = keyOf(hop.targetKind, hop.name);
    if (!this.referrers.has(rk)) this.referrers.set(rk, new Set());
    this.referrers.get(rk)!.add(o.uri);
    const router = this.resolve(o, hop)[0];
    return router ? checkAppMeshRouter(site, router.value) : [unresolved(hop, hop.namespace)];
  }

  /** A Rollout's pod labels: its template's, or the referenced workload's. */
  private podLabels(o: IndexedObject): JsonObject | undefined {
    const own = asOptionalObject(at(o.value, 'spec', 'template', 'metadata', 'labels'));
    const ref = o.sites.find((s) => s.role === 'workloadRef');
    if (!ref) return own;
    const w = this.resolve(o, ref)[0];
    return w ? asOptionalObject(at(w.value, 'spec', 'template', 'metadata', 'labels')) : undefined;
  }

  private siteAt(uri: string, offset: number): { object: IndexedObject; site: ReferenceSite } | undefined {
    for (const o of this.objectsIn(uri)) {
      if (offset < o.md.offset || offset > o.md.offset + o.md.text.length) continue;
      for (const site of o.sites) {
        const r = locate(o.md, site.path).valueRange;
        if (r && offset >= r.start && offset <= r.end && locate(o.md, site.path).exact) return { object: o, site };
      }
    }
    return undefined;
  }

  private targetsAt(uri: string, offset: number): IndexedObject[] {
    const hit = this.siteAt(uri, offset);
    if (hit) return this.resolve(hit.object, hit.site);
    for (const o of this.objectsIn(uri)) {
      const r = nameLocation(o).range;
      if (offset >= r.start && offset <= r.end) return [o];
    }
    return [];
  }

  private kustomizeNamespace(uri: string): string | undefined {
    if (this.nsCache.has(uri)) return this.nsCache.get(uri);
    let best: KustomizationInfo | undefined;
    for (const e of this.files.values()) {
      const k = e.kustomization;
      if (!k?.namespace) continue;
      const covers = k.resources.some((r) => (isFileResource(r) ? r === uri : uri.startsWith(r + '/')));
      if (covers && (!best || dirnameOf(k.uri).length < dirnameOf(best.uri).length)) best = k;
    }
    this.nsCache.set(uri, best?.namespace);
    return best?.namespace;
  }

  private link(uri: string, entry: FileEntry): void {
    for (const o of entry.objects) {
      const k = keyOf(o.kind, o.name);
      if (!this.byKey.has(k)) this.byKey.set(k, new Set());
      this.byKey.get(k)!.add(o);
      for (const s of o.sites) {
        const rk = keyOf(s.targetKind, s.name);
        if (!this.referrers.has(rk)) this.referrers.set(rk, new Set());
        this.referrers.get(rk)!.add(uri);
      }
    }
    if (entry.kustomization) this.forgetKustomizationDerived();
  }

  /** A kustomization came or went: the namespaces and patch files read from them are recomputed on demand. */
  private forgetKustomizationDerived(): void {
    this.nsCache.clear();
    this.patchSet = undefined;
  }

  private unlink(uri: string, entry: FileEntry): void {
    for (const o of entry.objects) {
      this.byKey.get(keyOf(o.kind, o.name))?.delete(o);
      for (const s of o.sites) this.referrers.get(keyOf(s.targetKind, s.name))?.delete(uri);
    }
    if (entry.kustomization) this.forgetKustomizationDerived();
  }

  private firePatchChanges(before: string[], after: string[]): void {
    const moved = [...before.filter((u) => !after.includes(u)), ...after.filter((u) => !before.includes(u))];
    if (moved.length) this.patchesChanged.fire(moved);
  }

  private invalidate(uris: string[]): string[] {
    for (const u of uris) this.findingsCache.delete(u);
    if (uris.length) this.changed.fire({ uris });
    return uris;
  }
}

/** Per Kind/name, the texts of the documents defining it: equal signatures mean nothing changed. */
function signatures(objects: readonly IndexedObject[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const o of objects) {
    const k = keyOf(o.kind, o.name);
    m.set(k, (m.get(k) ?? '') + '\u0000' + (o.md.namespace ?? '') + o.md.text);
  }
  return m;
}

function nameLocation(o: IndexedObject): Location {
  return { uri: o.uri, range: rangeForPath(o.md, ['metadata', 'name'], 'value') };
}

/** For the finding-code catalogue (src/core/validation/findingCodes.ts). */
export const UNRESOLVED: FindingCodeInfo = { code: 'references/unresolved', defaultSeverity: 'warning', description: 'A referenced object was not found in the workspace (it may exist only in the cluster).' };

function unresolved(site: ReferenceSite, ns: string | undefined): ReferenceProblem {
  const where = ns ? ` in namespace ${ns}` : '';
  return {
    ...codeAndSeverity(UNRESOLVED),
    path: site.path,
    message: `${site.targetKind} "${site.name}" was not found in the workspace${where}; it may exist only in the cluster (referenced by ${site.upstreamPath}).`,
  };
}

/** How many leading folders two URIs share (`apps/web/a.yaml` and `apps/web/base/b.yaml`: 2). */
function sharedFolderDepth(a: string, b: string): number {
  const x = dirnameOf(a).split('/');
  const y = dirnameOf(b).split('/');
  let n = 0;
  while (n < x.length && n < y.length && x[n] === y[n]) n++;
  return n;
}

/** A rule finding whose target was matched only by an assumed namespace: a warning that names the match. */
function asAssumedMatch(p: ReferenceProblem, site: ReferenceSite, target: IndexedObject, sourceNamespace: string | undefined): ReferenceProblem {
  const file = target.uri.replace(/^file:\/\//, '');
  const why = sourceNamespace ? `it has no namespace, so it may not be the one the controller reads in ${sourceNamespace}` : 'the namespaces are not known, so it may not be the one the controller reads';
  return { ...p, severity: p.severity === 'error' ? 'warning' : p.severity, message: `${p.message} (checked against ${site.targetKind} ${site.name} in ${file}; ${why})` };
}

function toFinding(md: ManifestDocument, p: ReferenceProblem): Finding {
  return { code: p.code, severity: p.severity, message: p.message, range: rangeForPath(md, p.path, 'value'), path: p.path, source: 'references', ...(p.fixes ? { fixes: p.fixes } : {}) };
}
