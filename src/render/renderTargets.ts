/**
 * Which folders the editor builds or renders in the background: a kustomization with patches (one
 * without only gathers files the language diagnostics already validate with the workspace index,
 * so its build adds nothing) and a chart (Chart.yaml, rendered with its own values.yaml).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseManifestFile } from '../core/manifest/manifestFile';
import { readKustomization } from '../core/workspace/kustomization';

export interface RenderTarget {
  kind: 'kustomize' | 'helm';
  /** The folder, absolute. */
  dir: string;
}

const KUSTOMIZATION = /^(kustomization\.ya?ml|Kustomization)$/;

/** The targets among found kustomization and Chart.yaml files (absolute paths), in their order. */
export function renderTargets(files: readonly string[]): RenderTarget[] {
  const out: RenderTarget[] = [];
  for (const file of files) {
    const name = path.basename(file);
    if (name === 'Chart.yaml') out.push({ kind: 'helm', dir: path.dirname(file) });
    else if (KUSTOMIZATION.test(name) && hasPatches(file)) out.push({ kind: 'kustomize', dir: path.dirname(file) });
  }
  return out;
}

function hasPatches(file: string): boolean {
  try {
    const info = readKustomization(file, parseManifestFile(fs.readFileSync(file, 'utf8')).documents[0]?.value);
    return !!info && info.patches.length > 0;
  } catch {
    return false;
  }
}
