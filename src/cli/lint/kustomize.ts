/**
 * `rollout-lens lint --kustomize DIR`: the overlay validated as built (src/render/kustomizeSources.ts),
 * its findings reported on the patch or base file that set each field, with paths as the CLI prints them.
 */
import * as path from 'node:path';
import { lineStarts } from '../../core/findings';
import type { ValidationEngine } from '../../core/validation/engine';
import type { SeverityOverrides } from '../../core/validation/fileFindings';
import { validateKustomization } from '../../render/kustomizeSources';
import type { RenderOutcome } from '../../render/renderTools';
import { displayPath } from './files';
import type { FileReport } from './formats';

export interface KustomizeLintInput {
  dir: string;
  cwd: string;
  engine: ValidationEngine;
  severityOverrides: SeverityOverrides;
  build: (dir: string) => Promise<RenderOutcome>;
}

/** The reports of one overlay's build, one per source file with findings; a string is a usage error. */
export async function lintKustomization({ dir, cwd, engine, severityOverrides, build }: KustomizeLintInput): Promise<FileReport[] | string> {
  const reports = await validateKustomization({ dir: path.resolve(cwd, dir), label: (abs) => displayPath(abs, cwd), engine, severityOverrides, build });
  if (!reports) return `--kustomize ${dir}: no kustomization.yaml in that directory`;
  return reports.map((r) => ({ path: displayPath(r.file, cwd), findings: r.findings, starts: lineStarts(r.text) }));
}
