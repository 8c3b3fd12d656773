import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { CliIO } from '../../../../src/cli/command';
import { escapeData, escapeProperty, github } from '../../../../src/cli/lint/github';
import { NASTY, lintOutput, lintRepo, nastyRun } from './lintRunFixture';

/**
 * A workflow command as the runner reads it (actions/runner ActionCommand.TryParseV2 and the
 * toolkit's command.ts): `::name key=value,key=value::message` on one line, properties and message
 * unescaped; annotation properties are file, line, endLine, col, endColumn and title.
 */
const GRAMMAR = /^::(error|warning|notice)(?: ((?:[A-Za-z]+=[^,:\r\n]*)(?:,[A-Za-z]+=[^,:\r\n]*)*))?::([^\r\n]*)$/;
const PROPERTIES = new Set(['file', 'line', 'endLine', 'col', 'endColumn', 'title']);
const unescapeData = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
const unescapeProperty = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');

function parse(line: string): { level: string; props: Record<string, string>; message: string } {
  const m = GRAMMAR.exec(line);
  assert.ok(m, `not a workflow command: ${JSON.stringify(line)}`);
  const props: Record<string, string> = {};
  for (const kv of m[2] ? m[2].split(',') : []) {
    const [k, v] = [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)];
    assert.ok(PROPERTIES.has(k), `unknown annotation property ${k}`);
    props[k] = unescapeProperty(v);
  }
  return { level: m[1], props, message: unescapeData(m[3]) };
}

describe('lint --format github', () => {
  it('prints one annotation per finding in the runner grammar, with file, line and column range, title = code', async () => {
    const { code, out, err } = await lintOutput(lintRepo(), ['.', '--format', 'github']);
    assert.equal(code, 1);
    const lines = out.trimEnd().split('\n').map(parse);
    assert.deepEqual(lines, [
      {
        level: 'warning',
        props: { file: 'apps/lone.yaml', line: '6', col: '60', endLine: '6', endColumn: '69', title: 'references/unresolved' },
        message: 'Deployment "elsewhere" was not found in the workspace; it may exist only in the cluster (referenced by spec.targetRef.name).',
      },
      {
        level: 'error',
        props: { file: 'apps/with space/bad.yaml', line: '12', col: '17', endLine: '12', endColumn: '34', title: 'schema/type' },
        message: 'spec.analysis.iterations: expected number, got string "ten, or: eleven"',
      },
    ]);
    assert.match(err, /1 error\(s\), 1 warning\(s\) in 4 file\(s\)/);
  });

  it('escapes %, CR, LF in messages and also : and , in properties, so every command stays one parseable line', () => {
    let out = '';
    const io = { stdout: (t: string) => void (out += t), stderr: () => undefined } as unknown as CliIO;
    github(nastyRun(), io);
    const lines = out.trimEnd().split('\n');
    assert.equal(lines.length, 4, 'two findings, one skipped file, one I/O error');
    const [error, warning, skipped, io_] = lines.map(parse);
    assert.deepEqual(error, { level: 'error', props: { file: 'dir,with:odd%chars/r.yaml', line: '3', col: '13', endLine: '3', endColumn: '14', title: 'schema/type' }, message: NASTY });
    assert.equal(warning.level, 'warning');
    assert.deepEqual(skipped, { level: 'notice', props: { file: 'huge.yaml', title: 'rollout-lens: not validated' }, message: 'Not validated: the file is larger than the 10 bytes limit' });
    assert.deepEqual(io_, { level: 'error', props: { title: 'rollout-lens: cannot read' }, message: 'missing.yaml: no such file or directory' });
    assert.equal(escapeData('50% done\r\nnext'), '50%25 done%0D%0Anext');
    assert.equal(escapeProperty('a:b,c%'), 'a%3Ab%2Cc%25');
  });

  it('the grammar check can fail: an unescaped comma in a property or a newline in a message is rejected', () => {
    assert.throws(() => parse('::error file=a,b.yaml,line=1::m'));
    assert.throws(() => parse('::error file=a.yaml::m\nmore'));
    assert.throws(() => parse('::error colum=1::m'));
  });
});
