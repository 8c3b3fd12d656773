/**
 * `rollout-lens lint --format sarif`: one SARIF 2.1.0 log (OASIS, the format GitHub code scanning
 * and other dashboards ingest). The run's rules are the finding-code catalogue
 * (src/core/validation/findingCodes.ts, the render codes included): each code once, with its description, its default level
 * and the part of the engine that reports it, so a dashboard can show what a rule checks without
 * us. Results point at the file relative to the working directory (SARIF's %SRCROOT%), with 1-based
 * lines and UTF-16 columns, as the editor counts them (`columnKind`).
 */
import { positionAt, type Finding, type Severity } from '../../core/findings';
import { FINDING_CODES, REPORTER_LABELS, type FindingCode } from '../../core/validation/findingCodes';
import type { LintFormatter, LintRun } from './formats';

const SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

type SarifLevel = 'error' | 'warning' | 'note';

export function sarifLevel(severity: Severity): SarifLevel {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

/**
 * A file's path as a SARIF artifact URI: relative paths become relative references with `/`
 * separators (each segment percent-encoded), absolute ones `file://` URIs.
 */
export function artifactUri(p: string): { uri: string; uriBaseId?: string } {
  const segments = p.split(/[\\/]/);
  const encoded = segments.map((s) => encodeURIComponent(s)).join('/');
  if (/^[A-Za-z]:[\\/]/.test(p)) return { uri: `file:///${segments[0]}/${segments.slice(1).map(encodeURIComponent).join('/')}` };
  if (p.startsWith('/')) return { uri: `file://${encoded}` };
  return { uri: encoded, uriBaseId: '%SRCROOT%' };
}

interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  defaultConfiguration: { level: SarifLevel };
  properties: { tags: string[] };
}

function ruleOf(c: Pick<FindingCode, 'code' | 'description' | 'defaultSeverity' | 'reportedBy'>): SarifRule {
  return {
    id: c.code,
    // SARIF's rule name is an identifier-like label; the code's last segment in PascalCase reads as one.
    name: c.code
      .split(/[/-]/)
      .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
      .join(''),
    shortDescription: { text: c.description },
    fullDescription: { text: `${c.description.replace(/\.?$/, '.')} Reported by the ${c.reportedBy.map((r) => REPORTER_LABELS[r]).join(', ')}.` },
    defaultConfiguration: { level: sarifLevel(c.defaultSeverity) },
    properties: { tags: ['kubernetes', ...c.reportedBy] },
  };
}

/** The SARIF log of one lint run (exported for the tests, which validate it against the schema). */
export function sarifLog(run: LintRun): object {
  // The catalogue's codes (those of a failed kustomize build or helm render included).
  const rules = FINDING_CODES.map(ruleOf);
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  // A code the catalogue does not hold (none should exist; a test says so) still gets a rule entry,
  // so every result's ruleIndex is valid.
  const ruleFor = (f: Finding): number => {
    const known = ruleIndex.get(f.code);
    if (known !== undefined) return known;
    rules.push(ruleOf({ code: f.code, description: f.code, defaultSeverity: f.severity, reportedBy: [f.source] }));
    ruleIndex.set(f.code, rules.length - 1);
    return rules.length - 1;
  };
  const results = run.reports.flatMap((r) =>
    r.findings.map((f) => {
      const s = positionAt(r.starts, f.range.start);
      const e = positionAt(r.starts, f.range.end);
      const index = ruleFor(f);
      return {
        ruleId: f.code,
        ruleIndex: index,
        level: sarifLevel(f.severity),
        message: { text: f.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: artifactUri(r.path),
              region: { startLine: s.line + 1, startColumn: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 },
            },
          },
        ],
        ...(f.path.length ? { properties: { fieldPath: f.path.map(String) } } : {}),
      };
    }),
  );
  const notifications = [
    ...run.reports.filter((r) => r.skipped).map((r) => ({ level: 'note' as const, message: { text: `${r.path}: ${r.skipped}` }, locations: [{ physicalLocation: { artifactLocation: artifactUri(r.path) } }] })),
    ...run.ioErrors.map((e) => ({ level: 'error' as const, message: { text: e } })),
  ];
  return {
    $schema: SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'rollout-lens', rules } },
        columnKind: 'utf16CodeUnits',
        invocations: [{ executionSuccessful: run.ioErrors.length === 0, ...(notifications.length ? { toolExecutionNotifications: notifications } : {}) }],
        artifacts: run.reports.map((r) => ({ location: artifactUri(r.path) })),
        results,
      },
    ],
  };
}

export const sarif: LintFormatter = (run, io) => {
  io.stdout(JSON.stringify(sarifLog(run), null, 2) + '\n');
};
