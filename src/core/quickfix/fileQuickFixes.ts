/**
 * The quick fixes offered in a range of a file: for each finding of the file (as the diagnostics
 * show them, src/core/validation/fileFindings.ts, so a code turned off offers nothing) that carries
 * a fix hint and touches the range, the fixes src/core/quickfix/quickFixes.ts builds for it.
 */
import type { Finding } from '../findings';
import type { ManifestDocument } from '../manifest/manifestDocument';
import type { ManifestFile } from '../manifest/manifestFile';
import { fileFindings, type CrossFileFindings, type SeverityOverrides } from '../validation/fileFindings';
import { quickFixesFor, type QuickFix } from './quickFixes';

export interface OfferedFix {
  finding: Finding;
  fix: QuickFix;
}

export interface QuickFixRequest {
  uri: string;
  /** The engine's validation of the file's current text. */
  validation: { readonly file: ManifestFile; readonly findings: readonly Finding[]; readonly skipped?: unknown };
  crossFile?: CrossFileFindings;
  severityOverrides?: SeverityOverrides;
  /** The requested range, as UTF-16 offsets. */
  start: number;
  end: number;
}

export function quickFixesInRange(req: QuickFixRequest): OfferedFix[] {
  const { file } = req.validation;
  const findings = fileFindings({ uri: req.uri, validation: req.validation, textLength: file.text.length, crossFile: req.crossFile, severityOverrides: req.severityOverrides });
  const out: OfferedFix[] = [];
  for (const finding of findings) {
    if (!finding.fixes?.length || finding.range.end < req.start || finding.range.start > req.end) continue;
    const md = documentAt(file.documents, finding.range.start);
    if (!md) continue;
    for (const fix of quickFixesFor(md, finding)) out.push({ finding, fix });
  }
  return out;
}

/** The document of the file that holds the offset (its last character included). */
export function documentAt(docs: readonly ManifestDocument[], offset: number): ManifestDocument | undefined {
  return docs.find((d) => offset >= d.offset && offset <= d.offset + d.text.length);
}
