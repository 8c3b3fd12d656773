// Loads the upstream status fixtures (test/fixtures/status/argo-rollouts, see its SOURCE.md) the way upstream's
// pkg/kubectl-argo-rollouts/info/testdata/testdata.go does: files in name order, every creationTimestamp set
// to a week before `now` (truncated to the second), and an AnalysisRun's first metric's measurements started
// and finished at that instant.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

export const FIXTURES = path.resolve(__dirname, '../../../fixtures/status/argo-rollouts');
/** A fixed clock with a sub-second part, so truncation matters as it does upstream. */
export const NOW = new Date('2026-03-01T12:00:00.600Z');

type Obj = Record<string, any>;

export interface FixtureObjects {
  rollouts: Obj[];
  replicaSets: Obj[];
  pods: Obj[];
  experiments: Obj[];
  analysisRuns: Obj[];
  other: Obj[];
}

export function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export function loadFixture(folder: string, now = NOW): FixtureObjects {
  const dir = path.join(FIXTURES, folder);
  const aWeekAgo = rfc3339(now.getTime() - 7 * 24 * 3600 * 1000);
  const out: FixtureObjects = { rollouts: [], replicaSets: [], pods: [], experiments: [], analysisRuns: [], other: [] };
  for (const file of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    const o = parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Obj;
    o.metadata = { ...(o.metadata ?? {}), creationTimestamp: aWeekAgo };
    switch (o.kind) {
      case 'Rollout':
        out.rollouts.push(o);
        break;
      case 'ReplicaSet':
        out.replicaSets.push(o);
        break;
      case 'Pod':
        out.pods.push(o);
        break;
      case 'Experiment':
        out.experiments.push(o);
        break;
      case 'AnalysisRun':
        for (const m of o.status?.metricResults?.[0]?.measurements ?? []) {
          m.startedAt = aWeekAgo;
          m.finishedAt = aWeekAgo;
        }
        out.analysisRuns.push(o);
        break;
      default:
        out.other.push(o);
    }
  }
  return out;
}

export interface ExpectedView {
  test: string;
  folder: string;
  command: 'rollout' | 'experiment';
  output: string;
}

/** The sections of EXPECTED.md: test name, fixture folder, command, and the expected text. */
export function loadExpected(): ExpectedView[] {
  const md = fs.readFileSync(path.join(FIXTURES, 'EXPECTED.md'), 'utf8');
  const views: ExpectedView[] = [];
  for (const section of md.split(/^## /m).slice(1)) {
    const test = section.slice(0, section.indexOf('\n')).trim();
    const folder = /Fixture folder: `([^`]+)\/`/.exec(section)?.[1];
    const command = /kubectl argo rollouts get (rollout|experiment)/.exec(section)?.[1] as ExpectedView['command'] | undefined;
    const block = /^(`{3,})text\n([\s\S]*?)^\1$/m.exec(section);
    if (!folder || !command || !block) throw new Error(`EXPECTED.md section ${test} is malformed`);
    views.push({ test, folder, command, output: block[2] });
  }
  return views;
}

/** upstream get_test.go's stripTrailingWhitespace: trailing spaces are not part of the contract. */
export function stripTrailingSpaces(s: string): string {
  return s
    .split('\n')
    .map((l) => l.replace(/ +$/, ''))
    .join('\n');
}
