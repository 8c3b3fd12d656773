/**
 * The status oracle (issue 9 §5 "Status"): `kubectl argo rollouts get rollout NAME --no-color` v1.9.1
 * against our rendering of the same objects (src/core/status: `interpretRollout` + `renderRolloutGet`,
 * the text the details view and the unit tests hold to upstream's `get_rollout.go`), and against the
 * live summary `rollout-lens status -o json` prints for the same rollout.
 *
 * Same moment on both sides: the plugin reads the cluster through its own informers at a moment we do
 * not see. So each capture reads every object of the rollout's namespace (Rollout, ReplicaSets, Pods,
 * AnalysisRuns, Experiments) with its resourceVersion, runs the plugin and our CLI, and reads again;
 * only when nothing changed in between (resourceVersions only grow) did all three see the objects we
 * hold, and ours is rendered from those. Otherwise it tries again, until a deadline.
 *
 * Compared after normalising what differs by clock alone: AGE cells are dropped, a `delay:` left in a
 * ReplicaSet's INFO becomes `delay:<t>` unless it reads `passed`. Names and hashes are the cluster's
 * own on both sides, so they are compared as they are.
 */
import { execFile } from 'node:child_process';
import { interpretRollout } from '../../../src/core/status/argoInfo';
import { renderRolloutGet } from '../../../src/core/status/argoRender';
import type { ApiClient } from '../stack/api';

/** The header fields `get rollout` prints, by label (without the colon), Images joined by ' | '. */
export type GetHeader = Record<string, string>;

export interface GetRow {
  /** The name cell without the tree prefix and icon. */
  name: string;
  kind: string;
  status: string;
  info: string;
}

export interface ParsedGet {
  header: GetHeader;
  rows: GetRow[];
}

/** The header fields the table reports, in order; Replicas' five are one field each. */
export const HEADER_FIELDS = ['Name', 'Namespace', 'Status', 'Message', 'Strategy', 'Step', 'SetWeight', 'ActualWeight', 'Images', 'Desired', 'Current', 'Updated', 'Ready', 'Available'] as const;

/** A delay left until a scale-down deadline depends on the reader's clock; `passed` does not. */
function normaliseInfo(info: string): string {
  return info.replace(/delay:(?!passed)[^,\s]+/g, 'delay:<t>');
}

/**
 * Parses `get rollout` text. The tree is cut at the header line's column starts (Go's tabwriter counts
 * code points, as our alignTabs does), so an empty cell (a revision row's KIND) stays empty.
 */
export function parseGet(text: string): ParsedGet {
  const lines = text.split('\n');
  const header: GetHeader = {};
  let i = 0;
  let last = '';
  for (; i < lines.length; i++) {
    const line = lines[i];
    if (/^NAME\s+KIND\s+STATUS\s+AGE\s+INFO/.test(line)) break;
    const m = /^\s*([A-Za-z]+):\s*(.*)$/.exec(line);
    if (m && m[1] !== 'Replicas') {
      header[m[1]] = m[2].trimEnd();
      last = m[1];
    } else if (m) {
      last = '';
    } else if (line.trim() !== '' && last === 'Images') {
      // A second image is a continuation line under "Images:".
      header.Images += ` | ${line.trim()}`;
    }
  }
  const rows: GetRow[] = [];
  if (i >= lines.length) return { header, rows };
  const cols = [...lines[i]];
  const start = (label: string) => cols.join('').indexOf(label);
  const [kindAt, statusAt, ageAt, infoAt] = ['KIND', 'STATUS', 'AGE', 'INFO'].map(start);
  for (const line of lines.slice(i + 1)) {
    if (line.trim() === '') continue;
    const cp = [...line];
    const cell = (from: number, to?: number) => cp.slice(from, to).join('').trim();
    // The name cell: tree branches (├── │ └──), then the kind's icon and a space.
    const name = cell(0, kindAt)
      .replace(/^[│├└─\s]*/, '')
      .replace(/^\S+\s/, '');
    rows.push({ name, kind: cell(kindAt, statusAt), status: cell(statusAt, ageAt), info: normaliseInfo(cell(infoAt)) });
  }
  return { header, rows };
}

/** One object's identity and version, for the same-moment check. */
function versions(items: any[]): string[] {
  return items.map((o) => `${o.kind}/${o.metadata?.name}@${o.metadata?.resourceVersion}`).sort();
}

export interface NamespaceObjects {
  rollouts: any[];
  replicaSets: any[];
  pods: any[];
  analysisRuns: any[];
  experiments: any[];
}

const LISTS: [keyof NamespaceObjects, string, string][] = [
  ['rollouts', '/apis/argoproj.io/v1alpha1', 'rollouts'],
  ['replicaSets', '/apis/apps/v1', 'replicasets'],
  ['pods', '/api/v1', 'pods'],
  ['analysisRuns', '/apis/argoproj.io/v1alpha1', 'analysisruns'],
  ['experiments', '/apis/argoproj.io/v1alpha1', 'experiments'],
];

/** Every object `get rollout` may show, in one namespace, with kind set (a list's items carry none). */
export async function readNamespace(api: ApiClient, ns: string): Promise<NamespaceObjects> {
  const out = {} as NamespaceObjects;
  for (const [key, base, plural] of LISTS) {
    const list = await api.get<{ kind: string; items: any[] }>(`${base}/namespaces/${ns}/${plural}`);
    const kind = list.kind.replace(/List$/, '');
    out[key] = list.items.map((o) => ({ ...o, kind }));
  }
  return out;
}

function allVersions(o: NamespaceObjects): string {
  return versions([...o.rollouts, ...o.replicaSets, ...o.pods, ...o.analysisRuns, ...o.experiments]).join(' ');
}

export function runPlugin(plugin: string, kubeconfig: string, ns: string, name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(plugin, ['get', 'rollout', name, '-n', ns, '--no-color', `--kubeconfig=${kubeconfig}`], { timeout: 60_000, env: { ...process.env, HOME: '/nonexistent' } }, (err, stdout, stderr) => {
      if (err) reject(new Error(`kubectl-argo-rollouts get rollout ${ns}/${name}: ${stderr || err.message}`));
      else resolve(stdout);
    });
  });
}

/** What `rollout-lens status -o json` says about one rollout (the fields the plugin's header also shows). */
export interface StatusItem {
  status: string;
  message: string;
  step?: { index: number; count: number } | string;
  weights?: { set: number; actual: number; measured?: boolean };
  images?: { image: string; tags: string[] }[];
  [k: string]: unknown;
}

export interface Capture {
  plugin: string;
  ours: string;
  parsedPlugin: ParsedGet;
  parsedOurs: ParsedGet;
  /** The `rollout-lens status -o json` item, when a status runner was given. */
  statusItem?: StatusItem;
  objects: NamespaceObjects;
  attempts: number;
}

/**
 * Reads, runs the plugin (and `statusRunner`), reads again, until both reads agree; then renders ours
 * from the objects read. Fails after `deadlineMs` without a quiet moment.
 */
export async function captureSameMoment(api: ApiClient, opts: { plugin: string; kubeconfig: string; namespace: string; name: string; statusRunner?: () => Promise<StatusItem | undefined>; deadlineMs?: number }): Promise<Capture> {
  const deadline = Date.now() + (opts.deadlineMs ?? 60_000);
  for (let attempts = 1; ; attempts++) {
    const before = await readNamespace(api, opts.namespace);
    const [plugin, statusItem] = await Promise.all([runPlugin(opts.plugin, opts.kubeconfig, opts.namespace, opts.name), opts.statusRunner?.()]);
    const after = await readNamespace(api, opts.namespace);
    if (allVersions(before) === allVersions(after)) {
      const ro = before.rollouts.find((r) => r.metadata.name === opts.name);
      if (!ro) throw new Error(`rollout ${opts.namespace}/${opts.name} not found`);
      const ours = renderRolloutGet(interpretRollout(ro, before, new Date()));
      return { plugin, ours, parsedPlugin: parseGet(plugin), parsedOurs: parseGet(ours), statusItem, objects: before, attempts };
    }
    if (Date.now() > deadline) throw new Error(`no quiet moment in ${opts.namespace} within the deadline (${attempts} attempts)`);
  }
}

export interface FieldVerdict {
  field: string;
  agree: boolean;
  plugin: string;
  ours: string;
}

const rowText = (r: GetRow) => `${r.kind} ${r.name} [${r.status}] ${r.info}`.trim();

/** Field by field: every header field, then the tree's rows (names, kinds, statuses, info). */
export function compareGet(c: Capture): FieldVerdict[] {
  const out: FieldVerdict[] = HEADER_FIELDS.map((f) => ({ field: f, plugin: c.parsedPlugin.header[f] ?? '', ours: c.parsedOurs.header[f] ?? '', agree: (c.parsedPlugin.header[f] ?? '') === (c.parsedOurs.header[f] ?? '') }));
  const tree = (p: ParsedGet, kinds: (k: string) => boolean) =>
    p.rows
      .filter((r) => kinds(r.kind))
      .map(rowText)
      .join('\n');
  const groups: [string, (k: string) => boolean][] = [
    ['tree: revisions', (k) => k === ''],
    ['tree: Rollout, ReplicaSets', (k) => k === 'Rollout' || k === 'ReplicaSet'],
    ['tree: Pods', (k) => k === 'Pod'],
    ['tree: AnalysisRuns', (k) => k === 'AnalysisRun' || k === 'Experiment' || k === 'Job'],
  ];
  for (const [field, kinds] of groups) {
    const plugin = tree(c.parsedPlugin, kinds);
    const ours = tree(c.parsedOurs, kinds);
    out.push({ field, plugin, ours, agree: plugin === ours });
  }
  // The order of the whole tree (revision grouping included), beyond each group's content.
  const order = (p: ParsedGet) => p.rows.map((r) => `${r.kind}:${r.name}`).join('\n');
  out.push({ field: 'tree: order', plugin: order(c.parsedPlugin), ours: order(c.parsedOurs), agree: order(c.parsedPlugin) === order(c.parsedOurs) });
  return out;
}

/**
 * `rollout-lens status -o json` against the plugin's header: status word and message, step (the
 * plugin's `Step: 1/2`), weights and images. Each is a separate field of the table.
 */
export function compareStatusItem(c: Capture): FieldVerdict[] {
  const item = c.statusItem;
  if (!item) return [];
  const h = c.parsedPlugin.header;
  const pluginStatus = (h.Status ?? '').replace(/^\S+\s/, '');
  const step = typeof item.step === 'string' ? item.step : item.step ? `${item.step.index}/${item.step.count}` : '';
  const images = (item.images ?? []).map((i) => (i.tags.length ? `${i.image} (${i.tags.join(', ')})` : i.image)).join(' | ');
  const pairs: [string, string, string][] = [
    ['status: Status', pluginStatus, item.status],
    ['status: Message', h.Message ?? '', item.message ?? ''],
    ['status: Step', h.Step ?? '', step],
    ['status: SetWeight', h.SetWeight ?? '', item.weights ? String(item.weights.set) : ''],
    // measured:false says the summary had no ReplicaSets to count: shown as such, not as a number.
    ['status: ActualWeight', h.ActualWeight ?? '', item.weights ? (item.weights.measured === false ? `unmeasured (shows ${item.weights.actual})` : String(item.weights.actual)) : ''],
    ['status: Images', h.Images ?? '', images],
  ];
  return pairs.map(([field, plugin, ours]) => ({ field, plugin, ours, agree: plugin === ours }));
}
