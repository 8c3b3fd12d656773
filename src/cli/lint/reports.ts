/**
 * One report per file, whichever way its findings were found: a file linted as a path and also
 * reached through a built overlay or a rendered chart gets one report with both sets of findings
 * (the same finding twice, same code and range, is kept once).
 */
import type { FileReport } from './formats';

export function mergeReports(into: FileReport[], more: readonly FileReport[]): void {
  for (const r of more) {
    const known = into.find((x) => x.path === r.path);
    if (!known) {
      into.push({ ...r, findings: [...r.findings] });
      continue;
    }
    const seen = new Set(known.findings.map((f) => `${f.code}:${f.range.start}:${f.range.end}`));
    for (const f of r.findings) if (!seen.has(`${f.code}:${f.range.start}:${f.range.end}`)) known.findings.push(f);
    known.findings.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end || a.code.localeCompare(b.code));
  }
  into.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
