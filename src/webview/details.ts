/**
 * The details panel's webview script (bundled alone by esbuild as dist/webview/details.js, an IIFE).
 * It renders what the extension sends (src/core/details/viewModel.ts) and sends back only intents:
 * an action's command id, "open the manifest", and a snapshot of what it shows for the in-host test.
 *
 * Every value from the cluster reaches the DOM through `textContent` or an attribute set with
 * `setAttribute` (the `h` helper below); nothing is parsed as HTML, so a message or a label carrying
 * markup stays text. Charts are plain SVG built with createElementNS: a few lines per chart, nothing to
 * load under the panel's CSP (no inline styles either: presentation attributes and classes only).
 */
import type { AnalysisRunView, CanaryDetails, Details, EventView, FromWebview, MeasurementPoint, MetricView, ReplicaSetView, RolloutDetails, ToWebview } from '../core/details/viewModel';

interface VsCodeApi {
  postMessage(msg: FromWebview): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('root') as HTMLElement;

type Child = Node | string | number | false | null | undefined | Child[];

function append(el: Element, children: Child[]): void {
  for (const c of children) {
    if (c === false || c === null || c === undefined) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** An element with attributes (set as attributes, never parsed) and children (strings become text nodes). */
function h(tag: string, attrs: Record<string, string | boolean | undefined> = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== false) el.setAttribute(k, v === true ? '' : v);
  append(el, children);
  return el;
}

const SVG = 'http://www.w3.org/2000/svg';
function s(tag: string, attrs: Record<string, string | number>, ...children: Child[]): SVGElement {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  append(el, children);
  return el;
}

/** CSS-class-safe form of a phase word (the class list never takes raw cluster text). */
function cls(word: string): string {
  return word.replace(/[^A-Za-z0-9-]/g, '');
}

function section(id: string, title: string, ...children: Child[]): HTMLElement {
  return h('section', { id, 'aria-labelledby': `${id}-h` }, h('h2', { id: `${id}-h` }, title), ...children);
}

/**
 * The paused icon `kubectl argo rollouts get` prints is '॥' (Devanagari double danda), a glyph many
 * fonts lack (an empty box in the test browser's DejaVu/Liberation, and on Windows without an Indic
 * font); the panel draws it as two bars in CSS (`.icon-paused`, in currentColor, so in every theme).
 */
const PAUSED_ICON = '॥';

function badge(icon: string, word: string): HTMLElement {
  const glyph = icon === PAUSED_ICON ? h('span', { class: 'icon icon-paused', 'aria-hidden': 'true' }) : h('span', { class: 'icon', 'aria-hidden': 'true' }, icon);
  return h('span', { class: `badge phase-${cls(word)}` }, glyph, ' ', word);
}

function facts(rows: [string, Child][]): HTMLElement {
  return h(
    'dl',
    { class: 'facts' },
    rows.filter(([, v]) => v !== '' && v !== undefined && v !== null).map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]),
  );
}

function table(head: string[], rows: Child[][], caption?: string): HTMLElement {
  return h(
    'table',
    {},
    caption ? h('caption', {}, caption) : null,
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        head.map((c) => h('th', { scope: 'col' }, c)),
      ),
    ),
    h(
      'tbody',
      {},
      rows.map((r) =>
        h(
          'tr',
          {},
          r.map((c) => h('td', {}, c)),
        ),
      ),
    ),
  );
}

function send(msg: FromWebview): void {
  vscode.postMessage(msg);
}

function actionBar(d: Details): HTMLElement {
  const buttons = d.actions.map((a) =>
    h(
      'button',
      {
        type: 'button',
        class: 'action',
        'data-command': a.command,
        disabled: !a.enabled,
        'aria-disabled': a.enabled ? undefined : 'true',
        title: a.enabled ? `${a.title} ${d.kind} ${d.namespace}/${d.name} in ${d.context}` : `Not available: ${a.reason ?? ''}`,
      },
      a.title,
    ),
  );
  buttons.push(h('button', { type: 'button', class: 'secondary', 'data-open-manifest': 'true' }, 'Open Manifest'));
  return h('div', { class: 'actions', role: 'toolbar', 'aria-label': 'Actions' }, buttons);
}

// ---- charts ----

const W = 420;
const H = 140;
const PAD = { l: 48, r: 12, t: 10, b: 22 };

function fmt(n: number): string {
  return Math.abs(n) >= 1000 || Number.isInteger(n) ? String(Math.round(n * 100) / 100) : n.toPrecision(3).replace(/\.?0+$/, '');
}

/** The measurements against the numeric bounds of the success and failure conditions. */
function chart(metric: MetricView): Element | null {
  const pts = metric.series.filter((p): p is MeasurementPoint & { value: number } => p.value !== undefined);
  if (pts.length === 0) return null;
  const bounds = [...metric.successBounds.map((b) => ({ ...b, kind: 'success' })), ...metric.failureBounds.map((b) => ({ ...b, kind: 'failure' }))];
  const ys = [...pts.map((p) => p.value), ...bounds.map((b) => b.value)];
  let lo = Math.min(...ys);
  let hi = Math.max(...ys);
  if (lo === hi) [lo, hi] = [lo - 1, hi + 1];
  const span = hi - lo;
  lo -= span * 0.08;
  hi += span * 0.08;
  const times = pts.map((p) => p.at);
  const t0 = Math.min(...times);
  const t1 = Math.max(...times);
  const x = (p: MeasurementPoint, i: number) => PAD.l + (t1 > t0 ? (p.at - t0) / (t1 - t0) : pts.length > 1 ? i / (pts.length - 1) : 0.5) * (W - PAD.l - PAD.r);
  const y = (v: number) => PAD.t + (1 - (v - lo) / (hi - lo)) * (H - PAD.t - PAD.b);
  const label = `${metric.name}: ${pts.length} measurement${pts.length === 1 ? '' : 's'}, last ${pts[pts.length - 1].raw}${bounds.map((b) => `; ${b.kind} when result ${b.op} ${b.value}`).join('')}`;
  return s(
    'svg',
    { class: 'chart', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': label, width: W, height: H },
    s('title', {}, label),
    s('line', { class: 'axis', x1: PAD.l, y1: H - PAD.b, x2: W - PAD.r, y2: H - PAD.b }),
    s('line', { class: 'axis', x1: PAD.l, y1: PAD.t, x2: PAD.l, y2: H - PAD.b }),
    s('text', { class: 'tick', x: PAD.l - 4, y: y(hi) + 8, 'text-anchor': 'end' }, fmt(hi)),
    s('text', { class: 'tick', x: PAD.l - 4, y: y(lo), 'text-anchor': 'end' }, fmt(lo)),
    bounds.map((b) => [
      s('line', { class: `bound bound-${b.kind}`, x1: PAD.l, y1: y(b.value), x2: W - PAD.r, y2: y(b.value) }),
      s('text', { class: `bound-label bound-${b.kind}`, x: W - PAD.r - 2, y: y(b.value) - 3, 'text-anchor': 'end' }, `${b.kind} ${b.op} ${fmt(b.value)}`),
    ]),
    pts.length > 1 ? s('polyline', { class: 'series', points: pts.map((p, i) => `${x(p, i).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ') }) : null,
    pts.map((p, i) => s('circle', { class: `point phase-${cls(p.phase)}`, cx: x(p, i).toFixed(1), cy: y(p.value).toFixed(1), r: 3.5 }, s('title', {}, `${new Date(p.at).toLocaleTimeString()}: ${p.raw} (${p.phase})`))),
    s('text', { class: 'tick', x: PAD.l, y: H - 6 }, pts.length > 0 && pts[0].at ? new Date(t0).toLocaleTimeString() : ''),
    s('text', { class: 'tick', x: W - PAD.r, y: H - 6, 'text-anchor': 'end' }, t1 > t0 ? new Date(t1).toLocaleTimeString() : ''),
  );
}

function metricBlock(m: MetricView): HTMLElement {
  const limits = `count ${m.limits.count} · failureLimit ${m.limits.failureLimit} · inconclusiveLimit ${m.limits.inconclusiveLimit} · consecutiveErrorLimit ${m.limits.consecutiveErrorLimit}${m.limits.interval ? ` · every ${m.limits.interval}` : ''}${m.limits.initialDelay ? ` · after ${m.limits.initialDelay}` : ''}`;
  return h(
    'div',
    { class: 'metric' },
    h('h4', {}, badge('', m.phase), ' ', m.name),
    facts([
      ['Measured', `${m.count} (✔ ${m.successful} · ✖ ${m.failed} · ⚠ ${m.inconclusive} · error ${m.error}${m.consecutiveError ? `, ${m.consecutiveError} in a row` : ''})`],
      ['Limits', limits],
      ['Success when', m.successCondition],
      ['Failure when', m.failureCondition],
      ['Provider', [m.provider, m.address ? ` · ${m.address}` : '']],
    ]),
    m.query ? h('pre', { class: 'query', tabindex: '0', 'aria-label': `${m.provider} query` }, m.query) : null,
    m.message ? h('p', { class: 'error-message', role: 'note' }, m.message) : null,
    chart(m),
    m.series.length > 0
      ? h(
          'details',
          {},
          h('summary', {}, `All ${m.series.length} measurements`),
          table(
            ['Time', 'Value', 'Phase', 'Message'],
            m.series.map((p) => [p.at ? new Date(p.at).toLocaleTimeString() : '', p.raw, p.phase, p.message]),
          ),
        )
      : null,
  );
}

function runBlock(r: AnalysisRunView, terminate: string | undefined): HTMLElement {
  return h(
    'article',
    { class: 'run', id: `run-${r.name}`, tabindex: '-1', 'aria-label': `AnalysisRun ${r.name}` },
    h('h3', {}, badge(r.icon, r.phase), ' ', r.name),
    facts([
      ['Type', r.type + (r.stepIndex !== undefined ? ` (step ${r.stepIndex})` : '')],
      ['Revision', r.revision ? String(r.revision) : ''],
      ['Age', r.age],
    ]),
    r.message ? h('p', { class: 'error-message' }, r.message) : null,
    terminate && r.running ? h('button', { type: 'button', class: 'action', 'data-command': terminate, 'data-kind': 'AnalysisRun', 'data-name': r.name }, 'Terminate') : null,
    r.metrics.map(metricBlock),
  );
}

function rsBlock(rs: ReplicaSetView, undo: string | undefined, revision: number | undefined): HTMLElement {
  return h(
    'li',
    {},
    h(
      'span',
      { class: 'rs' },
      badge(rs.icon, rs.status),
      ' ',
      rs.name,
      rs.tags.map((t) => [' ', h('span', { class: 'tag' }, t)]),
      ' ',
      h('span', { class: 'muted' }, `${rs.available}/${rs.replicas} available · ${rs.images.join(', ')}${rs.scaleDown ? ` · ${rs.scaleDown}` : ''} · ${rs.age}`),
    ),
    undo && revision !== undefined ? h('button', { type: 'button', class: 'secondary small', 'data-command': undo, 'data-revision': String(revision) }, `Undo to revision ${revision}`) : null,
    rs.pods.length > 0
      ? h(
          'ul',
          { role: 'list' },
          rs.pods.map((p) => h('li', {}, badge(p.icon, p.status), ' ', p.name, ' ', h('span', { class: 'muted' }, `ready ${p.ready} · restarts ${p.restarts} · ${p.age}`))),
        )
      : null,
  );
}

function eventsTable(events: EventView[]): HTMLElement {
  if (events.length === 0) return h('p', { class: 'muted' }, 'No recent events.');
  return table(
    ['Age', 'Type', 'Reason', 'Object', 'Message'],
    events.map((e) => [e.age, h('span', { class: `event-${cls(e.type)}` }, e.type), e.reason + (e.count > 1 ? ` ×${e.count}` : ''), e.object, e.message]),
  );
}

function conditionsTable(d: Details): HTMLElement {
  if (d.conditions.length === 0) return h('p', { class: 'muted' }, 'No conditions.');
  return table(
    ['Type', 'Status', 'Reason', 'Message', 'Since'],
    d.conditions.map((c) => [c.type, c.status, c.reason, c.message, c.age]),
  );
}

function renderRollout(d: RolloutDetails): Child[] {
  const terminate = d.itemCommands.terminate || undefined;
  const undo = d.itemCommands.undo || undefined;
  const runLink = (name: string) => h('a', { href: `#run-${name}`, class: 'run-link' }, name);
  return [
    h('header', {}, h('h1', {}, h('span', { class: 'kind' }, 'Rollout '), d.name), badge(d.icon, d.status), d.message ? h('p', { class: 'message' }, d.message) : null),
    d.attention && d.attention !== d.message ? h('p', { class: 'attention', role: 'status' }, d.attention) : null,
    actionBar(d),
    facts([
      ['Context', d.context],
      ['Namespace', d.namespace],
      ['Age', d.age],
      ['Strategy', d.strategy],
      ['Step', d.step],
      ['Set weight', d.setWeight],
      ['Actual weight', d.actualWeight],
      ['Traffic router', d.trafficRouter || (d.strategy === 'Canary' ? 'none (weights by replica count)' : '')],
      ['Active service', d.services.active],
      ['Preview service', d.services.preview],
      [
        'Images',
        h(
          'ul',
          { class: 'plain' },
          d.images.map((i) =>
            h(
              'li',
              {},
              i.image,
              i.tags.map((t) => [' ', h('span', { class: 'tag' }, t)]),
            ),
          ),
        ),
      ],
      ['Replicas', `desired ${d.replicas.desired} · current ${d.replicas.current} · updated ${d.replicas.updated} · ready ${d.replicas.ready} · available ${d.replicas.available}`],
    ]),
    d.steps.length > 0
      ? section(
          'steps',
          'Steps',
          h(
            'ol',
            { class: 'timeline', role: 'list' },
            d.steps.map((st) =>
              h(
                'li',
                { class: `step step-${st.state}`, 'aria-current': st.state === 'current' ? 'step' : undefined },
                h('span', { class: 'step-mark', 'aria-hidden': 'true' }, st.state === 'done' ? '✔' : st.state === 'current' ? '▶' : '○'),
                h('span', { class: 'visually-hidden' }, `${st.state}: `),
                h('span', { class: 'step-text' }, `${st.index + 1}. ${st.text}`),
                st.note ? h('span', { class: 'step-note', 'data-resumes-at': st.resumesAt !== undefined ? String(st.resumesAt) : undefined }, ` — ${st.note}`) : null,
                [...st.analysisRuns, ...st.experiments].length > 0 ? h('span', { class: 'step-runs' }, ' ', [...st.analysisRuns.map(runLink), ...st.experiments.map((e) => h('a', { href: `#exp-${e}`, class: 'run-link' }, e))]) : null,
              ),
            ),
          ),
        )
      : null,
    section('analysis', 'Analysis', d.analysisRuns.length === 0 ? h('p', { class: 'muted' }, 'No AnalysisRuns.') : d.analysisRuns.map((r) => runBlock(r, terminate))),
    d.experiments.length > 0
      ? section(
          'experiments',
          'Experiments',
          d.experiments.map((e) =>
            h(
              'article',
              { class: 'run', id: `exp-${e.name}`, tabindex: '-1' },
              h('h3', {}, badge(e.icon, e.status), ' ', e.name),
              e.message ? h('p', { class: 'error-message' }, e.message) : null,
              terminate && e.running ? h('button', { type: 'button', class: 'action', 'data-command': terminate, 'data-kind': 'Experiment', 'data-name': e.name }, 'Terminate') : null,
              h(
                'ul',
                { role: 'list' },
                e.replicaSets.map((rs) => rsBlock(rs, undefined, undefined)),
              ),
              e.analysisRuns.length ? h('p', {}, 'Analysis: ', e.analysisRuns.map(runLink)) : null,
            ),
          ),
        )
      : null,
    section(
      'revisions',
      'Revisions',
      h(
        'ul',
        { class: 'revisions', role: 'list' },
        d.revisions.map((r) =>
          h(
            'li',
            {},
            h('h3', {}, `Revision ${r.revision}`, r.current ? h('span', { class: 'tag' }, 'current') : null),
            h(
              'ul',
              { role: 'list' },
              r.replicaSets.map((rs) => rsBlock(rs, r.current ? undefined : undo, r.revision)),
            ),
            r.analysisRuns.length ? h('p', {}, 'Analysis: ', r.analysisRuns.map(runLink)) : null,
            r.experiments.length
              ? h(
                  'p',
                  {},
                  'Experiments: ',
                  r.experiments.map((e) => h('a', { href: `#exp-${e}`, class: 'run-link' }, e)),
                )
              : null,
          ),
        ),
      ),
    ),
    section('conditions', 'Conditions', conditionsTable(d)),
    section('events', 'Events', eventsTable(d.events)),
  ];
}

function renderCanary(d: CanaryDetails): Child[] {
  const weightTarget = d.mode === 'canary' ? `${d.weight}% of ${d.maxWeight}%${d.stepWeight ? ` (steps ${d.stepWeight})` : ''}` : `${d.weight}%`;
  return [
    h('header', {}, h('h1', {}, h('span', { class: 'kind' }, 'Canary '), d.name), badge(d.icon, d.phase), d.message ? h('p', { class: 'message' }, d.message) : null),
    d.attention && d.attention !== d.message ? h('p', { class: 'attention', role: 'status' }, d.attention) : null,
    actionBar(d),
    section(
      'phases',
      'Phase',
      h(
        'ol',
        { class: 'timeline horizontal', role: 'list' },
        d.phases.map((p) => h('li', { class: `step step-${p.state}`, 'aria-current': p.state === 'current' ? 'step' : undefined }, h('span', { class: 'visually-hidden' }, `${p.state}: `), p.phase)),
      ),
      d.history.length > 1 ? h('p', { class: 'muted' }, 'Seen here: ', d.history.map((x) => `${x.phase} ${new Date(x.at).toLocaleTimeString()}`).join(' → ')) : null,
    ),
    facts([
      ['Context', d.context],
      ['Namespace', d.namespace],
      ['Age', d.age],
      ['Last transition', d.lastTransitionAge ? `${d.lastTransitionAge} ago` : ''],
      ['Analysis', `${d.mode} · every ${d.interval}`],
      ['Weight', weightTarget],
      ['Iterations', d.iterationsTarget !== undefined ? `${d.iterations} of ${d.iterationsTarget}` : String(d.iterations)],
      ['Failed checks', h('span', {}, h('meter', { min: '0', max: String(d.threshold), value: String(Math.min(d.failedChecks, d.threshold)), 'aria-label': 'failed checks' }), ` ${d.failedChecks} of threshold ${d.threshold}`)],
      ['Target', d.target],
      ['Primary', d.primary],
      ['Services', `${d.services.apex} · ${d.services.primary} · ${d.services.canary}`],
      ['Suspended', d.suspended ? 'yes' : ''],
      ['Skip analysis', d.skipAnalysis ? 'yes' : ''],
    ]),
    section(
      'metrics',
      'Metrics',
      d.metrics.length === 0
        ? h('p', { class: 'muted' }, 'No metrics.')
        : table(
            ['Metric', 'Threshold', 'Interval', 'Template'],
            d.metrics.map((m) => [m.name, m.threshold, m.interval, m.templateRef]),
          ),
    ),
    section(
      'webhooks',
      'Webhooks',
      d.webhooks.length === 0
        ? h('p', { class: 'muted' }, 'No webhooks.')
        : table(
            ['Name', 'Type', 'Gate', 'URL'],
            d.webhooks.map((w) => [w.name, w.type, w.gate ? h('span', { class: `gate gate-${cls(w.gate)}` }, w.gate + (w.waiting ? ' · waiting here' : '')) : '', w.url]),
          ),
    ),
    section('conditions', 'Conditions', conditionsTable(d)),
    section('events', 'Events', eventsTable(d.events)),
  ];
}

let current: Details | undefined;

function render(d: Details): void {
  // Keep the reader's place across live updates: the scroll position and the focused button.
  const focusedId = document.activeElement instanceof HTMLElement ? (document.activeElement.dataset.command ?? document.activeElement.id) : undefined;
  const scroll = window.scrollY;
  const body = h('main', { 'aria-label': `${d.kind} ${d.namespace}/${d.name}` }, d.kind === 'Rollout' ? renderRollout(d) : renderCanary(d));
  root.replaceChildren(body);
  window.scrollTo(0, scroll);
  if (focusedId) (root.querySelector<HTMLElement>(`[data-command="${CSS.escape(focusedId)}"]`) ?? document.getElementById(focusedId))?.focus();
  current = d;
}

root.addEventListener('click', (e) => {
  const target = (e.target as Element).closest('button, a.run-link');
  if (!target) return;
  if (target instanceof HTMLAnchorElement) {
    e.preventDefault();
    const el = document.getElementById(target.getAttribute('href')!.slice(1));
    el?.scrollIntoView({ block: 'start' });
    el?.focus();
    return;
  }
  const b = target as HTMLButtonElement;
  if (b.disabled) return;
  if (b.dataset.openManifest) return send({ type: 'openManifest' });
  const command = b.dataset.command;
  if (!command) return;
  const args: Record<string, string> = {};
  for (const k of ['kind', 'name', 'revision'] as const) if (b.dataset[k] !== undefined) args[k] = b.dataset[k]!;
  send({ type: 'action', command, args });
});

function receive(msg: ToWebview): void {
  if (msg.type === 'details') {
    const t0 = performance.now();
    render(msg.details);
    // The identity lets the panel come back after a window reload (its serializer reads `ref`).
    const d = msg.details;
    vscode.setState({ ref: { context: d.context, kind: d.kind, namespace: d.namespace, name: d.name }, details: d });
    send({ type: 'rendered', renderedAt: msg.renderedAt, ms: performance.now() - t0, pageMs: performance.now() });
  } else if (msg.type === 'gone') {
    root.replaceChildren(h('main', {}, h('p', { class: 'attention', role: 'status' }, msg.message), current ? h('p', { class: 'muted' }, `Last seen: ${current.kind} ${current.namespace}/${current.name}`) : null));
  } else if (msg.type === 'snapshot') {
    const style = getComputedStyle(document.body);
    send({
      type: 'snapshot',
      id: msg.id,
      text: root.innerText,
      sections: [...root.querySelectorAll('h1, h2, h3')].map((x) => (x as HTMLElement).innerText.trim()),
      buttons: [...root.querySelectorAll('button')].map((b) => `${b.textContent}${b.disabled ? ' (disabled)' : ''}`),
      charts: root.querySelectorAll('svg.chart').length,
      roles: [...new Set([...root.querySelectorAll('[role]')].map((x) => x.getAttribute('role') ?? ''))].sort(),
      focusable: [...root.querySelectorAll<HTMLElement>('button:not([disabled]), a[href], [tabindex="0"], summary')].filter((x) => x.tabIndex >= 0).length,
      theme: { kind: document.body.dataset.vscodeThemeKind ?? document.body.className, foreground: style.color, background: style.backgroundColor },
    });
  }
}

window.addEventListener('message', (e: MessageEvent<ToWebview>) => receive(e.data));

/** "1m5s" as Go's duration prints whole seconds (the controller's own words for a pause). */
function seconds(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${s % 60}s`;
}

// A timed pause counts down here, in the webview (it only lives while the panel is visible): the extension
// sends nothing until the rollout changes.
setInterval(() => {
  for (const el of root.querySelectorAll<HTMLElement>('[data-resumes-at]')) {
    const left = Number(el.dataset.resumesAt) - Date.now();
    el.textContent = left > 0 ? ` — resumes in ${seconds(left)}` : ' — resuming';
  }
}, 1000);

// First load: the page carries its first data (no round trip before the first render). A reload (VS Code
// destroys a hidden webview's page) shows the state the page last saved, newer than the page's own data,
// and says so (no `shown`), so the extension sends the current data.
const saved = vscode.getState() as { details?: Details } | undefined;
const embedded = document.getElementById('initial')?.textContent;
let shown: number | undefined;
if (saved?.details) render(saved.details);
else if (embedded) {
  const first = JSON.parse(embedded) as ToWebview;
  receive(first);
  if (first.type === 'details') shown = first.renderedAt;
}
send({ type: 'ready', shown });
