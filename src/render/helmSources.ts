/**
 * A chart validated as rendered (`rollout-lens lint --helm CHART [-f values.yaml ...]`, the editor's
 * rendered diagnostics): the chart is rendered with `helm template` (renderTools.ts), the rendered Rollouts, AnalysisTemplates, Canaries and friends are
 * validated by the same engine and index as plain files, and each finding is reported on the
 * template it came from (src/core/render/renderedChart.ts). A render that fails is one error where
 * helm says it failed, with helm's message.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { codeAndSeverity, lineStarts, type Finding, type TextRange } from '../core/findings';
import { HELM_RENDER_FAILED } from '../core/validation/renderCodes';
import type { MappedFinding } from '../core/render/builtSources';
import { mapRenderedFindings, renderErrorLocation, sourceComment, templatedValues, type ChartTemplate, type TemplatedValue } from '../core/render/renderedChart';
import type { ValidationEngine } from '../core/validation/engine';
import { withSeverityOverrides, type SeverityOverrides } from '../core/validation/fileFindings';
import type { RenderOutcome } from './renderTools';
import { validateOutput, type RenderedReport } from './validateOutput';

/** `checkout/templates/rollout.yaml` (helm's name) → CHART_DIR/templates/rollout.yaml; subcharts keep their charts/NAME/ part. */
export function templateFile(chartDir: string, source: string): string {
  return path.join(chartDir, ...source.split('/').slice(1));
}

export interface HelmLintInput {
  /** The chart's directory and the value files, absolute. */
  chart: string;
  valueFiles: string[];
  /** How messages name a file or directory (the CLI: relative to its working directory). */
  label: (abs: string) => string;
  engine: ValidationEngine;
  severityOverrides: SeverityOverrides;
  render: (chart: string, valueFiles: string[]) => Promise<RenderOutcome>;
  /** Called after a successful render with what each templated value rendered to, by template file (the editor's hover). */
  onTemplatedValues?: (values: Map<string, TemplatedValue[]>) => void;
}

function readText(file: string): string | undefined {
  try {
    const raw = fs.readFileSync(file, 'utf8');
    return raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  } catch {
    return undefined;
  }
}

function rangeAtLine(text: string, line: number, column?: number): TextRange {
  const starts = lineStarts(text);
  const l = Math.min(Math.max(line - 1, 0), starts.length - 1);
  const lineEnd = l + 1 < starts.length ? starts[l + 1] - 1 : text.length;
  const first = starts[l] + (text.slice(starts[l], lineEnd).length - text.slice(starts[l], lineEnd).trimStart().length);
  const start = column ? Math.min(starts[l] + column - 1, lineEnd) : first;
  return { start, end: Math.max(lineEnd, start) };
}

/** The findings of one chart's render, one report per file with findings; undefined when `chart` holds no Chart.yaml. */
export async function validateHelmChart({ chart: chartDir, valueFiles, label, engine, severityOverrides, render, onTemplatedValues }: HelmLintInput): Promise<RenderedReport[] | undefined> {
  const chartYaml = path.join(chartDir, 'Chart.yaml');
  const chartText = readText(chartYaml);
  if (chartText === undefined) return undefined;
  const context = `helm template ${label(chartDir) || '.'}${valueFiles.map((v) => ` -f ${label(v)}`).join('')}`;
  const texts = new Map<string, string>([[chartYaml, chartText]]);
  const reports = new Map<string, Finding[]>();
  const add = ({ file, finding }: MappedFinding) => {
    if (!texts.has(file)) texts.set(file, readText(file) ?? '');
    reports.set(file, [...(reports.get(file) ?? []), finding]);
  };
  const fallback = { file: chartYaml, range: rangeAtLine(chartText, 1) };
  const outcome = await render(chartDir, valueFiles);
  if (!outcome.ok) {
    // helm's message, without its `Error: ` prefix and the --debug hint it appends (lint has no --debug).
    const message = outcome.message.replace(/^Error: /, '').replace(/\s*Use --debug flag to render out invalid YAML\s*$/, '');
    const at = renderErrorLocation(message);
    const file = at ? templateFile(chartDir, at.template) : chartYaml;
    const text = readText(file);
    // Go's text/template names line:column with a 0-based byte column (parse.Tree.ErrorContext).
    const range = at && text !== undefined ? rangeAtLine(text, at.line, at.column === undefined ? undefined : at.column + 1) : fallback.range;
    const failed: Finding = { ...codeAndSeverity(HELM_RENDER_FAILED), source: 'engine', message: `${context} failed: ${message}`, range, path: [] };
    for (const finding of withSeverityOverrides([failed], severityOverrides)) add({ file: text === undefined ? chartYaml : file, finding });
  } else {
    const rendered = validateOutput(engine, `${context} (rendered)`, outcome.output, severityOverrides);
    const templates = new Map<string, ChartTemplate>();
    for (const doc of rendered.file.documents) {
      const source = sourceComment(doc.text);
      if (!source || templates.has(source)) continue;
      const file = templateFile(chartDir, source);
      const text = readText(file);
      if (text !== undefined) templates.set(source, { file, text });
    }
    for (const m of mapRenderedFindings({ rendered: rendered.file, findings: rendered.findings, templates, context, fallback })) add(m);
    onTemplatedValues?.(templatedValues(rendered.file, templates));
  }
  return [...reports].map(([file, findings]) => ({ file, text: texts.get(file) ?? '', findings: findings.sort((a, b) => a.range.start - b.range.start || a.code.localeCompare(b.code)) }));
}
