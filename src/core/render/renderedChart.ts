/**
 * Findings on `helm template` output, mapped back to the chart's templates. Helm starts every
 * rendered document with `# Source: CHART/templates/FILE` (pkg/action/action.go, renderResources),
 * which names the template; the finding's key path is then looked for in the template's text
 * (templateKeys.ts). Found: the finding goes on that key (or its value), and when the value there is
 * a template action the message says what it rendered to. Not found (the key came from an include
 * or a toYaml of values): the finding goes to the nearest literal ancestor below the document's top
 * level (the `steps:` a toYaml fills), else to the template's first line, and says it is "in the
 * rendered output", with the rendered value. A failed render is one finding where helm says it
 * failed (`... at (CHART/templates/FILE:LINE:COL): ...`).
 */
import { formatPath, type Finding, type TextRange } from '../findings';
import { locate, type PathSegment } from '../manifest/manifestDocument';
import type { ManifestFile } from '../manifest/manifestFile';
import { documentAt, valueAt, type MappedFinding } from './builtSources';
import { blockActions, renderedBlock, type BlockAction } from './templateBlocks';
import { findTemplateKey } from './templateKeys';

export interface ChartTemplate {
  /** As the finding should name it. */
  file: string;
  text: string;
}

/** The template a rendered document came from, as helm names it (`checkout/templates/rollout.yaml`). */
export function sourceComment(documentText: string): string | undefined {
  return /^# Source: (.+?)\s*$/m.exec(documentText)?.[1];
}

/** Where a failed render failed: the template helm names, and its 1-based line and column when given. */
export function renderErrorLocation(message: string): { template: string; line: number; column?: number } | undefined {
  const at = /\(([^()\s]+?):(\d+)(?::(\d+))?\)/.exec(message);
  if (at) return { template: at[1], line: Number(at[2]), ...(at[3] ? { column: Number(at[3]) } : {}) };
  const on = /(?:on|in) ([^\s:()]+\/templates\/[^\s:()]+)/.exec(message);
  return on ? { template: on[1], line: 1 } : undefined;
}

function firstLine(text: string): TextRange {
  const m = /[^\s][^\n]*/.exec(text);
  return m ? { start: m.index, end: m.index + m[0].trimEnd().length } : { start: 0, end: 0 };
}

function shown(v: unknown): string {
  if (v === undefined) return 'not set';
  const s = JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

export interface RenderedMapInput {
  rendered: ManifestFile;
  findings: readonly Finding[];
  /** By helm's source name (`CHART/templates/FILE`). */
  templates: ReadonlyMap<string, ChartTemplate>;
  context: string;
  fallback: { file: string; range: TextRange };
}

export function mapRenderedFindings({ rendered, findings, templates, context, fallback }: RenderedMapInput): MappedFinding[] {
  return findings.map((f) => {
    const doc = documentAt(rendered, f.range.start);
    const source = doc && sourceComment(doc.text);
    const template = source ? templates.get(source) : undefined;
    if (!doc || !template) return { file: fallback.file, finding: { ...f, range: fallback.range, message: `${f.message} (${context})` } };
    const renderedValue = valueAt(doc.value, f.path);
    const loc = locate(doc, f.path);
    const onValue = !!loc.valueRange && f.range.start === loc.valueRange.start && !(loc.keyRange && f.range.start === loc.keyRange.start);
    const found = findTemplateKey(template.text, f.path);
    if (found) {
      const range = onValue ? (found.value ?? found.key) : found.key;
      const templated = found.value && template.text.slice(found.value.start, found.value.end).includes('{{');
      const note = templated ? `rendered by ${context} as ${shown(renderedValue)}` : context;
      return { file: template.file, finding: { ...f, range, message: `${f.message} (${note})` } };
    }
    const message = `${f.message} (in the rendered output of ${context}, where ${formatPath(f.path) || 'the object'} is ${shown(renderedValue)})`;
    for (let n = f.path.length - 1; n >= 2; n--) {
      const ancestor = findTemplateKey(template.text, f.path.slice(0, n));
      if (ancestor) return { file: template.file, finding: { ...f, range: ancestor.key, message } };
    }
    return { file: template.file, finding: { ...f, range: firstLine(template.text), message } };
  });
}

/** A template's value that is a template action, and what it rendered to (hover on the template). */
export interface TemplatedValue {
  /** The action's range in the template's text (`{{ .Values.replicas }}`). */
  range: TextRange;
  /** The template text at `range` when rendered: a hover checks it is still there. */
  source: string;
  /** Every value it rendered to, in document order (a template in a `range` loop renders several). */
  rendered: unknown[];
  /**
   * For a line a `toYaml` or `include` fills (templateBlocks.ts): the distinct rendered blocks it
   * produced, as text; `whole` when they are its parent key's whole value (its share is not known).
   */
  blocks?: string[];
  whole?: boolean;
}

const blockActionsCache = new WeakMap<ChartTemplate, BlockAction[]>();
function blockActionsOf(template: ChartTemplate): BlockAction[] {
  let found = blockActionsCache.get(template);
  if (!found) blockActionsCache.set(template, (found = blockActions(template.text)));
  return found;
}

/** Nodes looked at per rendered document: hover is a convenience, never worth a slow render. */
const MAX_NODES_PER_DOCUMENT = 2000;

/**
 * Where the templates' values are template actions, what each rendered to: every node of each
 * rendered document whose key path is found in its template (templateKeys.ts) with a templated
 * value on the key's line, and every line a `toYaml` or `include` fills with the rendered lines it
 * produced (templateBlocks.ts). By template file.
 */
export function templatedValues(rendered: ManifestFile, templates: ReadonlyMap<string, ChartTemplate>): Map<string, TemplatedValue[]> {
  const out = new Map<string, Map<number, TemplatedValue>>();
  for (const doc of rendered.documents) {
    const source = sourceComment(doc.text);
    const template = source ? templates.get(source) : undefined;
    if (!template || !template.text.includes('{{')) continue;
    const byStart = out.get(template.file) ?? new Map<number, TemplatedValue>();
    out.set(template.file, byStart);
    let budget = MAX_NODES_PER_DOCUMENT;
    const visit = (value: unknown, path: PathSegment[]) => {
      if (path.length && budget-- > 0) {
        const found = findTemplateKey(template.text, path);
        const text = found?.value && template.text.slice(found.value.start, found.value.end);
        if (found?.value && text?.includes('{{')) {
          const known = byStart.get(found.value.start);
          if (known) known.rendered.push(value);
          else byStart.set(found.value.start, { range: found.value, source: text, rendered: [value] });
          return; // what is below a templated value came from the action, not from the template's text
        }
      }
      if (budget <= 0 || value === null || typeof value !== 'object') return;
      if (Array.isArray(value)) value.forEach((v, i) => visit(v, [...path, i]));
      else for (const [k, v] of Object.entries(value)) visit(v, [...path, k]);
    };
    visit(doc.value, []);
    for (const action of blockActionsOf(template)) {
      const block = renderedBlock(doc, action);
      if (!block) continue;
      const known = byStart.get(action.range.start);
      if (known?.blocks) {
        if (!known.blocks.includes(block.text)) known.blocks.push(block.text);
        known.whole ||= block.whole;
      } else if (!known) byStart.set(action.range.start, { range: action.range, source: action.source, rendered: [], blocks: [block.text], whole: block.whole });
    }
  }
  return new Map([...out].filter(([, m]) => m.size).map(([file, m]) => [file, [...m.values()].sort((a, b) => a.range.start - b.range.start)]));
}
