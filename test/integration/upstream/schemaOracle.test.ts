/**
 * The schema oracle (issue 9 §5 "Schema"): every corpus document of a vendored kind and 2,400
 * seeded mutations of the ones the server accepts go through the real kube-apiserver (v1.35.4, the
 * vendored CRDs, `kubectl create --dry-run=server --validate=strict` of the same release, and the
 * API directly as a second judge) and through our validator (the CLI's assembly). Every document
 * must get the same verdict, and where both reject, the paths the server names must be ours (or
 * their ancestors/descendants); every exception is an entry of test/upstream/oracle/knownDifferences.ts
 * with its reason, and an entry nothing matches any more fails too. The matrix goes to
 * test-artifacts/schema-oracle.md and to the test output.
 *
 * A bare stack (etcd + kube-apiserver, no controllers). ROLLOUT_LENS_UPSTREAM=off skips it, saying
 * so; without Go or the binaries it fails, naming what to install.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startUpstreamCluster, type UpstreamCluster } from '../../upstream/stack/index';
import { renderReport, runSchemaOracle, type OracleResult } from '../../upstream/oracle/schemaOracle';

const off = process.env.ROLLOUT_LENS_UPSTREAM === 'off';
if (off) console.log('# schema oracle skipped: ROLLOUT_LENS_UPSTREAM=off');
const skip = off ? 'ROLLOUT_LENS_UPSTREAM=off' : undefined;

const root = path.resolve(__dirname, '..', '..', '..');
const MUTATIONS = 2400;
const SEED = 9;

let cluster: UpstreamCluster | undefined;
let result: OracleResult;
let workDir: string;

before(
  async () => {
    if (off) return;
    cluster = await startUpstreamCluster({ controllers: false, log: (l) => console.log(`# upstream: ${l}`) });
    assert.ok(cluster.binaries.kubectl, "the stack built kubectl of the server's release");
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oracle-schema-'));
    result = await runSchemaOracle({
      kubectl: cluster.binaries.kubectl,
      kubeconfig: cluster.kubeconfigPath,
      api: cluster.api,
      corpusDir: path.join(root, 'test', 'fixtures', 'corpus'),
      mutations: MUTATIONS,
      seed: SEED,
      workDir,
      log: (l) => console.log(`# oracle: ${l}`),
    });
    const report = renderReport(result);
    const out = path.join(root, 'test-artifacts', 'schema-oracle.md');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, report);
    console.log(report.split('## Disagreements')[0].replace(/^/gm, '# '));
    console.log(`# schema oracle report: ${path.relative(root, out)}`);
  },
  // A cold run builds the binaries first; a warm one starts in ~25 s and judges in a few minutes.
  { timeout: 90 * 60_000 },
);

after(async () => {
  await cluster?.stop();
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

test('the oracle judged every corpus document of a vendored kind and at least 2,000 mutations', { skip }, () => {
  const corpus = result.comparisons.filter((c) => c.source === 'corpus');
  const mutations = result.comparisons.filter((c) => c.source === 'mutation');
  assert.ok(corpus.length >= 300, `corpus documents judged: ${corpus.length}`);
  assert.ok(mutations.length >= 2000, `mutations judged: ${mutations.length}`);
  // Both verdicts occur among the mutations: the generator makes valid variants as well as invalid ones.
  assert.ok(mutations.some((c) => c.outcome === 'both-accept') && mutations.some((c) => c.outcome === 'both-error'));
});

test('our verdict agrees with the API server on every document, except the listed known differences', { skip }, () => {
  const unlisted = result.comparisons.filter((c) => c.disagreement && !c.known);
  const show = unlisted
    .slice(0, 15)
    .map(
      (c) =>
        `${c.id}${c.op ? ` [${c.op} ${c.mutationPath}]` : ''}: ${c.outcome}${c.disagreement === 'path' ? ' (paths differ)' : ''}\n    server: ${c.server.message.slice(0, 240) || 'accepted'}\n    ours: ${c.ours.map((f) => `${f.code} ${f.path}`).join('; ') || 'no error'}`,
    );
  assert.equal(unlisted.length, 0, `${unlisted.length} disagreements are not in test/upstream/oracle/knownDifferences.ts:\n${show.join('\n')}`);
});

test('every known difference still occurs (an entry nothing matches is stale)', { skip }, () => {
  assert.deepEqual(
    result.unusedKnown.map((k) => k.name),
    [],
  );
});

test('kubectl and the direct API call judge alike, except where kubectl decodes YAML the server would reject as written', { skip }, () => {
  // kubectl decodes the YAML itself (go-yaml, the last of duplicate keys wins) and sends JSON; the
  // direct call sends the YAML, which the server decodes strictly. Nothing else may differ.
  const other = result.judgesDiffer.filter((j) => !(j.kubectl.error === false && /already set in map|duplicate/.test(j.api.message)));
  assert.deepEqual(
    other.map((j) => `${j.id}: kubectl ${j.kubectl.message || 'accepts'} / API ${j.api.message || 'accepts'}`),
    [],
  );
});
