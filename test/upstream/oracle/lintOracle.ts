/**
 * The controller-rules oracle (issue 9 §5 "Controller rules"): the real `kubectl argo rollouts lint -f
 * FILE` (v1.9.1, built by ../build.mjs) and `rollout-lens lint --format json FILE` on the same file,
 * compared on the verdict (any error or not) and, where both error, on the first message.
 *
 * Each input is written alone into its own scratch folder and both tools run there, one file per run:
 * the plugin lints one file, and `rollout-lens lint` reads the repository around a named file
 * (kustomizations, references), so a folder of its own keeps the comparison to that file's text.
 * Ours runs with `--argo-version v1.9.1 --root <folder>` (the plugin's release and CRDs), in process
 * (`main()` of src/cli.ts with captured output: the command `node dist/cli.js` runs, without a Node
 * start per file, which on a shared 2-core machine cost seconds each); `checkBundle` runs the built
 * bundle as a process on a sample and requires the same output, so the shipped CLI is what is judged.
 *
 * The plugin: its error list is `validation.ValidateRollout` + `ValidateRolloutReferencedResources`
 * for every Rollout of the file; it prints each error's body on stdout and exits 1 with `Error:
 * <first error>` on stderr (cobra). Before that it decodes every document strictly (gopkg.in/yaml.v2,
 * then sigs.k8s.io/yaml with DisallowUnknownFields into Rollout, Service, Ingress), so it also fails
 * on schema problems with a Go decoding message: those count for the verdict, not for the message.
 *
 * Ours: the error-severity findings. Rule findings quote upstream's `field.Error` first and add
 * advice after ` — `; the first-message check asks whether the plugin's first error is the upstream
 * part of one of our error findings (ours are sorted by position, upstream's by check order).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { main } from '../../../src/cli';
import type { CliIO } from '../../../src/cli/command';

export type LintOutcome = 'both-error' | 'both-clean' | 'only-ours' | 'only-plugin';

export interface LintInput {
  id: string;
  source: 'corpus' | 'mutation';
  /** File name to write (keeps the corpus file's extension). */
  fileName: string;
  text: string;
  /** For mutations: which rule it aims at and what it changed. */
  rule?: string;
  description?: string;
}

export interface PluginVerdict {
  exitCode: number;
  /** The first error (`Error: ...` on stderr), '' when clean. */
  first: string;
  /** Every error body printed on stdout (validation errors only). */
  bodies: string[];
  /** The plugin failed while decoding (strict YAML/JSON), before any validation rule ran. */
  decode: boolean;
}

export interface OurFinding {
  code: string;
  message: string;
  path: string;
}

export interface OurVerdict {
  exitCode: number;
  errors: OurFinding[];
  skipped?: string;
}

export interface LintComparison {
  input: LintInput;
  plugin: PluginVerdict;
  ours: OurVerdict;
  outcome: LintOutcome;
  /** Both error and the plugin's error is a validation message (not a decode failure). */
  messageComparable: boolean;
  /** The plugin's first message is the upstream part of one of our error findings. */
  messageAgrees: boolean;
  /** The code of our finding that carries the plugin's first message. */
  matchedCode?: string;
}

function run(cmd: string, args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 32 << 20, timeout: 120_000 }, (err, stdout, stderr) => {
      if (err && typeof err.code !== 'number') return reject(new Error(`${cmd} ${args.join(' ')}: ${err.message}\n${stderr}`));
      resolve({ code: err ? (err.code as number) : 0, stdout, stderr });
    });
  });
}

/** `Error: ...` lines cobra prints; an error can span lines (yaml.v2 errors list several). */
export function parsePluginOutput(code: number, stdout: string, stderr: string): PluginVerdict {
  const at = stderr.indexOf('Error: ');
  const first = at >= 0 ? stderr.slice(at + 'Error: '.length).trim() : '';
  const bodies = stdout.split('\n').filter((l) => l.trim() !== '');
  if (code !== 0 && !first) throw new Error(`kubectl-argo-rollouts lint exited ${code} without an "Error:" line:\n${stderr}${stdout}`);
  if (code === 0 && first) throw new Error(`kubectl-argo-rollouts lint exited 0 with an error line: ${first}`);
  // Validation errors are printed (their bodies) on stdout before cobra prints the first one; a
  // decoding failure returns before anything is printed.
  return { exitCode: code, first, bodies, decode: code !== 0 && bodies.length === 0 };
}

interface JsonReport {
  files: { path: string; skipped?: string; findings: { code: string; severity: string; message: string; path: (string | number)[] }[] }[];
  ioErrors: string[];
}

export function parseOurOutput(code: number, stdout: string, stderr: string): OurVerdict {
  if (code !== 0 && code !== 1) throw new Error(`rollout-lens lint exited ${code}: ${stderr}`);
  const doc = JSON.parse(stdout) as JsonReport;
  if (doc.ioErrors.length) throw new Error(`rollout-lens lint: ${doc.ioErrors.join('; ')}`);
  if (doc.files.length !== 1) throw new Error(`rollout-lens lint reported ${doc.files.length} files, expected 1`);
  const f = doc.files[0];
  const errors = f.findings.filter((x) => x.severity === 'error').map((x) => ({ code: x.code, message: x.message, path: x.path.join('.') }));
  if ((code === 1) !== errors.length > 0) throw new Error(`rollout-lens lint exit ${code} with ${errors.length} error finding(s)`);
  return { exitCode: code, errors, ...(f.skipped ? { skipped: f.skipped } : {}) };
}

/** Our message's upstream part: everything before the advice separator. */
export function upstreamPart(message: string): string {
  const at = message.indexOf(' — ');
  return at >= 0 ? message.slice(0, at) : message;
}

export function compare(input: LintInput, plugin: PluginVerdict, ours: OurVerdict): LintComparison {
  const pe = plugin.exitCode !== 0;
  const oe = ours.errors.length > 0;
  const outcome: LintOutcome = pe && oe ? 'both-error' : !pe && !oe ? 'both-clean' : oe ? 'only-ours' : 'only-plugin';
  const messageComparable = outcome === 'both-error' && !plugin.decode;
  const match = messageComparable ? ours.errors.find((e) => upstreamPart(e.message) === plugin.first) : undefined;
  return { input, plugin, ours, outcome, messageComparable, messageAgrees: !!match, ...(match ? { matchedCode: match.code } : {}) };
}

const ourArgs = (dir: string, file: string) => ['lint', '--format', 'json', '--argo-version', 'v1.9.1', '--root', dir, file];

/** `rollout-lens lint` in process: main() with captured output, cwd the input's folder. */
export async function runOursInProcess(dir: string, file: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    readStdin: () => Promise.reject(new Error('no stdin in the oracle')),
    isInteractive: false,
    prompt: () => Promise.reject(new Error('no prompt in the oracle')),
    cwd: dir,
    env: {},
  };
  const code = await main(ourArgs(dir, file), io);
  return { code, stdout, stderr };
}

const inputDir = (scratch: string, i: number) => path.join(scratch, String(i).padStart(4, '0'));

/** Runs both tools on every input, `concurrency` plugin processes at a time (ours in process). */
export async function runLintOracle(inputs: LintInput[], opts: { plugin: string; scratch: string; concurrency?: number }): Promise<LintComparison[]> {
  const out: LintComparison[] = new Array(inputs.length);
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= inputs.length) return;
      const input = inputs[i];
      const dir = inputDir(opts.scratch, i);
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, input.fileName), input.text);
      const p = await run(opts.plugin, ['lint', '-f', input.fileName], dir);
      const o = await runOursInProcess(dir, input.fileName);
      try {
        out[i] = compare(input, parsePluginOutput(p.code, p.stdout, p.stderr), parseOurOutput(o.code, o.stdout, o.stderr));
      } catch (e) {
        throw new Error(`${input.id}: ${(e as Error).message}`, { cause: e });
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency ?? 2 }, worker));
  return out;
}

/**
 * The built CLI (`node <bundle> lint --format json ...`) on the given inputs (already written by
 * runLintOracle): returns the ids whose exit code or JSON differ from the in-process run.
 */
export async function checkBundle(inputs: LintInput[], indexes: number[], opts: { scratch: string; ourCli: string }): Promise<string[]> {
  const differ: string[] = [];
  for (const i of indexes) {
    const dir = inputDir(opts.scratch, i);
    const file = inputs[i].fileName;
    const b = await run(process.execPath, [opts.ourCli, ...ourArgs(dir, file)], dir);
    const o = await runOursInProcess(dir, file);
    if (b.code !== o.code || b.stdout !== o.stdout) differ.push(`${inputs[i].id} (bundle exit ${b.code}, in process ${o.code})`);
  }
  return differ;
}

export interface LintMatrix {
  total: number;
  counts: Record<LintOutcome, number>;
  bySource: Record<'corpus' | 'mutation', Record<LintOutcome, number>>;
  /** Both error on a validation message (not a decode failure), and how many of those agree. */
  comparable: number;
  agree: number;
  pluginDecodeErrors: number;
}

const zero = (): Record<LintOutcome, number> => ({ 'both-error': 0, 'both-clean': 0, 'only-ours': 0, 'only-plugin': 0 });

export function matrixOf(results: LintComparison[]): LintMatrix {
  const m: LintMatrix = { total: results.length, counts: zero(), bySource: { corpus: zero(), mutation: zero() }, comparable: 0, agree: 0, pluginDecodeErrors: 0 };
  for (const r of results) {
    m.counts[r.outcome]++;
    m.bySource[r.input.source][r.outcome]++;
    if (r.messageComparable) m.comparable++;
    if (r.messageAgrees) m.agree++;
    if (r.plugin.decode) m.pluginDecodeErrors++;
  }
  return m;
}
