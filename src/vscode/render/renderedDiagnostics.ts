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
 *
 * Charts are rendered with the helm of `rolloutLens.helm.path` (else the PATH), their values.yaml
 * and then the value files `rolloutLens.helm.valueFiles` names for the chart (picked with the
 * Select Helm Value Files command), for `rolloutLens.helm.kubeVersion` and
 * `rolloutLens.helm.apiVersions`, else the connected context's server version and the API versions
 * it serves (src/render/clusterCapabilities.ts, read again after a context switch or an outage).
 * Hover on a template's templated value shows what it rendered to, and on a line a toYaml or
 * include fills, the rendered lines it produced. A round that takes longer than a few seconds shows
 * a progress notification until it ends.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Event } from '../../core/events';
import type { Finding } from '../../core/findings';
import type { TemplatedValue } from '../../core/render/renderedChart';
import { chartKey } from '../../core/settings/settings';
import { valueText } from '../../core/util/json';
import type { Logger } from '../../core/util/logger';
import { errorText } from '../../core/util/errors';
import { DIAGNOSTIC_SOURCE, findingsToSpecs } from '../../core/validation/diagnosticSpecs';
import type { ValidationEngine } from '../../core/validation/engine';
import type { SeverityOverrides } from '../../core/validation/fileFindings';
import type { ClusterCapabilities } from '../../render/clusterCapabilities';
import { validateHelmChart } from '../../render/helmSources';
import { validateKustomization } from '../../render/kustomizeSources';
import { renderTargets, type RenderTarget as Target } from '../../render/renderTargets';
import { findOnPath, helmTemplate, kustomizeBuild } from '../../render/renderTools';
import type { RenderedReport } from '../../render/validateOutput';
import type { SettingsStore } from '../config';
import { textPositions, toDiagnostic } from '../language/positions';

const RENDERED_SOURCE = `${DIAGNOSTIC_SOURCE} (rendered)`;
const DEBOUNCE_MS = 1000;
const MAX_TARGETS = 50;
/** A round of builds that takes longer than this gets a progress notification (quick ones stay silent). */
const PROGRESS_AFTER_MS = 3000;
export const SELECT_CHART_VALUES_COMMAND = 'rolloutLens.selectChartValues';

export interface RenderedDiagnosticsDeps {
  engine: ValidationEngine;
  severityOverrides: () => SeverityOverrides | undefined;
  settings: SettingsStore;
  /** The connected context's server version and API versions (never starts a connection); onDidChange renders again. */
  capabilities: { get(): Promise<ClusterCapabilities | undefined>; readonly onDidChange: Event<void> };
  log: Logger;
}

/** A chart's key in `rolloutLens.helm.valueFiles`: its folder relative to its workspace folder. */
function chartKeyOf(dir: string): string {
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(dir));
  return chartKey(folder ? path.relative(folder.uri.fsPath, dir) : dir);
}

export function registerRenderedDiagnostics(deps: RenderedDiagnosticsDeps): vscode.Disposable[] {
  const collection = vscode.languages.createDiagnosticCollection('rollout-lens-rendered');
  const results = new Map<string, RenderedReport[]>();
  const runs = new Map<string, { generation: number; abort: AbortController }>();
  const missingTools = new Set<string>();
  /** By template file: what its templated values rendered to in the newest render of its chart. */
  const templated = new Map<string, TemplatedValue[]>();
  const templatedBy = new Map<string, Set<string>>(); // target key → template files
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
      let values: Map<string, TemplatedValue[]> | undefined;
      const reports =
        t.kind === 'kustomize'
          ? await validateKustomization({ dir: t.dir, label, engine: deps.engine, severityOverrides, build: (d) => kustomizeBuild(d, { signal }) })
          : await (async () => {
              const helm = deps.settings.current.helm;
              // The settings win; the cluster is asked only for what they leave empty.
              const cluster = helm.kubeVersion && helm.apiVersions.length ? undefined : await deps.capabilities.get();
              const kubeVersion = helm.kubeVersion || cluster?.kubeVersion;
              const apiVersions = helm.apiVersions.length ? helm.apiVersions : cluster?.apiVersions;
              const valueFiles = (helm.valueFiles[chartKeyOf(t.dir)] ?? []).map((f) => path.resolve(t.dir, f));
              return validateHelmChart({
                chart: t.dir,
                valueFiles,
                label,
                engine: deps.engine,
                severityOverrides,
                render: (c, v) => helmTemplate(c, { helm: helm.path || undefined, valueFiles: v, kubeVersion, apiVersions, signal }),
                onTemplatedValues: (v) => (values = v),
              });
            })();
      if (disposed || runs.get(key) !== run) return; // a newer run of this target owns the result
      if (signal.aborted) return;
      results.set(key, reports ?? []);
      // A failed render keeps the hover of the last good one off: its values may no longer be true.
      for (const file of templatedBy.get(key) ?? []) templated.delete(file);
      templatedBy.set(key, new Set(values?.keys()));
      for (const [file, v] of values ?? []) templated.set(file, v);
      publish();
    } catch (err) {
      deps.log.warn(`${key}: ${errorText(err)}`);
    }
  };

  const toolFor = (kind: Target['kind']) => {
    if (kind !== 'helm') return findOnPath('kubectl') ?? findOnPath('kustomize');
    const configured = deps.settings.current.helm.path;
    return configured ? (isExecutable(configured) ? configured : undefined) : findOnPath('helm');
  };

  const refresh = async () => {
    if (disposed || !vscode.workspace.isTrusted) return;
    const files = await vscode.workspace.findFiles('**/{kustomization.yaml,kustomization.yml,Chart.yaml}', '**/{node_modules,.git}/**', MAX_TARGETS * 4);
    const targets: Target[] = [];
    for (const t of renderTargets(files.map((f) => f.fsPath).sort())) {
      const kind = t.kind;
      if (!toolFor(kind)) {
        const configured = kind === 'helm' && deps.settings.current.helm.path;
        const what = configured ? `rolloutLens.helm.path (${configured}) is not an executable file` : `${kind === 'helm' ? 'helm' : 'kubectl and kustomize'} not on the PATH`;
        if (!missingTools.has(what)) deps.log.info(`${what}: ${kind === 'helm' ? 'charts' : 'overlays'} are not validated as ${kind === 'helm' ? 'rendered' : 'built'}`);
        missingTools.add(what);
        continue;
      }
      targets.push(t);
    }
    const live = new Set(targets.slice(0, MAX_TARGETS).map((t) => `${t.kind}:${t.dir}`));
    for (const key of [...results.keys()]) if (!live.has(key)) results.delete(key);
    for (const [key, files] of [...templatedBy]) {
      if (live.has(key)) continue;
      for (const file of files) templated.delete(file);
      templatedBy.delete(key);
    }
    publish();
    // One at a time: a repository of overlays must not start a kubectl per overlay at once.
    const round = (async () => {
      for (const t of targets.slice(0, MAX_TARGETS)) if (!disposed) await runTarget(t);
    })();
    const slow = setTimeout(() => {
      void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Rollout Lens: validating overlays and charts as built and rendered' }, () => round.catch(() => undefined));
    }, PROGRESS_AFTER_MS);
    try {
      await round;
    } finally {
      clearTimeout(slow);
    }
  };

  const hover: vscode.HoverProvider = {
    provideHover(doc, position) {
      const values = templated.get(doc.uri.fsPath);
      const offset = doc.offsetAt(position);
      const at = values?.find((v) => offset >= v.range.start && offset <= v.range.end);
      // The template may have been edited since it was rendered: only where the action is still there.
      if (!at || doc.getText(new vscode.Range(doc.positionAt(at.range.start), doc.positionAt(at.range.end))) !== at.source) return undefined;
      const md = new vscode.MarkdownString();
      if (at.blocks) {
        // A toYaml/include line: the rendered lines it produced, one code block per distinct render.
        md.appendMarkdown(at.whole ? '**Rendered** (`helm template`), with the lines around this one under the same key:\n' : '**Rendered** (`helm template`) as:\n');
        for (const block of at.blocks) md.appendCodeblock(block || '# (nothing)', 'yaml');
      } else {
        const shown = [...new Set(at.rendered.map((v) => valueText(v)))];
        md.appendMarkdown(`**Rendered** (\`helm template\`) as ${shown.map((v) => `\`${v.replace(/`/g, "'")}\``).join(', ')}`);
      }
      return new vscode.Hover(md, new vscode.Range(doc.positionAt(at.range.start), doc.positionAt(at.range.end)));
    },
  };

  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      refresh().catch((err) => deps.log.warn(`rendered diagnostics: ${errorText(err)}`));
    }, DEBOUNCE_MS);
  };

  const selectChartValues = async (chartArg?: vscode.Uri, filesArg?: string[]) => {
    const chartDir = chartArg?.fsPath ?? (await pickChart());
    if (!chartDir) return;
    const key = chartKeyOf(chartDir);
    const current = deps.settings.current.helm.valueFiles[key] ?? [];
    const files = filesArg ?? (await pickValueFiles(chartDir, current));
    if (!files) return;
    await deps.settings.setChartValueFiles(key, files);
  };

  schedule();
  return [
    collection,
    vscode.languages.registerHoverProvider({ scheme: 'file', pattern: '**/templates/**' }, hover),
    vscode.commands.registerCommand(SELECT_CHART_VALUES_COMMAND, selectChartValues),
    deps.settings.onDidChange(({ areas }) => {
      if (areas.helm) schedule();
    }),
    // Another context, or the cluster back after an outage answering differently (upgraded, CRDs installed).
    deps.capabilities.onDidChange(schedule),
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

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

async function pickChart(): Promise<string | undefined> {
  const charts = (await vscode.workspace.findFiles('**/Chart.yaml', '**/{node_modules,.git}/**', MAX_TARGETS)).map((u) => path.dirname(u.fsPath)).sort();
  if (!charts.length) {
    void vscode.window.showInformationMessage('Rollout Lens: no Helm chart (a folder with Chart.yaml) in this workspace.');
    return undefined;
  }
  if (charts.length === 1) return charts[0];
  const picked = await vscode.window.showQuickPick(
    charts.map((dir) => ({ label: chartKeyOf(dir), dir })),
    { title: 'Rollout Lens: the chart to pick value files for' },
  );
  return picked?.dir;
}

/** YAML files of the chart (not its templates, subcharts, Chart.yaml or values.yaml, which helm always reads), two levels deep. */
function valueFileCandidates(chartDir: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, depth: number) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const abs = path.join(dir, e.name);
      const rel = path.relative(chartDir, abs).split(path.sep).join('/');
      if (e.isDirectory() && depth < 2 && !['templates', 'charts', 'node_modules', '.git'].includes(e.name)) walk(abs, depth + 1);
      else if (e.isFile() && /\.ya?ml$/i.test(e.name) && !['Chart.yaml', 'values.yaml', 'Chart.lock'].includes(rel)) out.push(rel);
    }
  };
  walk(chartDir, 0);
  return out.sort();
}

async function pickValueFiles(chartDir: string, current: readonly string[]): Promise<string[] | undefined> {
  const candidates = [...new Set([...current, ...valueFileCandidates(chartDir)])];
  if (!candidates.length) {
    void vscode.window.showInformationMessage(`Rollout Lens: ${chartKeyOf(chartDir)} has no value files besides values.yaml.`);
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    candidates.map((f) => ({ label: f, picked: current.includes(f) })),
    { canPickMany: true, title: `Rollout Lens: value files for ${chartKeyOf(chartDir)} (after values.yaml, in this order)` },
  );
  return picked?.map((p) => p.label);
}
