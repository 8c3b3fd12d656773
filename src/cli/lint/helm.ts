/**
 * `rollout-lens lint --helm CHART [-f values.yaml ...]`: the chart validated as rendered
 * (src/render/helmSources.ts), its findings reported on the templates, with paths as the CLI prints them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lineStarts } from '../../core/findings';
import type { ValidationEngine } from '../../core/validation/engine';
import type { SeverityOverrides } from '../../core/validation/fileFindings';
import { validateHelmChart } from '../../render/helmSources';
import type { RenderOutcome } from '../../render/renderTools';
import { displayPath } from './files';
import type { FileReport } from './formats';

export interface HelmLintInput {
  chart: string;
  valueFiles: string[];
  cwd: string;
  engine: ValidationEngine;
  severityOverrides: SeverityOverrides;
  render: (chart: string, valueFiles: string[]) => Promise<RenderOutcome>;
}

/** The reports of one chart's render, one per file with findings; a string is a usage error. */
export async function lintHelmChart({ chart, valueFiles, cwd, engine, severityOverrides, render }: HelmLintInput): Promise<FileReport[] | string> {
  for (const v of valueFiles) if (!fs.existsSync(path.resolve(cwd, v))) return `--values ${v}: no such file`;
  const label = (abs: string) => displayPath(abs, cwd);
  const reports = await validateHelmChart({ chart: path.resolve(cwd, chart), valueFiles: valueFiles.map((v) => path.resolve(cwd, v)), label, engine, severityOverrides, render });
  if (!reports) return `--helm ${chart}: no Chart.yaml in that directory`;
  return reports.map((r) => ({ path: displayPath(r.file, cwd), findings: r.findings, starts: lineStarts(r.text) }));
}
