/**
 * How `rollout-lens lint` prints its results, one formatter per `--format` value. A formatter gets
 * the whole run (every file's findings, in order, and the I/O errors) and writes it; the exit code
 * is decided by the command, not here. Adding a format is adding an entry to FORMATTERS.
 */
import { positionAt, type Finding } from '../../core/findings';
import type { CliIO } from '../command';
import { github } from './github';
import { junit } from './junit';
import { sarif } from './sarif';

export interface FileReport {
  /** As printed: relative to the working directory when inside it, `<stdin>` for standard input. */
  path: string;
  /** The file's findings (src/core/validation/fileFindings.ts), sorted by position. */
  findings: Finding[];
  /** Line start offsets of the file's text, for line:column. */
  starts: number[];
  /** Why the engine did not validate the file (too large, nested too deep). */
  skipped?: string;
}

export interface LintRun {
  reports: FileReport[];
  /** Paths that could not be read, as `path: reason`. */
  ioErrors: string[];
  counts: { error: number; warning: number; info: number; hint: number };
}

export type LintFormatter = (run: LintRun, io: CliIO) => void;

/** `file:line:col severity code message` per finding; notices, I/O errors and a summary on stderr. */
const human: LintFormatter = ({ reports, ioErrors, counts }, io) => {
  for (const r of reports) {
    for (const f of r.findings) {
      const pos = positionAt(r.starts, f.range.start);
      io.stdout(`${r.path}:${pos.line + 1}:${pos.character + 1} ${f.severity} ${f.code} ${f.message}\n`);
    }
    if (r.skipped) io.stderr(`rollout-lens lint: ${r.path}: ${r.skipped}\n`);
  }
  for (const e of ioErrors) io.stderr(`rollout-lens lint: ${e}\n`);
  io.stderr(`${counts.error} error(s), ${counts.warning} warning(s) in ${reports.length} file(s)\n`);
};

/** One JSON document (stable: version 1; positions 1-based; files and findings sorted). */
const json: LintFormatter = ({ reports, ioErrors, counts }, io) => {
  const doc = {
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
  io.stdout(JSON.stringify(doc, null, 2) + '\n');
};

const FORMATTERS = { human, json, sarif, github, junit } satisfies Record<string, LintFormatter>;

export type LintFormat = keyof typeof FORMATTERS;
export const LINT_FORMATS = Object.keys(FORMATTERS) as LintFormat[];

export function isLintFormat(v: string | undefined): v is LintFormat {
  return v !== undefined && Object.hasOwn(FORMATTERS, v);
}

export function formatterFor(format: LintFormat): LintFormatter {
  return FORMATTERS[format];
}
