/**
 * A file's findings, assembled in one place for every consumer: the CLI's `lint`, the editor's
 * diagnostics and its quick fixes all call `fileFindings`, so what one shows the others show.
 *
 * The steps, in order:
 * 1. the engine's findings for the file (schema, rules, syntax: src/core/validation/engine.ts), and,
 *    unless the engine skipped the file, the findings about it that need other files (the workspace
 *    index's references, src/core/workspace/workspaceIndex.ts);
 * 2. the user's per-code severity overrides (`rolloutLens.rules.severity`, the CLI's `--severity`):
 *    another severity, or `off` to drop the finding. The engine applies the same overrides to its
 *    own findings (so it can skip rules that are off and cache per option set); applying them again
 *    here changes nothing for those and covers everything else;
 * 3. a kustomize patch fragment loses its completeness findings (src/core/workspace/patchFragments.ts);
 * 4. ranges clamped into the text (a stale range must never reach the editor's positionAt);
 * 5. the same problem reported twice (same range, code and message) kept once;
 * 6. ordered by position, then code.
 */
import type { Finding, Severity } from '../findings';
import { withoutIncompleteObjectFindings } from '../workspace/patchFragments';

/** Per finding code: another severity, or 'off' to drop it. */
export type SeverityOverrides = Readonly<Record<string, Severity | 'off'>>;

/** What the assembler needs from the workspace index (WorkspaceIndex has both, structurally). */
export interface CrossFileFindings {
  referenceFindings(uri: string): readonly Finding[];
  isPatchFragment(uri: string): boolean;
}

export interface FileFindingsInput {
  uri: string;
  /** What the engine returned for the file's current text. */
  validation: { readonly findings: readonly Finding[]; readonly skipped?: unknown };
  /** Length of the text the findings were computed on (UTF-16 units). */
  textLength: number;
  /** Reference findings and patch-fragment knowledge; absent when nothing indexes other files. */
  crossFile?: CrossFileFindings;
  severityOverrides?: SeverityOverrides;
}

export function fileFindings(input: FileFindingsInput): Finding[] {
  const { uri, validation, crossFile, severityOverrides, textLength } = input;
  const gathered = validation.skipped || !crossFile ? validation.findings : [...validation.findings, ...crossFile.referenceFindings(uri)];
  const overridden = withSeverityOverrides(gathered, severityOverrides);
  const kept = crossFile?.isPatchFragment(uri) ? withoutIncompleteObjectFindings(overridden) : overridden;
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const f of kept) {
    const start = clamp(f.range.start, 0, textLength);
    const end = clamp(Math.max(f.range.end, start), start, textLength);
    const key = `${start}:${end}:${f.code}:${f.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(start === f.range.start && end === f.range.end ? f : { ...f, range: { start, end } });
  }
  return out.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end || a.code.localeCompare(b.code));
}

/** Applies per-code severity overrides: `off` drops a finding, a level replaces its severity. */
export function withSeverityOverrides(findings: readonly Finding[], overrides: SeverityOverrides | undefined): Finding[] {
  if (!overrides) return [...findings];
  const out: Finding[] = [];
  for (const f of findings) {
    const o = overrides[f.code];
    if (o === 'off') continue;
    out.push(o && o !== f.severity ? { ...f, severity: o } : f);
  }
  return out;
}

function clamp(n: number, lo: number, hi: number): number {
  if (!Number.isFinite(n)) return lo;
  return Math.min(Math.max(n, lo), hi);
}
