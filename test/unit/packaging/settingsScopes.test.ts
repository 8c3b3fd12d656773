/**
 * Where each setting may be written. VS Code ignores an `application`-scoped setting in workspace and
 * folder settings, so a repository's .vscode/settings.json cannot weaken the production guard or
 * point the extension at a kubeconfig (whose exec plugins run commands) of its choosing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const sections = Array.isArray(pkg.contributes.configuration) ? pkg.contributes.configuration : [pkg.contributes.configuration];
const properties: Record<string, { scope?: string }> = Object.assign({}, ...sections.map((s: { properties?: object }) => s.properties ?? {}));

test('the production guard cannot be weakened by a workspace: both safety settings are application-scoped', () => {
  assert.equal(properties['rolloutLens.cluster.productionContexts']?.scope, 'application');
  assert.equal(properties['rolloutLens.cluster.skipConfirmationForNonProduction']?.scope, 'application');
});

test("which clusters are reached is the user's choice: kubeconfig and watched contexts are application-scoped", () => {
  // Not `machine`: code-server (the e2e harness) is a remote window, where VS Code ignores machine-scoped
  // values from User settings, and the harness writes the kubeconfig there.
  assert.equal(properties['rolloutLens.cluster.kubeconfig']?.scope, 'application');
  assert.equal(properties['rolloutLens.cluster.watchedContexts']?.scope, 'application');
});

test('how charts render may differ per workspace: the helm settings are window-scoped', () => {
  for (const key of ['path', 'valueFiles', 'kubeVersion', 'apiVersions']) assert.equal(properties[`rolloutLens.helm.${key}`]?.scope, 'window', key);
});

test('every setting states its scope', () => {
  const known = new Set(['application', 'machine', 'machine-overridable', 'window', 'resource', 'language-overridable']);
  const missing = Object.entries(properties)
    .filter(([, p]) => !known.has(p.scope ?? ''))
    .map(([k]) => k);
  assert.deepEqual(missing, []);
});

test('settings are read only through the settings store (src/vscode/config.ts)', () => {
  const readers: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts') && /\bgetConfiguration\s*\(/.test(fs.readFileSync(p, 'utf8'))) readers.push(path.relative(ROOT, p));
    }
  };
  walk(path.join(ROOT, 'src'));
  assert.deepEqual(readers, ['src/vscode/config.ts']);
});
