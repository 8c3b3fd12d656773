/**
 * What every checker in the core reports: a finding with a stable code, a severity, a message that
 * names the field path, and a range as UTF-16 offsets into the file's text. The editor converts
 * offsets to positions at its edge; the CLI converts them to line:col.
 */
export interface TextRange {
  /** UTF-16 offset of the first character. */
  start: number;
  /** UTF-16 offset one past the last character. */
  end: number;
}

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** A machine-readable hint that lets the editor offer a quick fix without re-deriving the problem. */
export type FixHint =
  | { kind: 'replaceKey'; with: string }
  | { kind: 'insertKey'; key: string; placeholder: string }
  | { kind: 'removeKey'; key: string }
  | { kind: 'addAnalysisArg'; name: string }
  | { kind: 'other'; data: Record<string, unknown> };

export interface Finding {
  /** Stable code, e.g. `schema/unknown-field` or `argo/max-surge-unavailable-zero`. */
  code: string;
  severity: Severity;
  message: string;
  range: TextRange;
  /** Path of the offending field inside its document, e.g. ['spec', 'strategy', 'canary']. */
  path: (string | number)[];
  /** Which checker produced it. */
  source: 'yaml' | 'schema' | 'rules' | 'references' | 'engine';
  fixes?: FixHint[];
}

/**
 * What the finding-code catalogue (src/core/validation/findingCodes.ts) says about one code. Each
 * checker states it next to the findings it makes: a rule in its registry entry, the schema, YAML,
 * reference and engine codes in their own modules.
 */
export interface FindingCodeInfo {
  code: string;
  /** The severity a finding with this code has unless `rolloutLens.rules.severity` / `--severity` says otherwise. */
  defaultSeverity: Severity;
  /** One line: what the code checks. */
  description: string;
}

/** The code and severity a finding of this kind is made with (before any severity override). */
export function codeAndSeverity(info: FindingCodeInfo): { code: string; severity: Severity } {
  return { code: info.code, severity: info.defaultSeverity };
}

/** Renders a path the way Kubernetes error messages do: spec.strategy.steps[1].setWeight. */
export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out ? `.${seg}` : seg;
  }
  return out;
}

/** 1-based line and column of an offset, for the CLI's `file:line:col` output. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
  }
  return starts;
}

export function positionAt(starts: readonly number[], offset: number): { line: number; character: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: offset - starts[lo] };
}
