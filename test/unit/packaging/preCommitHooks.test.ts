// .pre-commit-hooks.yaml: the hook pre-commit users add with `id: rollout-lens-lint`. Its entry must
// be the package's bin, its `files` pattern must pick YAML and nothing else (pre-commit matches it
// with Python's re.search, which agrees with JavaScript's RegExp for this pattern), and it must run
// serially so one lint run sees every staged file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

const root = path.resolve(__dirname, '..', '..', '..');

interface Hook {
  id: string;
  name: string;
  entry: string;
  language: string;
  files: string;
  require_serial?: boolean;
}

test('.pre-commit-hooks.yaml declares rollout-lens-lint: the package bin, node, YAML files, serial', () => {
  const hooks = parse(fs.readFileSync(path.join(root, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];
  assert.deepEqual(
    hooks.map((h) => h.id),
    ['rollout-lens-lint'],
  );
  const [hook] = hooks;
  assert.equal(hook.entry, 'rollout-lens lint');
  assert.equal(hook.language, 'node');
  assert.equal(hook.files, '\\.(ya?ml)$');
  assert.equal(hook.require_serial, true);
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { bin: Record<string, string> };
  assert.ok(Object.hasOwn(pkg.bin, hook.entry.split(' ')[0]), 'the entry is a bin the package installs');
  const files = new RegExp(hook.files);
  assert.deepEqual(
    ['deploy/rollout.yaml', 'a.yml', 'values.json', 'chart/templates/_helpers.tpl', 'notes.yaml.txt', 'Kustomization'].map((f) => files.test(f)),
    [true, true, false, false, false, false],
  );
});
