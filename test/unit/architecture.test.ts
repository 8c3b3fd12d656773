/**
 * The four floors (STYLE.md): src/extension.ts + src/cli → src/vscode → src/k8s → src/core, every
 * import pointing down. These rules are what keep the core unit-testable under plain Node, the
 * cluster layer out of the activation bundle, and the editor out of the CLI.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const SRC = path.resolve(__dirname, '../../src');

interface Import { file: string; spec: string; typeOnly: boolean }

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(p));
    else if (e.name.endsWith('.ts')) out.push(p);
  }
  return out;
}

function importsOf(file: string): Import[] {
  const text = fs.readFileSync(file, 'utf8');
  const found: Import[] = [];
  const re = /^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)|import\(\s*['"]([^'"]+)['"]\s*\)/gm;
  for (const m of text.matchAll(re)) {
    const spec = m[3] ?? m[4] ?? m[5];
    // `typeof import('…')` is a type position: erased by esbuild like `import type`.
    const typeOfImport = m[5] !== undefined && /typeof\s*$/.test(text.slice(Math.max(0, m.index - 10), m.index));
    found.push({ file: path.relative(SRC, file), spec, typeOnly: Boolean(m[2]) || typeOfImport });
  }
  return found;
}

/** Which floor a module specifier resolves to, seen from `file`. */
function floorOf(file: string, spec: string): string {
  if (!spec.startsWith('.')) return spec.replace(/^node:/, '');
  const abs = path.resolve(path.dirname(path.join(SRC, file)), spec);
  const rel = path.relative(SRC, abs);
  if (rel.startsWith('..')) return `outside:${rel}`;
  return rel.split(path.sep)[0].replace(/\.ts$/, '');
}

const all = sourceFiles(SRC).flatMap(importsOf);
const floor = (f: string) => f.split(path.sep)[0];

test('src/core is pure: no vscode, no cluster client, no network, nothing above it', () => {
  const forbidden = new Set(['vscode', '@kubernetes/client-node', 'http', 'https', 'net', 'tls', 'child_process', 'k8s', 'vscode-layer', 'cli', 'extension']);
  const bad = all.filter((i) => floor(i.file) === 'core').filter((i) => {
    const f = floorOf(i.file, i.spec);
    return forbidden.has(f) || (i.spec.startsWith('.') && f !== 'core') || f.startsWith('outside:');
  });
  assert.deepEqual(bad, []);
});

test('src/k8s knows nothing of the editor or the CLI', () => {
  const bad = all.filter((i) => floor(i.file) === 'k8s').filter((i) => {
    const f = floorOf(i.file, i.spec);
    return i.spec === 'vscode' || (i.spec.startsWith('.') && !['k8s', 'core'].includes(f));
  });
  assert.deepEqual(bad, []);
});

test('the editor layer reaches the cluster layer only through type imports (dist/cluster.js is loaded lazily)', () => {
  const bad = all.filter((i) => floor(i.file) === 'vscode' || i.file === 'extension.ts').filter((i) => {
    const f = floorOf(i.file, i.spec);
    return i.spec === '@kubernetes/client-node' || (f === 'k8s' && !i.typeOnly) || f === 'cli';
  });
  assert.deepEqual(bad, []);
});

test('the CLI never imports the editor', () => {
  const bad = all.filter((i) => floor(i.file) === 'cli' || i.file === 'cli.ts').filter((i) => i.spec === 'vscode' || floorOf(i.file, i.spec) === 'vscode');
  assert.deepEqual(bad, []);
});

test('nothing under src imports test code or ../shared', () => {
  const bad = all.filter((i) => floorOf(i.file, i.spec).startsWith('outside:') || /shared\//.test(i.spec));
  assert.deepEqual(bad, []);
});
