import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../../src/cli';
import type { CliIO } from '../../../src/cli/command';

const root = path.resolve(__dirname, '..', '..', '..');

function captured(cwd: string, stdin = ''): CliIO & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
    readStdin: () => Promise.resolve(stdin),
    isInteractive: false,
    prompt: () => Promise.resolve(''),
    cwd,
    env: {},
    out: () => out,
    err: () => err,
  };
}

const VALID = `apiVersion: flagger.app/v1beta1
kind: Canary
metadata:
  name: podinfo
spec:
  targetRef: {apiVersion: apps/v1, kind: Deployment, name: podinfo}
  service:
    port: 9898
  analysis:
    interval: 1m
    threshold: 5
    iterations: 10
`;

let dir: string;
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rollout-lens-lint-'));
  fs.mkdirSync(path.join(dir, 'apps', 'nested'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'node_modules', 'x'), { recursive: true });
  fs.mkdirSync(path.join(dir, '.git'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'apps', 'good.yaml'), VALID);
  // The Deployment the Canaries target, so cross-file references resolve (lint indexes every file).
  fs.writeFileSync(
    path.join(dir, 'apps', 'deployment.yaml'),
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: podinfo\nspec:\n  selector: {matchLabels: {app: podinfo}}\n  template:\n    metadata: {labels: {app: podinfo}}\n    spec:\n      containers: [{name: app, image: podinfo}]\n',
  );
  fs.writeFileSync(path.join(dir, 'apps', 'nested', 'bad.yml'), `# leading comment\n${VALID.replace('  service:', '  servce:')}`);
  fs.writeFileSync(path.join(dir, 'apps', 'notes.txt'), 'kind: Canary\n');
  fs.writeFileSync(path.join(dir, 'node_modules', 'x', 'ignored.yaml'), VALID.replace('port: 9898', 'port: nope'));
  fs.writeFileSync(path.join(dir, '.git', 'ignored.yaml'), VALID.replace('port: 9898', 'port: nope'));
});

describe('rollout-lens lint (in-process through main())', () => {
  it('recurses into directories, skips node_modules/.git, prints file:line:col severity code message, exits 1 on errors', async () => {
    const io = captured(dir);
    const code = await main(['lint', '.'], io);
    assert.equal(code, 1);
    const lines = io.out().trim().split('\n');
    assert.deepEqual(lines, [`${path.join('apps', 'nested', 'bad.yml')}:8:3 error schema/unknown-field spec.servce: unknown field "servce" in spec; did you mean \`service\`?`]);
    assert.match(io.err(), /1 error\(s\), 0 warning\(s\) in 3 file\(s\)/);
  });

  it('exits 0 on clean input and lints standard input with -', async () => {
    const clean = captured(dir);
    assert.equal(await main(['lint', 'apps/good.yaml', 'apps/deployment.yaml'], clean), 0);
    assert.equal(clean.out(), '');
    const stdin = captured(dir, VALID.replace('iterations: 10', 'iterations: ten'));
    assert.equal(await main(['lint', '-', 'apps/deployment.yaml'], stdin), 1);
    assert.match(stdin.out(), /^<stdin>:12:17 error schema\/type spec\.analysis\.iterations: expected number, got string "ten"/);
  });

  it('prints stable JSON with 1-based positions and fixes', async () => {
    const io = captured(dir);
    assert.equal(await main(['lint', 'apps', '--format', 'json'], io), 1);
    const report = JSON.parse(io.out());
    assert.equal(report.version, 1);
    assert.deepEqual(
      report.files.map((f: { path: string }) => f.path),
      ['apps/deployment.yaml', 'apps/good.yaml', 'apps/nested/bad.yml'],
    );
    const [first] = report.files[2].findings;
    assert.deepEqual(
      { code: first.code, line: first.line, column: first.column, endLine: first.endLine, endColumn: first.endColumn, path: first.path, fixes: first.fixes },
      {
        code: 'schema/unknown-field',
        line: 8,
        column: 3,
        endLine: 8,
        endColumn: 9,
        path: ['spec', 'servce'],
        fixes: [
          { kind: 'replaceKey', with: 'service' },
          { kind: 'removeKey', key: 'servce' },
        ],
      },
    );
    assert.deepEqual(report.summary, { files: 3, errors: 1, warnings: 0, infos: 0 });
  });

  it('honours --argo-version and --max-file-size', async () => {
    const at = 'apiVersion: argoproj.io/v1alpha1\nkind: AnalysisTemplate\nmetadata: {name: a}\nspec:\n  metrics:\n  - name: m\n    provider:\n      datadog: {query: q, requestTimeout: 10s}\n';
    fs.writeFileSync(path.join(dir, 'at.yaml'), at);
    assert.equal(await main(['lint', 'at.yaml'], captured(dir)), 0);
    assert.equal(await main(['lint', 'at.yaml', '--argo-version', 'v1.9.1'], captured(dir)), 1);
    const small = captured(dir);
    assert.equal(await main(['lint', 'apps/nested/bad.yml', 'apps/deployment.yaml', '--max-file-size=200'], small), 0);
    assert.match(small.err(), /bad\.yml: Not validated: the file is larger than the 200 bytes limit/);
  });

  it('honours --severity for schema, rule and cross-file reference findings', async () => {
    // bad.yml has an unknown field (schema error) and targets a Deployment that exists; a lone Canary
    // whose target is nowhere in the linted files gets a references/unresolved warning.
    fs.writeFileSync(path.join(dir, 'lone.yaml'), VALID.replace('name: podinfo}', 'name: elsewhere}'));
    const plain = captured(dir);
    assert.equal(await main(['lint', 'lone.yaml', '--format', 'json'], plain), 0);
    assert.ok(JSON.parse(plain.out()).files[0].findings.some((f: { code: string }) => f.code === 'references/unresolved'));
    const off = captured(dir);
    assert.equal(await main(['lint', 'lone.yaml', '--format', 'json', '--severity', 'references/unresolved=off'], off), 0);
    assert.deepEqual(JSON.parse(off.out()).files[0].findings, []);
    const raised = captured(dir);
    assert.equal(await main(['lint', 'lone.yaml', '--severity=references/unresolved=error'], raised), 1);
    const demoted = captured(dir);
    assert.equal(await main(['lint', 'apps/nested/bad.yml', 'apps/deployment.yaml', '--severity', 'schema/unknown-field=warning'], demoted), 0);
    assert.match(demoted.out(), /warning schema\/unknown-field/);
    const wrong = captured(dir);
    assert.equal(await main(['lint', 'lone.yaml', '--severity', 'references/unresolved=loud'], wrong), 2);
  });

  it('rejects an unknown code in --severity with the list of known ones (exit 2)', async () => {
    const typo = captured(dir);
    assert.equal(await main(['lint', 'lone.yaml', '--severity', 'references/unresolve=off'], typo), 2);
    assert.equal(typo.out(), '', 'nothing is linted');
    assert.match(typo.err(), /rollout-lens lint: --severity: unknown finding code references\/unresolve; the known codes are:\n/);
    for (const known of ['yaml/syntax', 'schema/unknown-field', 'argo/max-surge-unavailable-zero', 'flagger/metric-no-query', 'references/unresolved', 'engine/rule-crashed']) {
      assert.ok(typo.err().includes(` ${known},`) || typo.err().includes(` ${known}\n`), `${known} is listed`);
    }
    assert.ok(!typo.err().includes('engine/file-too-large'), 'the oversized-file notice takes no severity');
    const notice = captured(dir);
    assert.equal(await main(['lint', 'lone.yaml', '--severity=engine/file-too-large=off'], notice), 2);
  });

  it('exits 2 on usage errors and unreadable paths', async () => {
    for (const args of [
      ['lint', '--format', 'xml'],
      ['lint', '--argo-version', 'v2'],
      ['lint', '--max-file-size', '-1'],
      ['lint', '--bogus'],
    ]) {
      const io = captured(dir);
      assert.equal(await main(args, io), 2, args.join(' '));
      assert.match(io.err(), /rollout-lens lint: /);
    }
    const missing = captured(dir);
    assert.equal(await main(['lint', 'nope.yaml', 'apps/good.yaml', 'apps/deployment.yaml'], missing), 2);
    assert.match(missing.err(), /nope\.yaml: no such file or directory/);
  });
});

describe('rollout-lens lint (built bundle: node dist/cli.js)', () => {
  it('runs the same engine from dist/cli.js with the shipped schemas', (t) => {
    const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, encoding: 'utf8' });
    if (build.status !== 0) {
      t.diagnostic(`build failed: ${build.stderr}`);
      assert.fail('npm run build failed');
    }
    const r = spawnSync(process.execPath, [path.join(root, 'dist', 'cli.js'), 'lint', '--format', 'json', '.'], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 1, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.equal(report.summary.errors, 1);
    const clean = spawnSync(process.execPath, [path.join(root, 'dist', 'cli.js'), 'lint', 'apps/good.yaml', 'apps/deployment.yaml'], { cwd: dir, encoding: 'utf8' });
    assert.equal(clean.status, 0, clean.stderr);
  });

  it('an installation without its schemas fails with exit 2 and says so, instead of passing every file', () => {
    const broken = fs.mkdtempSync(path.join(os.tmpdir(), 'rollout-lens-broken-install-'));
    fs.mkdirSync(path.join(broken, 'dist'));
    for (const f of ['cli.js', 'yaml.js']) fs.copyFileSync(path.join(root, 'dist', f), path.join(broken, 'dist', f));
    const r = spawnSync(process.execPath, [path.join(broken, 'dist', 'cli.js'), 'lint', 'apps/good.yaml'], { cwd: dir, encoding: 'utf8' });
    fs.rmSync(broken, { recursive: true, force: true });
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.equal(r.stdout, '', 'no file is reported as linted');
    assert.match(r.stderr, /rollout-lens lint: this installation is incomplete: .*cannot find the schemas folder/);
  });
});
