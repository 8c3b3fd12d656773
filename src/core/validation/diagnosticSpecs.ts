/**
 * What the editor publishes for a file, decided without the editor: the file's findings (assembled,
 * clamped and de-duplicated by fileFindings.ts) as plain specs, and the notice for an oversized
 * file. The adapter only converts offsets to positions.
 */
import { codeAndSeverity, type Finding, type FindingCodeInfo, type Severity } from '../findings';

export const DIAGNOSTIC_SOURCE = 'rollout-lens';

export interface DiagnosticSpec {
  /** UTF-16 offsets into the text the findings were computed on. */
  start: number;
  end: number;
  severity: Severity;
  code: string;
  message: string;
}

export function findingsToSpecs(findings: readonly Finding[]): DiagnosticSpec[] {
  return findings.map((f) => ({ start: f.range.start, end: f.range.end, severity: f.severity, code: f.code, message: f.message }));
}

/** The notice's entry in the finding-code catalogue (findingCodes.ts); it is not a finding, so no setting changes it. */
export const OVERSIZED_CODE_INFO: FindingCodeInfo = { code: 'engine/file-too-large', defaultSeverity: 'info', description: 'The file is larger than rolloutLens.validation.maxFileSize and was not validated (editor notice).' };

/** The single notice shown instead of validating a file above the size limit. */
export function oversizedNotice(sizeBytes: number, maxBytes: number): DiagnosticSpec {
  return {
    start: 0,
    end: 0,
    ...codeAndSeverity(OVERSIZED_CODE_INFO),
    message: `Rollout Lens did not validate this file: it is ${formatBytes(sizeBytes)}, above the ${formatBytes(maxBytes)} limit (setting rolloutLens.validation.maxFileSize).`,
  };
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

/** Folders whose YAML is never a user's manifest (dependencies, VCS internals, test runtimes). */
export const WORKSPACE_SCAN_EXCLUDE = '**/{node_modules,.git,.hg,.svn,.vscode-test}/**';
export const WORKSPACE_SCAN_INCLUDE = '**/*.{yaml,yml}';

/** True for paths the background scan validates: YAML files outside the excluded folders. */
export function isScannablePath(path: string): boolean {
  const p = path.replace(/\\/g, '/');
  if (!/\.ya?ml$/i.test(p)) return false;
  return !/(^|\/)(node_modules|\.git|\.hg|\.svn|\.vscode-test)\//.test(p);
}
