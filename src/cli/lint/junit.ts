/**
 * `rollout-lens lint --format junit`: JUnit XML in the shape CI test reports read (Jenkins'
 * junit-10.xsd, which GitLab's and Azure's test reports also accept): one <testsuite> per file, one
 * <testcase> per finding, or one passing testcase for a file without findings. Errors are
 * <failure>s; warnings and infos are passing testcases whose <system-out> says what was found (the
 * run does not fail on them, so the report must not either); a file the engine skipped is a
 * <skipped> testcase; a path that could not be read is an <error> in a suite of its own. Only the
 * attributes that XSD declares are written (no file=/line= on testcases, which it rejects), so the
 * location is in the testcase's name and the failure's text.
 */
import { positionAt } from '../../core/findings';
import type { FileReport, LintFormatter, LintRun } from './formats';

/**
 * Text content: the five entities, CR as a character reference (a parser would turn a literal one
 * into LF), and characters XML 1.0 cannot hold replaced by U+FFFD.
 */
export function xmlEscape(s: string): string {
  return s
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;');
}

/** Attribute values also keep LF and tab as references: attribute-value normalisation turns literal ones into spaces. */
function attrEscape(s: string): string {
  return xmlEscape(s).replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}

function element(name: string, attrs: Record<string, string | number>, children: string[] | string | undefined, indent: string): string {
  const a = Object.entries(attrs)
    .map(([k, v]) => ` ${k}="${attrEscape(String(v))}"`)
    .join('');
  if (children === undefined || children.length === 0) return `${indent}<${name}${a}/>`;
  if (typeof children === 'string') return `${indent}<${name}${a}>${xmlEscape(children)}</${name}>`;
  return `${indent}<${name}${a}>\n${children.join('\n')}\n${indent}</${name}>`;
}

function suiteOf(r: FileReport): { xml: string; tests: number; failures: number; skipped: number } {
  const cases: string[] = [];
  let failures = 0;
  for (const f of r.findings) {
    const s = positionAt(r.starts, f.range.start);
    const where = `${r.path}:${s.line + 1}:${s.character + 1}`;
    const text = `${where} ${f.severity} ${f.code} ${f.message}`;
    const attrs = { name: `${f.code} at ${s.line + 1}:${s.character + 1}`, classname: r.path, time: 0 };
    if (f.severity === 'error') {
      failures++;
      cases.push(element('testcase', attrs, [element('failure', { message: f.message, type: f.code }, text, '      ')], '    '));
    } else cases.push(element('testcase', attrs, [element('system-out', {}, text, '      ')], '    '));
  }
  let skipped = 0;
  if (r.skipped) {
    skipped = 1;
    cases.push(element('testcase', { name: 'not validated', classname: r.path, time: 0 }, [element('skipped', { message: r.skipped }, undefined, '      ')], '    '));
  } else if (r.findings.length === 0) cases.push(element('testcase', { name: 'valid', classname: r.path, time: 0 }, undefined, '    '));
  const tests = cases.length;
  return { xml: element('testsuite', { name: r.path, tests, failures, errors: 0, skipped, time: 0 }, cases, '  '), tests, failures, skipped };
}

/** The JUnit document of one lint run (exported for the tests). */
export function junitXml(run: LintRun): string {
  const suites = run.reports.map(suiteOf);
  const parts = suites.map((s) => s.xml);
  let errors = 0;
  if (run.ioErrors.length) {
    errors = run.ioErrors.length;
    const cases = run.ioErrors.map((e) => element('testcase', { name: e.split(': ')[0], classname: 'rollout-lens lint', time: 0 }, [element('error', { message: e, type: 'io' }, e, '      ')], '    '));
    parts.push(element('testsuite', { name: 'unreadable paths', tests: errors, failures: 0, errors, skipped: 0, time: 0 }, cases, '  '));
  }
  const total = (k: 'tests' | 'failures') => suites.reduce((n, s) => n + s[k], 0);
  const root = element('testsuites', { name: 'rollout-lens lint', tests: total('tests') + errors, failures: total('failures'), errors, time: 0 }, parts, '');
  return `<?xml version="1.0" encoding="UTF-8"?>\n${root}\n`;
}

export const junit: LintFormatter = (run, io) => {
  io.stdout(junitXml(run));
  io.stderr(`${run.counts.error} error(s), ${run.counts.warning} warning(s) in ${run.reports.length} file(s)\n`);
};
