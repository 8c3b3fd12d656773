/**
 * The schema oracle (issue 9 §5 "Schema"): every document of the corpus of a vendored kind, and
 * seeded mutations of the valid ones (mutations.ts), judged by the real API server, with strict
 * field validation and server dry run, and by our validator; compared per document on the verdict
 * (error or not) and, where both reject, on the field path.
 *
 * Two server judges, both authoritative:
 * - `kubectl create --dry-run=server --validate=strict -f DIR -o name` of the server's release, one
 *   file per document, one kubectl run for all; its error lines name each file, so every error is
 *   attributed to its document, and the documents no error names are the accepted ones (their count
 *   must equal the names kubectl printed). This is the verdict the matrix uses;
 * - the API directly: POST of the same text as `application/yaml` with `?dryRun=All&fieldValidation=Strict`
 *   (what kubectl sends, except that kubectl decodes the YAML itself and sends JSON), concurrently.
 *   Where the two judges differ, the report says so (it happens only where client-side decoding
 *   differs from the server's YAML decoding, e.g. duplicate keys: kubectl keeps the last one, the
 *   server's strict YAML decoding rejects them).
 *
 * Ours: the CLI's assembly (ValidationEngine + fileFindings, as src/cli/lint.ts) against the CRD
 * release the stack installs (Argo Rollouts v1.9.1), error findings of the YAML and schema stages
 * only (the controllers' rules and the workspace references are not the API server's business).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { formatPath } from '../../../src/core/findings';
import { parseManifestFile } from '../../../src/core/manifest/manifestFile';
import { isGoTemplate } from '../../../src/core/manifest/templates';
import { rootSchema } from '../../../src/core/schema/catalog';
import { withObjectMeta } from '../../../src/core/schema/validateValue';
import { ValidationEngine } from '../../../src/core/validation/engine';
import { fileFindings } from '../../../src/core/validation/fileFindings';
import { WorkspaceIndex } from '../../../src/core/workspace/workspaceIndex';
import type { ApiClient } from '../stack/api';
import { objectPath } from '../stack/api';
import { KNOWN_DIFFERENCES, type Comparison, type KnownDifference, type Outcome } from './knownDifferences';
import { generateMutations, type MutationBase } from './mutations';
import { isBlankDocument, parseServerError, pathRelation, splitKubectlDocuments } from './serverMessages';

export const VENDORED_KINDS = ['Rollout', 'AnalysisTemplate', 'ClusterAnalysisTemplate', 'AnalysisRun', 'Experiment', 'Canary', 'MetricTemplate', 'AlertProvider'];

export interface OracleDocument {
  id: string;
  source: 'corpus' | 'mutation';
  text: string;
  op?: string;
  mutationPath?: string;
  description?: string;
  base?: string;
}

interface CorpusIndexEntry {
  file: string;
  expected: string;
}

/** The corpus documents of the vendored kinds, one per kubectl document, Helm templates left out. */
export function corpusDocuments(corpusDir: string): { docs: OracleDocument[]; skipped: { templates: number; otherKinds: number; blank: number } } {
  const index = JSON.parse(fs.readFileSync(path.join(corpusDir, 'INDEX.json'), 'utf8')) as CorpusIndexEntry[];
  const docs: OracleDocument[] = [];
  const skipped = { templates: 0, otherKinds: 0, blank: 0 };
  for (const e of index) {
    const text = fs.readFileSync(path.join(corpusDir, e.file), 'utf8').replace(/^\uFEFF/, '');
    splitKubectlDocuments(text).forEach((doc, i) => {
      if (isBlankDocument(doc)) return void skipped.blank++;
      if (e.expected === 'n/a-template' || isGoTemplate(doc)) return void skipped.templates++;
      const kind = /^kind:[ \t]*["']?([A-Za-z]+)/m.exec(doc)?.[1];
      const apiVersion = /^apiVersion:[ \t]*["']?([\w./-]+)/m.exec(doc)?.[1] ?? '';
      if (!kind || !VENDORED_KINDS.includes(kind) || !/^(argoproj\.io|flagger\.app)\//.test(apiVersion)) return void skipped.otherKinds++;
      docs.push({ id: `${e.file}[${i}]`, source: 'corpus', text: doc.endsWith('\n') ? doc : `${doc}\n` });
    });
  }
  return { docs, skipped };
}

/** Bases for mutations: the corpus documents the server accepted, decoded as kubectl decodes them. */
export function mutationBases(accepted: OracleDocument[]): MutationBase[] {
  const out: MutationBase[] = [];
  for (const d of accepted) {
    const md = parseManifestFile(d.text).documents.find((x) => !x.empty);
    if (!md?.known || typeof md.value !== 'object' || md.value === null) continue;
    const root = rootSchema(md.known, 'v1.9.1');
    if (!root) continue;
    out.push({ id: d.id, value: md.value as Record<string, unknown>, schema: withObjectMeta(root) });
  }
  return out;
}

export function mutationDocuments(bases: MutationBase[], count: number, seed: number): OracleDocument[] {
  return generateMutations(bases, count, seed).map((m) => ({ id: m.id, source: 'mutation', text: m.text, op: m.op, mutationPath: formatPath(m.path), description: m.description, base: m.base }));
}

export interface Verdict {
  error: boolean;
  message: string;
}

/** The namespaces the documents name (valid names only), to create before judging. */
export function namespacesOf(docs: OracleDocument[]): string[] {
  const out = new Set<string>();
  for (const d of docs) {
    const md = parseManifestFile(d.text).documents.find((x) => !x.empty);
    const ns = md?.namespace;
    if (typeof ns === 'string' && /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(ns)) out.add(ns);
  }
  return [...out].sort();
}

/** kubectl's judgement of every document: one file per document, one kubectl run. */
export async function kubectlJudge(kubectl: string, kubeconfig: string, docs: OracleDocument[], workDir: string): Promise<Map<string, Verdict>> {
  const dir = fs.mkdtempSync(path.join(workDir, 'oracle-docs-'));
  const names = docs.map((_, i) => `${String(i).padStart(6, '0')}.yaml`);
  docs.forEach((d, i) => fs.writeFileSync(path.join(dir, names[i]), d.text));
  const { stdout, stderr: raw } = await new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
    execFile(kubectl, ['--kubeconfig', kubeconfig, 'create', '--dry-run=server', '--validate=strict', '-o', 'name', '-f', dir], { maxBuffer: 256 << 20 }, (err, out, errOut) => {
      // Exit 1 is "some documents were rejected"; anything without output is kubectl failing as a whole.
      if (err && !out && !errOut) reject(new Error(`kubectl failed: ${(err as Error).message}`));
      else resolve({ stdout: out, stderr: errOut });
    });
  });
  // Warnings (e.g. duplicate ownerReferences) accompany accepted documents too: not verdicts.
  const stderr = raw
    .split('\n')
    .filter((l) => !l.startsWith('Warning: '))
    .join('\n');
  const messages = new Map<number, string>();
  const re = new RegExp(`${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/(\\d{6})\\.yaml`, 'g');
  const hits = [...stderr.matchAll(re)];
  hits.forEach((h, k) => {
    const i = Number(h[1]);
    const end = k + 1 < hits.length ? hits[k + 1].index : stderr.length;
    messages.set(i, ((messages.get(i) ?? '') + stderr.slice(h.index + h[0].length, end)).trim());
  });
  const unattributed = stderr
    .slice(0, hits[0]?.index ?? stderr.length)
    .split('\n')
    .filter((l) => l.trim() && !/^(Error from server|\[?error)/.test(l.trim()));
  if (unattributed.length) throw new Error(`kubectl printed errors no document is named in: ${unattributed.slice(0, 3).join(' | ')}`);
  const accepted = stdout.split('\n').filter((l) => l.trim()).length;
  if (accepted + messages.size !== docs.length) throw new Error(`kubectl judged ${accepted} accepted + ${messages.size} rejected of ${docs.length} documents: some document is unaccounted for`);
  fs.rmSync(dir, { recursive: true, force: true });
  const out = new Map<string, Verdict>();
  docs.forEach((d, i) => {
    const m = messages.get(i);
    out.set(d.id, m === undefined ? { error: false, message: '' } : { error: true, message: trimKubectlRecord(m) });
  });
  return out;
}

/** A file's slice of kubectl's stderr without the separators around it (the next record's prefix, quotes, brackets). */
export function trimKubectlRecord(m: string): string {
  return m
    .replace(/^[":\s]+/, '')
    .replace(/(\n|, )?(Error from server \([^)]*\): error when creating |error parsing |unable to decode |error validating |\[|error: )*"?\s*$/, '')
    .replace(/[\],\s]+$/, '')
    .trim();
}

/** The API's judgement: POST application/yaml with dryRun=All&fieldValidation=Strict, `concurrency` at a time. */
export async function apiJudge(api: ApiClient, docs: OracleDocument[], concurrency = 8): Promise<Map<string, Verdict>> {
  const out = new Map<string, Verdict>();
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= docs.length) return;
      const d = docs[i];
      const md = parseManifestFile(d.text).documents.find((x) => !x.empty);
      const apiVersion = /^apiVersion:[ \t]*["']?([\w./-]+)/m.exec(d.text)?.[1] ?? String(md?.apiVersion);
      const kind = /^kind:[ \t]*["']?([A-Za-z]+)/m.exec(d.text)?.[1] ?? String(md?.kind);
      const ns = typeof md?.namespace === 'string' && md.namespace ? md.namespace : 'default';
      const r = await api.request('POST', `${objectPath(apiVersion, kind, ns)}?dryRun=All&fieldValidation=Strict`, d.text, 'application/yaml', 30_000);
      if (r.status >= 200 && r.status < 300) out.set(d.id, { error: false, message: '' });
      else {
        let message = r.text;
        try {
          message = JSON.parse(r.text).message ?? r.text;
        } catch {
          /* not a Status */
        }
        out.set(d.id, { error: true, message: `${r.status}: ${message}` });
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return out;
}

export interface OurVerdict {
  error: boolean;
  findings: { code: string; path: string; message: string }[];
}

/** Our verdict: the CLI's assembly, error findings of the YAML and schema stages. */
export function ourJudge(docs: OracleDocument[]): Map<string, OurVerdict> {
  const engine = new ValidationEngine({ argoSchemaVersion: 'v1.9.1', maxFileBytes: 5 * 1024 * 1024 });
  const out = new Map<string, OurVerdict>();
  for (const d of docs) {
    const uri = `oracle/${d.id}.yaml`;
    const r = engine.validate(uri, d.text);
    engine.forget(uri);
    const index = new WorkspaceIndex();
    if (!r.skipped) index.setFile(uri, d.text, r.file);
    const findings = fileFindings({ uri, validation: r, textLength: d.text.length, crossFile: index })
      .filter((f) => f.severity === 'error' && (f.source === 'schema' || f.source === 'yaml') && !/^(argo|flagger|references)\//.test(f.code))
      .map((f) => ({ code: f.code, path: formatPath(f.path), message: f.message }));
    out.set(d.id, { error: findings.length > 0, findings });
  }
  return out;
}

export interface OracleResult {
  docs: OracleDocument[];
  comparisons: (Comparison & { known?: KnownDifference; pathAgreement?: 'exact' | 'near' | 'none' | 'n/a' })[];
  judgesDiffer: { id: string; kubectl: Verdict; api: Verdict }[];
  /** How many documents the direct API call judged too. */
  apiSample: number;
  unusedKnown: KnownDifference[];
  timings: Record<string, number>;
}

export function compare(docs: OracleDocument[], server: Map<string, Verdict>, ours: Map<string, OurVerdict>, known: readonly KnownDifference[] = KNOWN_DIFFERENCES): Pick<OracleResult, 'comparisons' | 'unusedKnown'> {
  const used = new Set<KnownDifference>();
  const comparisons: OracleResult['comparisons'] = [];
  for (const d of docs) {
    const s = server.get(d.id)!;
    const o = ours.get(d.id)!;
    const outcome: Outcome = s.error && o.error ? 'both-error' : !s.error && !o.error ? 'both-accept' : o.error ? 'only-ours' : 'only-server';
    const parsed = parseServerError(s.message);
    let pathAgreement: 'exact' | 'near' | 'none' | 'n/a' | undefined;
    const unmatchedServerPaths: string[] = [];
    if (outcome === 'both-error') {
      if (parsed.paths.length === 0) pathAgreement = 'n/a';
      else {
        const rel = parsed.paths.map((sp) => (o.findings.some((f) => pathRelation(sp, f.path) === 'exact') ? 'exact' : o.findings.some((f) => pathRelation(sp, f.path)) ? 'near' : 'none'));
        parsed.paths.forEach((sp, i) => rel[i] === 'none' && unmatchedServerPaths.push(sp));
        pathAgreement = rel.includes('none') ? 'none' : rel.includes('near') ? 'near' : 'exact';
      }
    }
    const disagreement = outcome === 'only-ours' || outcome === 'only-server' ? 'mismatch' : pathAgreement === 'none' ? 'path' : undefined;
    const c: OracleResult['comparisons'][number] = {
      id: d.id,
      source: d.source,
      op: d.op,
      mutationPath: d.mutationPath,
      text: d.text,
      outcome,
      disagreement,
      server: { message: s.message, kind: parsed.kind, paths: parsed.paths },
      unmatchedServerPaths,
      ours: o.findings,
      pathAgreement,
    };
    if (disagreement) {
      c.known = known.find((k) => k.matches(c));
      if (c.known) used.add(c.known);
    }
    comparisons.push(c);
  }
  return { comparisons, unusedKnown: known.filter((k) => !used.has(k)) };
}

/** The matrix and the findings as Markdown (test-artifacts/schema-oracle.md). */
export function renderReport(r: OracleResult): string {
  const rows = (filter: (c: OracleResult['comparisons'][number]) => boolean) => {
    const cs = r.comparisons.filter(filter);
    const n = (o: Outcome) => cs.filter((c) => c.outcome === o).length;
    return { total: cs.length, both: n('both-error'), accept: n('both-accept'), ours: n('only-ours'), server: n('only-server') };
  };
  const line = (label: string, x: ReturnType<typeof rows>) => `| ${label} | ${x.total} | ${x.both} | ${x.accept} | ${x.ours} | ${x.server} |`;
  const out: string[] = [
    '# Schema oracle: the real API server against our validator',
    '',
    "Generated by test/integration/upstream/schemaOracle.test.ts (kube-apiserver v1.35.4, the vendored CRDs: Argo Rollouts v1.9.1 and Flagger; `kubectl create --dry-run=server --validate=strict`, one file per document; ours: the CLI's assembly with `--argo-version v1.9.1`, error findings of the YAML and schema stages).",
    '',
    '## Verdicts',
    '',
    '| documents | total | both error | both accept | only we error | only the server errors |',
    '|---|---|---|---|---|---|',
    line(
      'corpus',
      rows((c) => c.source === 'corpus'),
    ),
    line(
      'mutations',
      rows((c) => c.source === 'mutation'),
    ),
    line(
      'all',
      rows(() => true),
    ),
    '',
  ];
  const both = r.comparisons.filter((c) => c.outcome === 'both-error');
  const pa = (k: string) => both.filter((c) => c.pathAgreement === k).length;
  out.push(
    '## Field paths where both reject',
    '',
    '| exact (every path the server names, we name) | near (ancestor/descendant) | different | server names no path |',
    '|---|---|---|---|',
    `| ${pa('exact')} | ${pa('near')} | ${pa('none')} | ${pa('n/a')} |`,
    '',
  );
  const ops = [...new Set(r.comparisons.filter((c) => c.op).map((c) => c.op!))];
  out.push('## Mutations by operator', '', '| operator | total | both error | both accept | only we error | only the server errors |', '|---|---|---|---|---|---|');
  for (const op of ops)
    out.push(
      line(
        op,
        rows((c) => c.op === op),
      ),
    );
  out.push('');
  out.push(
    '## The two server judges',
    '',
    `kubectl and the direct API call (POST application/yaml, dryRun=All, fieldValidation=Strict) differ on ${r.judgesDiffer.length} of the ${r.apiSample} documents both judged (every corpus document, every fourth mutation).`,
    '',
  );
  for (const j of r.judgesDiffer.slice(0, 20)) out.push(`- \`${j.id}\`: kubectl ${j.kubectl.error ? `rejects (${oneLine(j.kubectl.message)})` : 'accepts'}; API ${j.api.error ? `rejects (${oneLine(j.api.message)})` : 'accepts'}`);
  out.push('', '## Timings', '', ...Object.entries(r.timings).map(([k, v]) => `- ${k}: ${(v / 1000).toFixed(1)} s`), '');
  const disagreements = r.comparisons.filter((c) => c.disagreement);
  out.push('## Disagreements', '');
  const byKnown = new Map<string, typeof disagreements>();
  for (const c of disagreements) {
    const k = c.known ? `${c.known.class}: ${c.known.name}` : 'NOT LISTED (fails the test)';
    byKnown.set(k, [...(byKnown.get(k) ?? []), c]);
  }
  for (const [k, cs] of byKnown) {
    const known = cs[0].known;
    out.push(`### ${k} (${cs.length})`, '', ...(known ? [known.reason, ''] : []));
    for (const c of cs.slice(0, 8)) {
      out.push(`- \`${c.id}\`${c.op ? ` (${c.op} at \`${c.mutationPath}\`)` : ''}: ${c.outcome}${c.disagreement === 'path' ? ' (paths differ)' : ''}`);
      out.push(`  - server: ${c.server.message ? oneLine(c.server.message) : 'accepted'}`);
      out.push(`  - ours: ${c.ours.length ? c.ours.map((f) => `${f.code} \`${f.path}\``).join('; ') : 'no error'}`);
    }
    if (cs.length > 8) out.push(`- … and ${cs.length - 8} more`);
    out.push('');
  }
  if (r.unusedKnown.length) out.push('## Allowlist entries that matched nothing (fails the test)', '', ...r.unusedKnown.map((k) => `- ${k.name}`), '');
  return out.join('\n');
}

function oneLine(s: string): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > 300 ? `${t.slice(0, 300)}…` : t;
}

export interface OracleOptions {
  kubectl: string;
  kubeconfig: string;
  api: ApiClient;
  corpusDir: string;
  mutations: number;
  seed: number;
  workDir: string;
  log?: (line: string) => void;
}

/** The whole comparison: corpus, then mutations of what the server accepted; both judges, ours, compared. */
export async function runSchemaOracle(o: OracleOptions): Promise<OracleResult> {
  const log = o.log ?? (() => {});
  const timings: Record<string, number> = {};
  const timed = async <T>(name: string, f: () => T | Promise<T>): Promise<T> => {
    const t = Date.now();
    const v = await f();
    timings[name] = (timings[name] ?? 0) + Date.now() - t;
    return v;
  };
  const { docs: corpus, skipped } = corpusDocuments(o.corpusDir);
  log(`corpus: ${corpus.length} documents of the vendored kinds (left out: ${skipped.otherKinds} of other kinds, ${skipped.templates} Helm templates, ${skipped.blank} blank)`);
  const ensureNamespaces = async (docs: OracleDocument[]) => {
    for (const ns of namespacesOf(docs)) await o.api.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  };
  await timed('namespaces', () => ensureNamespaces(corpus));
  const corpusVerdicts = await timed(`kubectl (${corpus.length} corpus documents)`, () => kubectlJudge(o.kubectl, o.kubeconfig, corpus, o.workDir));
  const corpusOurs = ourJudge(corpus);
  // Mutations start from valid documents: the ones both the server and we accept.
  const accepted = corpus.filter((d) => !corpusVerdicts.get(d.id)!.error && !corpusOurs.get(d.id)!.error);
  const bases = mutationBases(accepted);
  const mutations = await timed(`generating ${o.mutations} mutations`, () => mutationDocuments(bases, o.mutations, o.seed));
  log(`mutations: ${mutations.length} of ${bases.length} accepted corpus documents (seed ${o.seed})`);
  await timed('namespaces', () => ensureNamespaces(mutations));
  const mutationVerdicts = await timed(`kubectl (${mutations.length} mutations)`, () => kubectlJudge(o.kubectl, o.kubeconfig, mutations, o.workDir));
  const docs = [...corpus, ...mutations];
  const server = new Map([...corpusVerdicts, ...mutationVerdicts]);
  // The second judge on a deterministic sample: every corpus document and every fourth mutation.
  const sample = [...corpus, ...mutations.filter((_, i) => i % 4 === 0)];
  const api = await timed(`direct API (a sample of ${sample.length} documents, 8 concurrent)`, () => apiJudge(o.api, sample));
  const ours = await timed(`our validator (${docs.length} documents)`, () => ourJudge(docs));
  const judgesDiffer = sample.filter((d) => server.get(d.id)!.error !== api.get(d.id)!.error).map((d) => ({ id: d.id, kubectl: server.get(d.id)!, api: api.get(d.id)! }));
  const { comparisons, unusedKnown } = compare(docs, server, ours);
  return { docs, comparisons, judgesDiffer, apiSample: sample.length, unusedKnown, timings };
}
