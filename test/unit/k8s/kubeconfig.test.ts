import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { kubeconfigPaths, loadKubeconfig, watchKubeconfigFiles } from '../../../src/k8s/kubeconfig';
import { redact } from '../../../src/k8s/log';

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'rl-kc-'));
}

function kc(opts: { current?: string; contexts: [string, string, string, string?][]; clusters: [string, string][]; users: [string, string][] }): string {
  const lines = ['apiVersion: v1', 'kind: Config'];
  if (opts.current) lines.push(`current-context: ${opts.current}`);
  lines.push('clusters:');
  for (const [n, s] of opts.clusters) lines.push(`- name: ${n}`, '  cluster:', `    server: ${s}`);
  lines.push('users:');
  for (const [n, t] of opts.users) lines.push(`- name: ${n}`, '  user:', `    token: ${t}`);
  lines.push('contexts:');
  for (const [n, c, u, ns] of opts.contexts) lines.push(`- name: ${n}`, '  context:', `    cluster: ${c}`, `    user: ${u}`, ...(ns ? [`    namespace: ${ns}`] : []));
  return lines.join('\n') + '\n';
}

test('KUBECONFIG paths: delimiter-separated, deduplicated, ~ expanded; explicit path wins; default ~/.kube/config', () => {
  assert.deepEqual(kubeconfigPaths({ env: { KUBECONFIG: ['/a/one', '', '/b/two', '/a/one'].join(path.delimiter) }, home: '/h' }), ['/a/one', '/b/two']);
  assert.deepEqual(kubeconfigPaths({ env: { KUBECONFIG: '~/x' }, home: '/h' }), ['/h/x']);
  assert.deepEqual(kubeconfigPaths({ env: { KUBECONFIG: '/a' }, home: '/h', explicitPath: '/e/f' }), ['/e/f']);
  assert.deepEqual(kubeconfigPaths({ env: {}, home: '/h' }), ['/h/.kube/config']);
});

test('merge follows kubectl: first file wins per name, current-context from the first file that sets it, missing files skipped', () => {
  const d = tmp();
  const a = path.join(d, 'a');
  const b = path.join(d, 'b');
  fs.writeFileSync(a, kc({ contexts: [['dev', 'c-dev', 'u-dev', 'apps']], clusters: [['c-dev', 'https://dev.example:6443']], users: [['u-dev', 'tok-a']] }));
  fs.writeFileSync(
    b,
    kc({
      current: 'prod',
      contexts: [
        ['dev', 'c-other', 'u-other'],
        ['prod', 'c-prod', 'u-dev'],
      ],
      clusters: [
        ['c-dev', 'https://WRONG'],
        ['c-prod', 'https://prod.example'],
      ],
      users: [['u-dev', 'tok-b']],
    }),
  );
  const l = loadKubeconfig([path.join(d, 'missing'), a, b]);
  assert.deepEqual(l.files, [a, b]);
  assert.deepEqual(l.errors, []);
  assert.equal(l.currentContext, 'prod');
  assert.deepEqual(
    l.contexts.map((c) => [c.name, c.cluster, c.user, c.namespace, c.server]),
    [
      ['dev', 'c-dev', 'u-dev', 'apps', 'https://dev.example:6443'],
      ['prod', 'c-prod', 'u-dev', undefined, 'https://prod.example'],
    ],
  );
  const prod = l.kubeConfigFor('prod')!;
  assert.equal(prod.getCurrentCluster()?.server, 'https://prod.example');
  assert.equal(prod.getCurrentUser()?.token, 'tok-a', 'the user from the first file');
  assert.equal(l.kubeConfigFor('nope'), undefined);
});

test('a broken file is reported, not fatal; fingerprints change with credentials only for affected contexts', () => {
  const d = tmp();
  const a = path.join(d, 'a');
  const bad = path.join(d, 'bad');
  fs.writeFileSync(bad, 'clusters: [unclosed\n  token: s3cr3t');
  fs.writeFileSync(
    a,
    kc({
      current: 'x',
      contexts: [
        ['x', 'c', 'u'],
        ['y', 'c2', 'u2'],
      ],
      clusters: [
        ['c', 'https://c'],
        ['c2', 'https://c2'],
      ],
      users: [
        ['u', 'one'],
        ['u2', 'two'],
      ],
    }),
  );
  const l1 = loadKubeconfig([bad, a]);
  assert.equal(l1.errors.length, 1);
  assert.match(l1.errors[0], /bad: not a valid kubeconfig/);
  assert.doesNotMatch(l1.errors[0], /s3cr3t/);
  assert.equal(l1.contexts.length, 2);
  fs.writeFileSync(
    a,
    kc({
      current: 'x',
      contexts: [
        ['x', 'c', 'u'],
        ['y', 'c2', 'u2'],
      ],
      clusters: [
        ['c', 'https://c'],
        ['c2', 'https://c2'],
      ],
      users: [
        ['u', 'rotated'],
        ['u2', 'two'],
      ],
    }),
  );
  const l2 = loadKubeconfig([bad, a]);
  assert.notEqual(l1.fingerprint('x'), l2.fingerprint('x'));
  assert.equal(l1.fingerprint('y'), l2.fingerprint('y'));
});

test('watchKubeconfigFiles survives atomic rename-replace and debounces bursts', async () => {
  const d = tmp();
  const f = path.join(d, 'config');
  fs.writeFileSync(f, 'a');
  let calls = 0;
  const w = watchKubeconfigFiles([f], () => calls++, 50);
  const waitFor = async (pred: () => boolean) => {
    const deadline = Date.now() + 5000;
    while (!pred() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.ok(pred());
  };
  for (let i = 0; i < 5; i++) fs.writeFileSync(f, `edit ${i}`);
  await waitFor(() => calls === 1);
  // Atomic save: write a temp file and rename it over the original (the old inode goes away).
  for (let i = 0; i < 2; i++) {
    const before = calls;
    const t = path.join(d, `.config.tmp${i}`);
    fs.writeFileSync(t, `replaced ${i}`);
    fs.renameSync(t, f);
    await waitFor(() => calls > before);
  }
  // Unrelated files in the same directory do not count.
  const before = calls;
  fs.writeFileSync(path.join(d, 'other'), 'x');
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(calls, before);
  w.dispose();
  fs.writeFileSync(f, 'after dispose');
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(calls, before);
});

test('redact removes bearer tokens, token fields, private keys and JWTs', () => {
  const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW0ifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
  const s = redact(`Authorization: Bearer abc.def-123 token: s3cr3t {"client-key-data":"QUJD"} ${jwt} -----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----`);
  for (const secret of ['abc.def-123', 's3cr3t', 'QUJD', jwt, 'MIIE']) assert.ok(!s.includes(secret), `${secret} leaked in ${s}`);
  const o = redact({ user: { token: 'tok', name: 'me' }, headers: { Authorization: 'Bearer x' } });
  assert.ok(!o.includes('tok"') && o.includes('me'));
  assert.ok(!o.includes('Bearer x'));
});
