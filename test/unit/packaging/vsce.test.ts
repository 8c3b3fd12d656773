// The packaged extension carries only what it runs: `vsce ls` (the file list `npm run package` puts in
// the .vsix) is checked against an allowlist, and the files a marketplace listing needs must be there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');

const ALLOWED: RegExp[] = [
  /^package\.json$/,
  /^README\.md$/,
  /^CHANGELOG\.md$/,
  /^LICENSE(\.md|\.txt)?$/,
  /^THIRD_PARTY_NOTICES\.md$/,
  /^dist\/(extension|cli|cliCluster|yaml|cluster)\.js$/,
  /^dist\/(extension|cli|cliCluster|yaml|cluster)\.js\.LEGAL\.txt$/,
  /^media\/[\w.-]+\.(png|svg|gif)$/,
  // The details panel's webview script and stylesheet (src/vscode/details loads them into the webview).
  /^dist\/webview\/details\.js$/,
  /^media\/webview\/[\w.-]+\.css$/,
  // The walkthrough's step media (contributes.walkthroughs).
  /^media\/walkthrough\/[\w.-]+\.md$/,
  /^schemas\/[\w.-]+\.json$/,
  /^snippets\/[\w.-]+\.json$/,
];
const REQUIRED = ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE'];

function vsceLs(): string[] {
  const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  const out = execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return out
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

test('vsce ls lists only allowed files, and the ones a listing needs', () => {
  const files = vsceLs();
  const unexpected = files.filter((f) => !ALLOWED.some((re) => re.test(f)));
  assert.deepEqual(unexpected, [], 'files that would ship in the .vsix but are not allowlisted');
  for (const f of REQUIRED) assert.ok(files.includes(f), `${f} is packaged`);
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  assert.ok(pkg.icon, 'package.json names a marketplace icon');
  assert.ok(files.includes(pkg.icon), `the icon ${pkg.icon} is packaged`);
  // Everything the manifest points at must ship (otherwise the installed extension breaks).
  const referenced = [
    ...(pkg.contributes?.snippets ?? []).map((s: { path: string }) => s.path),
    ...(pkg.contributes?.grammars ?? []).map((g: { path: string }) => g.path),
    ...Object.values(pkg.contributes?.viewsContainers ?? {})
      .flat()
      .map((c) => (c as { icon?: string }).icon),
    ...(pkg.contributes?.walkthroughs ?? []).flatMap((w: { steps: { media: Record<string, unknown> }[] }) => w.steps.flatMap((s) => Object.values(s.media))),
  ].filter((p): p is string => typeof p === 'string' && !p.startsWith('$('));
  for (const ref of referenced) {
    const rel = path.posix.normalize(ref.replace(/^\.\//, ''));
    assert.ok(files.includes(rel), `${rel} (referenced from package.json) is packaged`);
  }
  if (fs.existsSync(path.join(root, 'dist', 'extension.js'))) {
    assert.ok(files.includes('dist/extension.js'), 'the built extension bundle is packaged');
  }
});

test('the marketplace icon is a 128x128 (or larger, square) PNG', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const buf = fs.readFileSync(path.join(root, pkg.icon));
  assert.equal(buf.subarray(1, 4).toString('ascii'), 'PNG');
  const width = buf.readUInt32BE(16);
  const height = buf.readUInt32BE(20);
  assert.equal(width, height, 'square');
  assert.ok(width >= 128, `at least 128 px (is ${width})`);
});
