/**
 * One report per file, whichever way its findings were found: a file linted as a path and also
 * reached through a built overlay or a rendered chart gets one report with both sets of findings
 * (the same finding twice, same code and range, is kept once).
 */
import type { Finding } from '../../core/findings';
import type { ManifestFile } from '../../core/manifest/manifestFile';
import type { ValidationEngine } from '../../core/validation/engine';
import { fileFindings, type SeverityOverrides } from '../../core/validation/fileFindings';
import { WorkspaceIndex } from '../../core/workspace/workspaceIndex';
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

/**
 * A tool's output (a kustomize build, a helm render) validated as one file, with its own index so
 * references between the objects it holds resolve: the parse and the findings, offsets in `text`.
 */
export function validateOutput(engine: ValidationEngine, name: string, text: string, severityOverrides: SeverityOverrides): { file: ManifestFile; findings: Finding[] } {
  const result = engine.validate(name, text);
  engine.forget(name);
  const index = new WorkspaceIndex();
  if (!result.skipped) index.setFile(name, text, result.file);
  return { file: result.file, findings: fileFindings({ uri: name, validation: result, textLength: text.length, crossFile: index, severityOverrides }) };
}
