/**
 * `rollout-lens lint`: the editor's validation engine over files, directories or stdin, for a
 * config repo's CI. Exit codes: 0 no errors (warnings and infos are printed but do not fail the
 * run), 1 at least one error finding, 2 usage or I/O error (a path that cannot be read, a bad flag).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lineStarts, positionAt, withSeverityOverrides, type Finding, type Severity } from '../core/findings';
import type { ArgoSchemaVersion } from '../core/schema/catalog';
import { DEFAULT_MAX_FILE_BYTES, ValidationEngine, type FileValidation } from '../core/validation/engine';
import { withoutIncompleteObjectFindings } from '../core/workspace/patchFragments';
import { WorkspaceIndex } from '../core/workspace/workspaceIndex';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type CliCommand, type CliIO } from './command';

const SKIPPED_DIRS = new Set(['node_modules', '.git']);

const USAGE = `Usage: rollout-lens lint [paths...|-] [options]

Validates Argo Rollouts and Flagger manifests (other documents are left alone) against the CRD
schemas with the API server's semantics and the controllers' rules. Directories are searched for
*.yaml and *.yml (node_modules and .git are skipped); "-" reads standard input; no path means ".".

Options:
  --format human|json          output format (default: human: file:line:col severity code message)
  --argo-version latest|v1.9.1 Argo Rollouts CRD version your clusters run (default: latest)
  --max-file-size N            skip files larger than N bytes (suffixes k, m allowed; default 2m,
                               the editor's default too)
  --severity CODE=LEVEL        change a finding's severity (error|warning|info|off), e.g.
                               --severity references/unresolved=off; repeatable
  --flagger-no-cross-namespace-refs
                               Flagger runs with -no-cross-namespace-refs: report metric templates,
                               alert providers and Gloo upstreams in other namespaces

Exit status: 0 no errors (warnings do not fail), 1 errors found, 2 usage or I/O error.
`;

interface LintOptions {
  paths: string[];
  format: 'human' | 'json';
  argoVersion: ArgoSchemaVersion;
  maxFileBytes: number;
  flaggerNoCrossNamespaceRefs: boolean;
  severityOverrides: Record<string, Severity | 'off'>;
}

interface FileReport {
  path: string;
  findings: Finding[];
  starts: number[];
  skipped?: string;
}

export function parseLintArgs(args: string[]): LintOptions | string {
  const o: LintOptions = { paths: [], format: 'human', argoVersion: 'latest', maxFileBytes: DEFAULT_MAX_FILE_BYTES, flaggerNoCrossNamespaceRefs: false, severityOverrides: {} };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => inline ?? args[++i];
    if (flag === '--format') {
      const v = value();
      if (v !== 'human' && v !== 'json') return `--format must be human or json, got ${v ?? 'nothing'}`;
      o.format = v;
    } else if (flag === '--argo-version') {
      const v = value();
      if (v !== 'latest' && v !== 'v1.9.1') return `--argo-version must be latest or v1.9.1, got ${v ?? 'nothing'}`;
      o.argoVersion = v;
    } else if (flag === '--severity') {
      const v = value();
      const m = v ? /^([^=\s]+)=(error|warning|info|off)$/.exec(v) : null;
      if (!m) return `--severity takes CODE=error|warning|info|off, got ${v ?? 'nothing'}`;
      o.severityOverrides[m[1]] = m[2] as Severity | 'off';
    } else if (a === '--flagger-no-cross-namespace-refs') {
      o.flaggerNoCrossNamespaceRefs = true;
    } else if (flag === '--max-file-size') {
      const v = value();
      const n = parseSize(v);
      if (n === undefined) return `--max-file-size must be a positive number of bytes (e.g. 1048576 or 1m), got ${v ?? 'nothing'}`;
      o.maxFileBytes = n;
    } else if (a.startsWith('--') || (a.startsWith('-') && a !== '-')) {
      return `unknown option ${a}`;
    } else o.paths.push(a);
  }
  if (o.paths.length === 0) o.paths.push('.');
  return o;
}

function parseSize(v: string | undefined): number | undefined {
  const m = v ? /^(\d+)([kKmM]?)$/.exec(v) : null;
  if (!m) return undefined;
  const n = Number(m[1]) * (m[2] ? (m[2].toLowerCase() === 'k' ? 1024 : 1024 * 1024) : 1);
  return n > 0 ? n : undefined;
}

/** Files to lint under the given paths, in a stable order; unreadable paths are reported, not thrown. */
function collectFiles(p: string, io: CliIO, errors: string[]): string[] {
  const abs = path.resolve(io.cwd, p);
  let st: fs.Stats;
  try {
    st = fs.statSync(abs);
  } catch (err) {
    errors.push(`${p}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (err as Error).message}`);
    return [];
  }
  if (st.isFile()) return [abs];
  if (!st.isDirectory()) return [];
  const out: string[] = [];
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      errors.push(`${dir}: ${(err as Error).message}`);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIPPED_DIRS.has(e.name)) walk(full);
      } else if (e.isFile() && /\.ya?ml$/i.test(e.name)) out.push(full);
    }
  };
  walk(abs);
  return out;
}

function displayPath(abs: string, cwd: string): string {
  const rel = path.relative(cwd, abs);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : abs;
}

export async function runLint(args: string[], io: CliIO): Promise<number> {
  const parsed = parseLintArgs(args);
  if (typeof parsed === 'string') {
    io.stderr(`rollout-lens lint: ${parsed}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  const engine = new ValidationEngine({
    argoSchemaVersion: parsed.argoVersion,
    maxFileBytes: parsed.maxFileBytes,
    severityOverrides: parsed.severityOverrides,
    ruleContext: { flaggerNoCrossNamespaceRefs: parsed.flaggerNoCrossNamespaceRefs },
  });
  const ioErrors: string[] = [];
  const reports: FileReport[] = [];
  // Every linted file goes into one workspace index first, so references resolve across files
  // (a Rollout in one file, its Services in another) before any file is reported.
  const index = new WorkspaceIndex();
  const pending: { name: string; text: string; result: FileValidation }[] = [];
  // One parse per file: the engine's parse also feeds the index (the findings of a file are reported
  // only after every file is indexed, since references cross files).
  const lint = (name: string, text: string) => {
    const result = engine.validate(name, text);
    engine.forget(name);
    pending.push({ name, text, result });
    // Files over the size limit are skipped by the engine; keep them out of the index as well.
    if (!result.skipped) index.setFile(name, text, result.file);
  };
  const report = ({ name, text, result: r }: { name: string; text: string; result: FileValidation }) => {
    const all = r.skipped ? r.findings : [...r.findings, ...withSeverityOverrides(index.referenceFindings(name), parsed.severityOverrides)];
    const kept = index.isPatchFragment(name) ? withoutIncompleteObjectFindings(all) : all;
    const findings = kept.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end || a.code.localeCompare(b.code));
    reports.push({ path: name, findings, starts: lineStarts(text), ...(r.skipped ? { skipped: r.skipped.reason } : {}) });
  };
  for (const p of parsed.paths) {
    if (p === '-') {
      try {
        lint('<stdin>', await io.readStdin());
      } catch (err) {
        ioErrors.push(`<stdin>: ${(err as Error).message}`);
      }
      continue;
    }
    for (const file of collectFiles(p, io, ioErrors)) {
      let text: string;
      try {
        text = await fs.promises.readFile(file, 'utf8');
      } catch (err) {
        ioErrors.push(`${displayPath(file, io.cwd)}: ${(err as Error).message}`);
        continue;
      }
      lint(displayPath(file, io.cwd), text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    }
  }
  pending.forEach(report);
  const counts = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const r of reports) for (const f of r.findings) counts[f.severity]++;
  if (parsed.format === 'json') io.stdout(JSON.stringify(jsonReport(reports, counts, ioErrors), null, 2) + '\n');
  else {
    for (const r of reports) {
      for (const f of r.findings) {
        const pos = positionAt(r.starts, f.range.start);
        io.stdout(`${r.path}:${pos.line + 1}:${pos.character + 1} ${f.severity} ${f.code} ${f.message}\n`);
      }
      if (r.skipped) io.stderr(`rollout-lens lint: ${r.path}: ${r.skipped}\n`);
    }
    for (const e of ioErrors) io.stderr(`rollout-lens lint: ${e}\n`);
    io.stderr(`${counts.error} error(s), ${counts.warning} warning(s) in ${reports.length} file(s)\n`);
  }
  if (ioErrors.length) return EXIT_USAGE;
  return counts.error > 0 ? EXIT_FINDINGS : EXIT_OK;
}

/** The `--format json` shape (stable: version 1; positions 1-based; files and findings sorted). */
function jsonReport(reports: FileReport[], counts: Record<string, number>, ioErrors: string[]) {
  return {
    version: 1,
    files: reports.map((r) => ({
      path: r.path,
      ...(r.skipped ? { skipped: r.skipped } : {}),
      findings: r.findings.map((f) => {
        const s = positionAt(r.starts, f.range.start);
        const e = positionAt(r.starts, f.range.end);
        return {
          code: f.code,
          severity: f.severity,
          message: f.message,
          line: s.line + 1,
          column: s.character + 1,
          endLine: e.line + 1,
          endColumn: e.character + 1,
          path: f.path,
          source: f.source,
          ...(f.fixes ? { fixes: f.fixes } : {}),
        };
      }),
    })),
    summary: { files: reports.length, errors: counts.error, warnings: counts.warning, infos: counts.info + counts.hint },
    ioErrors,
  };
}

export const LINT_COMMAND: CliCommand = {
  name: 'lint',
  summary: 'validate Argo Rollouts / Flagger manifests (files, directories or -) like the API server would',
  usage: USAGE,
  run: runLint,
};
