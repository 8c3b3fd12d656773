/**
 * `rollout-lens lint --format github`: GitHub Actions workflow commands, one annotation per finding
 * (`::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=CODE::MESSAGE`), which the runner turns
 * into annotations on the pull request's diff. The escaping is the runner's own
 * (actions/toolkit packages/core/src/command.ts): in the message `%`, CR and LF become %25, %0D and
 * %0A; in a property value `:` and `,` also become %3A and %2C, since they delimit properties.
 * Levels: error → error, warning → warning, info and hint → notice. The summary goes to stderr.
 */
import { positionAt, type Severity } from '../../core/findings';
import type { LintFormatter } from './formats';

export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function command(name: 'error' | 'warning' | 'notice', properties: Record<string, string | number>, message: string): string {
  const props = Object.entries(properties)
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(',');
  return `::${name}${props ? ` ${props}` : ''}::${escapeData(message)}\n`;
}

function level(severity: Severity): 'error' | 'warning' | 'notice' {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'notice';
}

export const github: LintFormatter = ({ reports, ioErrors, counts }, io) => {
  for (const r of reports) {
    const file = r.path.split('\\').join('/');
    for (const f of r.findings) {
      const s = positionAt(r.starts, f.range.start);
      const e = positionAt(r.starts, f.range.end);
      io.stdout(command(level(f.severity), { file, line: s.line + 1, col: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1, title: f.code }, f.message));
    }
    if (r.skipped) io.stdout(command('notice', { file, title: 'rollout-lens: not validated' }, r.skipped));
  }
  for (const e of ioErrors) io.stdout(command('error', { title: 'rollout-lens: cannot read' }, e));
  io.stderr(`${counts.error} error(s), ${counts.warning} warning(s) in ${reports.length} file(s)\n`);
};
