/**
 * A small repository for the output-format tests: a clean Canary with its Deployment, one with a
 * schema error (and a comma, a colon and quotes in its message), one with an unresolved target (a
 * warning), an unreadable path, and a hand-made run with the characters each format must escape.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../../../src/cli';
import type { CliIO } from '../../../../src/cli/command';
import { lineStarts, type Finding } from '../../../../src/core/findings';
import type { LintRun } from '../../../../src/cli/lint/formats';

const CANARY = `apiVersion: flagger.app/v1beta1
kind: Canary
metadata:
  name: podinfo
spec:
  targetRef: {apiVersion: apps/v1, kind: Deployment, name: podinfo}
  service:
    port: 9898
  analysis:
    interval: 1m
    threshold: 5
    iterations: 10
`;

const DEPLOYMENT =
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: podinfo\nspec:\n  selector: {matchLabels: {app: podinfo}}\n  template:\n    metadata: {labels: {app: podinfo}}\n    spec:\n      containers: [{name: app, image: podinfo}]\n';

export function lintRepo(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rollout-lens-formats-'));
  fs.mkdirSync(path.join(dir, 'apps', 'with space'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'apps', 'good.yaml'), CANARY);
  fs.writeFileSync(path.join(dir, 'apps', 'deployment.yaml'), DEPLOYMENT);
  fs.writeFileSync(path.join(dir, 'apps', 'with space', 'bad.yaml'), CANARY.replace('iterations: 10', 'iterations: "ten, or: eleven"'));
  fs.writeFileSync(path.join(dir, 'apps', 'lone.yaml'), CANARY.replace('name: podinfo}', 'name: elsewhere}').replace('name: podinfo\n', 'name: lone\n'));
  return dir;
}

export async function lintOutput(dir: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { stdout: (t) => void (out += t), stderr: (t) => void (err += t), readStdin: () => Promise.resolve(''), isInteractive: false, prompt: () => Promise.resolve(''), cwd: dir, env };
  const code = await main(['lint', ...args], io);
  return { code, out, err };
}

/** Characters every format has to carry: %, CR/LF, `:` and `,`, XML's five, a control character, an astral one. */
export const NASTY = 'bad %25 value: "a,b" <x> & \'y\'\r\nsecond line \u0007 \u{1F680}';

export function nastyRun(): LintRun {
  const text = 'kind: Rollout\nspec:\n  replicas: x\n';
  const finding = (code: string, severity: Finding['severity'], start: number, end: number): Finding => ({ code, severity, message: NASTY, range: { start, end }, path: ['spec', 'replicas'], source: 'schema' });
  return {
    reports: [
      { path: 'dir,with:odd%chars/r.yaml', starts: lineStarts(text), findings: [finding('schema/type', 'error', 32, 33), finding('schema/unknown-field', 'warning', 14, 18)] },
      { path: 'clean.yaml', starts: [0], findings: [] },
      { path: 'huge.yaml', starts: [0], findings: [], skipped: 'Not validated: the file is larger than the 10 bytes limit' },
    ],
    ioErrors: ['missing.yaml: no such file or directory'],
    counts: { error: 1, warning: 1, info: 0, hint: 0 },
  };
}
