/**
 * Overlays and charts validated as built and rendered, in the editor (issue 13). In a trusted
 * workspace only (building runs kubectl/kustomize and helm on the repository's files): every folder
 * with a kustomization.yaml that has patches, and every folder with a
 * Chart.yaml (rendered with its own values.yaml), is built in the background once at start and
 * again after a YAML or template file is saved, debounced. A newer run of a target aborts the older
 * one's process, and a result that is no longer the newest is dropped. The findings
 * (src/render/kustomizeSources.ts, helmSources.ts) go to a collection of their own, on the files
 * that set the fields; one the language diagnostics already show on that file (same code and
 * range) is not repeated. A tool that is not on the PATH means no rendered diagnostics for that
 * kind of target, said once in the log.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Finding } from '../../core/findings';
import type { Logger } from '../../core/util/logger';
import { errorText } from '../../core/util/errors';
import { DIAGNOSTIC_SOURCE, findingsToSpecs } from '../../core/validation/diagnosticSpecs';
import type { ValidationEngine } from '../../core/validation/engine';
import type { SeverityOverrides } from '../../core/validation/fileFindings';
import { validateHelmChart } from '../../render/helmSources';
import { validateKustomization } from '../../render/kustomizeSources';
import { renderTargets, type RenderTarget as Target } from '../../render/renderTargets';
import { findOnPath, helmTemplate, kustomizeBuild } from '../../render/renderTools';
import type { RenderedReport } from '../../render/validateOutput';
import { textPositions, toDiagnostic } from '../language/positions';

const RENDERED_SOURCE = `${DIAGNOSTIC_SOURCE} (rendered)`;
const DEBOUNCE_MS = 1000;
const MAX_TARGETS = 50;

export interface RenderedDiagnosticsDeps {
  engine: ValidationEngine;
  severityOverrides: () => SeverityOverrides | undefined;
  log: Logger;
}

export function registerRenderedDiagnostics(deps: RenderedDiagnosticsDeps): vscode.Disposable[] {
  const collection = vscode.languages.createDiagnosticCollection('rollout-lens-rendered');
  const results = new Map<string, RenderedReport[]>();
  const runs = new Map<string, { generation: number; abort: AbortController }>();
  const missingTools = new Set<string>();
  let generation = 0;
  let timer: NodeJS.Timeout | undefined;
  let disposed = false;

  const publish = () => {
    const byFile = new Map<string, { text: string; findings: Finding[] }>();
    for (const reports of results.values()) {
      for (const r of reports) {
        const entry = byFile.get(r.file) ?? { text: r.text, findings: [] };
        entry.findings.push(...r.findings);
        byFile.set(r.file, entry);
      }
    }
    collection.clear();
    for (const [file, { text, findings }] of byFile) {
      const uri = vscode.Uri.file(file);
      const shown = vscode.languages.getDiagnostics(uri).filter((d) => d.source === DIAGNOSTIC_SOURCE);
      const positions = textPositions(text);
      const seen = new Set<string>();
      const diagnostics = findingsToSpecs(findings)
        .map((s) => ({ s, d: toDiagnostic(s, positions) }))
        .filter(({ s, d }) => {
          const key = `${s.code}:${s.start}:${s.end}`;
          if (seen.has(key)) return false;
          seen.add(key);
          return !shown.some((x) => x.code === s.code && x.range.isEqual(d.range));
        })
        .map(({ d }) => Object.assign(d, { source: RENDERED_SOURCE }));
      collection.set(uri, diagnostics);
    }
  };

  const runTarget = async (t: Target) => {
    const key = `${t.kind}:${t.dir}`;
    runs.get(key)?.abort.abort();
    const run = { generation: ++generation, abort: new AbortController() };
    runs.set(key, run);
    const signal = run.abort.signal;
    const label = (abs: string) => vscode.workspace.asRelativePath(abs, false);
    const severityOverrides = deps.severityOverrides() ?? {};
    try {
      const reports =
        t.kind === 'kustomize'
          ? await validateKustomization({ dir: t.dir, label, engine: deps.engine, severityOverrides, build: (d) => kustomizeBuild(d, { signal }) })
          : await validateHelmChart({ chart: t.dir, valueFiles: [], label, engine: deps.engine, severityOverrides, render: (c, v) => helmTemplate(c, { valueFiles: v, signal }) });
      if (disposed || runs.get(key) !== run) return; // a newer run of this target owns the result
      if (signal.aborted) return;
      results.set(key, reports ?? []);
      publish();
    } catch (err) {
      deps.log.warn(`${key}: ${errorText(err)}`);
    }
  };

  const toolFor = (kind: Target['kind']) => (kind === 'helm' ? findOnPath('helm') : (findOnPath('kubectl') ?? findOnPath('kustomize')));

  const refresh = async () => {
    if (disposed || !vscode.workspace.isTrusted) return;
    const files = await vscode.workspace.findFiles('**/{kustomization.yaml,kustomization.yml,Chart.yaml}', '**/{node_modules,.git}/**', MAX_TARGETS * 4);
    const targets: Target[] = [];
    for (const t of renderTargets(files.map((f) => f.fsPath).sort())) {
      const kind = t.kind;
      if (!toolFor(kind)) {
        if (!missingTools.has(kind)) deps.log.info(`${kind === 'helm' ? 'helm' : 'kubectl and kustomize'} not on the PATH: ${kind === 'helm' ? 'charts' : 'overlays'} are not validated as ${kind === 'helm' ? 'rendered' : 'built'}`);
        missingTools.add(kind);
        continue;
      }
      targets.push(t);
    }
    const live = new Set(targets.slice(0, MAX_TARGETS).map((t) => `${t.kind}:${t.dir}`));
    for (const key of [...results.keys()]) if (!live.has(key)) results.delete(key);
    // One at a time: a repository of overlays must not start a kubectl per overlay at once.
    for (const t of targets.slice(0, MAX_TARGETS)) if (!disposed) await runTarget(t);
  };

  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      refresh().catch((err) => deps.log.warn(`rendered diagnostics: ${errorText(err)}`));
    }, DEBOUNCE_MS);
  };

  schedule();
  return [
    collection,
    vscode.workspace.onDidSaveTextDocument((doc) => {
      if (/\.(ya?ml|tpl)$/i.test(doc.uri.fsPath) || path.basename(doc.uri.fsPath) === 'Kustomization') schedule();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(schedule),
    {
      dispose: () => {
        disposed = true;
        if (timer) clearTimeout(timer);
        for (const r of runs.values()) r.abort.abort();
      },
    },
  ];
}
