import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { junitXml, xmlEscape } from '../../../../src/cli/lint/junit';
import { NASTY, lintOutput, lintRepo, nastyRun } from './lintRunFixture';

import { parseStringPromise } from 'xml2js';

interface XmlNode {
  '#name': string;
  $?: Record<string, string>;
  _?: string;
  $$?: XmlNode[];
}

/**
 * The JUnit XML shape CI test reports accept, restated from Jenkins' junit-4.xsd / xunit's
 * junit-10.xsd: for each element, the attributes it may carry (required ones marked !), the child
 * elements it may hold, and whether it holds text. Anything else fails the check.
 */
const SHAPE: Record<string, { attrs: string[]; children: string[]; text: boolean }> = {
  testsuites: { attrs: ['name', 'time', 'tests', 'failures', 'disabled', 'errors'], children: ['testsuite'], text: false },
  testsuite: { attrs: ['!name', '!tests', 'failures', 'errors', 'time', 'disabled', 'skipped', 'timestamp', 'hostname', 'id', 'package'], children: ['properties', 'testcase', 'system-out', 'system-err'], text: false },
  testcase: { attrs: ['!name', 'assertions', 'time', 'classname', 'status'], children: ['skipped', 'error', 'failure', 'system-out', 'system-err'], text: false },
  failure: { attrs: ['message', 'type'], children: [], text: true },
  error: { attrs: ['message', 'type'], children: [], text: true },
  skipped: { attrs: ['message'], children: [], text: true },
  'system-out': { attrs: [], children: [], text: true },
  'system-err': { attrs: [], children: [], text: true },
};
const NUMERIC = new Set(['tests', 'failures', 'errors', 'skipped', 'disabled', 'assertions']);

function checkShape(node: XmlNode, where = ''): void {
  const shape = SHAPE[node['#name']];
  const at = `${where}/${node['#name']}`;
  assert.ok(shape, `${at}: not a JUnit element`);
  const attrs = node.$ ?? {};
  for (const a of shape.attrs.filter((x) => x.startsWith('!'))) assert.ok(attrs[a.slice(1)] !== undefined, `${at}: required attribute ${a.slice(1)} missing`);
  for (const [k, v] of Object.entries(attrs)) {
    assert.ok(shape.attrs.includes(k) || shape.attrs.includes(`!${k}`), `${at}: attribute ${k} is not in the XSD`);
    if (NUMERIC.has(k)) assert.match(v, /^\d+$/, `${at}@${k}`);
    if (k === 'time') assert.match(v, /^\d+(\.\d+)?$/, `${at}@time`);
  }
  if (!shape.text) assert.ok(!node._?.trim(), `${at}: holds text`);
  for (const c of node.$$ ?? []) {
    assert.ok(shape.children.includes(c['#name']), `${at}: <${c['#name']}> may not appear here`);
    checkShape(c, at);
  }
  if (node['#name'] === 'testsuite') {
    const cases = (node.$$ ?? []).filter((c) => c['#name'] === 'testcase');
    const count = (n: string) => cases.filter((c) => (c.$$ ?? []).some((x) => x['#name'] === n)).length;
    assert.equal(Number(attrs.tests), cases.length, `${at}@tests`);
    assert.equal(Number(attrs.failures ?? 0), count('failure'), `${at}@failures`);
    assert.equal(Number(attrs.errors ?? 0), count('error'), `${at}@errors`);
    assert.equal(Number(attrs.skipped ?? 0), count('skipped'), `${at}@skipped`);
  }
}

const parse = (xml: string) => parseStringPromise<XmlNode>(xml, { explicitChildren: true, preserveChildrenOrder: true, explicitRoot: false, charsAsChildren: false });

describe('lint --format junit', () => {
  it('writes well-formed JUnit XML of the XSD shape: a suite per file, a testcase per finding or one passing case', async () => {
    const { code, out } = await lintOutput(lintRepo(), ['.', 'missing.yaml', '--format', 'junit']);
    assert.equal(code, 2, 'an unreadable path is exit 2');
    assert.ok(out.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n'));
    const root = await parse(out);
    checkShape(root);
    const suites = root.$$!;
    assert.deepEqual(
      suites.map((s) => s.$!.name),
      ['apps/deployment.yaml', 'apps/good.yaml', 'apps/lone.yaml', 'apps/with space/bad.yaml', 'unreadable paths'],
    );
    assert.deepEqual(
      suites[0].$$!.map((c) => [c.$!.name, c.$$]),
      [['valid', undefined]],
    );
    const bad = suites[3].$$![0];
    assert.equal(bad.$!.name, 'schema/type at 12:17');
    const failure = bad.$$![0];
    assert.equal(failure['#name'], 'failure');
    assert.deepEqual({ ...failure.$ }, { message: 'spec.analysis.iterations: expected number, got string "ten, or: eleven"', type: 'schema/type' });
    assert.match(failure._!, /^apps\/with space\/bad\.yaml:12:17 error schema\/type /);
    const warning = suites[2].$$![0];
    assert.equal(warning.$$![0]['#name'], 'system-out', 'a warning does not fail the report');
    assert.equal(suites[4].$$![0].$$![0]['#name'], 'error');
    assert.deepEqual({ ...root.$ }, { name: 'rollout-lens lint', tests: '5', failures: '1', errors: '1', time: '0' });
  });

  it('escapes XML specials and replaces characters XML cannot hold; the message survives a parse', async () => {
    const root = await parse(junitXml(nastyRun()));
    checkShape(root);
    const failure = root.$$![0].$$![0].$$![0];
    const expected = NASTY.replace('\u0007', '\uFFFD'); // the one character XML 1.0 cannot hold
    assert.equal(failure.$!.message, expected, 'CR, LF and the rest survive in an attribute');
    assert.ok(failure._!.endsWith(expected), 'and in text');
    assert.equal(root.$$![2].$$![0].$$![0]['#name'], 'skipped');
    assert.equal(xmlEscape('a<b>&"\'\u0000\r'), 'a&lt;b&gt;&amp;&quot;&apos;\uFFFD&#13;');
  });

  it('the shape check can fail: an attribute the XSD does not declare, or counts that disagree', async () => {
    await assert.rejects(async () => checkShape(await parse('<testsuites><testsuite name="a" tests="1"><testcase name="x" file="a.yaml"/></testsuite></testsuites>')), /attribute file is not in the XSD/);
    await assert.rejects(async () => checkShape(await parse('<testsuites><testsuite name="a" tests="2"><testcase name="x"/></testsuite></testsuites>')), /@tests/);
  });
});
