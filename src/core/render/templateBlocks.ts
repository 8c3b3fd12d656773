/**
 * Template lines that a `toYaml` or an `include` fills (`{{- toYaml .Values.resources | nindent 12 }}`,
 * `{{- include "chart.labels" . | nindent 4 }}`), and the lines of the rendered document each one
 * produced, for the editor's hover. Such a line has no key of its own, so the value-by-key mapping
 * (renderedChart.ts templatedValues) cannot see it. The line's output lands under a parent key (the
 * nearest key above it that is indented less than the output: nindent N, else the line's own
 * column); in the rendered document, that key's children minus the ones the template writes
 * literally (before and after the action) are what the action produced. When that cannot be told
 * (two actions under one key, or an if/range/with among its children), the whole rendered value of
 * the key is shown, and said to be the whole. Pure; reads the template the way templateKeys.ts does.
 */
import type { TextRange } from '../findings';
import { locate, type ManifestDocument, type PathSegment } from '../manifest/manifestDocument';
import { valueAt } from './builtSources';
import { KEY, pushItems, unquote, type Entry } from './templateKeys';

/** A line that is one template action filling a block: where it is and under which key. */
export interface BlockAction {
  /** The action's text range (`{{- toYaml ... }}`, without the line's indentation). */
  range: TextRange;
  source: string;
  /** The key path its output lands under. */
  parent: PathSegment[];
  /** Literal children of `parent` written before and after it in the template. */
  before: number;
  after: number;
  /** False when its share of the parent's children cannot be told (see the file comment). */
  exact: boolean;
}

const ACTION_LINE = /^\{\{-?\s*([\s\S]*?)\s*-?\}\}$/;
const CONTROL = /^(if|else|end|range|with|define|block|break|continue|\/\*|\$[\w]*\s*:?=)/;
const FILLS = /\b(toYaml|toJson|include|tpl|template)\b|\|\s*n?indent\b/;

/** Every line of `text` that is one action filling a block, with its parent key path. */
export function blockActions(text: string): BlockAction[] {
  const stack: Entry[] = [];
  const counters = new Map<Entry | undefined, number>();
  const literals = new Map<string, number>(); // parent path → literal children so far
  const actionsUnder = new Map<string, number>();
  const uncertain = new Set<string>();
  const found: (BlockAction & { parentKey: string })[] = [];
  const pathKey = (entries: Entry[]) => JSON.stringify(entries.map((e) => e.seg));
  const countUnder = (under: Entry[]) => literals.set(pathKey(under), (literals.get(pathKey(under)) ?? 0) + 1);
  let lineStart = 0;
  for (const line of text.split('\n')) {
    const start = lineStart;
    lineStart += line.length + 1;
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#') || trimmed === '---') continue;
    const col = line.length - line.trimStart().length;
    const action = ACTION_LINE.exec(trimmed);
    if (action) {
      const body = action[1];
      const nindent = /\|\s*n?indent\s+(\d+)/.exec(body);
      const under = stack.filter((e) => e.indent < (nindent ? Number(nindent[1]) : col));
      const key = pathKey(under);
      if (CONTROL.test(body)) uncertain.add(key);
      else if (FILLS.test(body)) {
        actionsUnder.set(key, (actionsUnder.get(key) ?? 0) + 1);
        found.push({ range: { start: start + col, end: start + col + trimmed.length }, source: trimmed, parent: under.map((e) => e.seg), before: literals.get(key) ?? 0, after: 0, exact: true, parentKey: key });
      }
      continue;
    }
    if (trimmed.startsWith('{{')) continue; // an action followed by text: not a block of its own
    const after = pushItems(line.slice(col), col, stack, counters, countUnder);
    const m = KEY.exec(after.rest);
    if (!m) continue;
    while (stack.length && stack[stack.length - 1].indent >= after.col) stack.pop();
    countUnder(stack);
    stack.push({ indent: after.col, seg: unquote(m[1].trim()), item: false });
  }
  return found.map(({ parentKey, ...a }) => ({
    ...a,
    after: (literals.get(parentKey) ?? 0) - a.before,
    exact: (actionsUnder.get(parentKey) ?? 0) === 1 && !uncertain.has(parentKey),
  }));
}

/**
 * The rendered lines `action` produced in `doc` (dedented), or undefined when its parent is not in
 * the document; `whole` when they are the parent's whole value (its share could not be told).
 */
export function renderedBlock(doc: ManifestDocument, action: BlockAction): { text: string; whole: boolean } | undefined {
  const value = valueAt(doc.value, action.parent);
  if (value === undefined) return undefined;
  const children: PathSegment[] = Array.isArray(value) ? value.map((_, i) => i) : value !== null && typeof value === 'object' ? Object.keys(value) : [];
  const literal = action.before + action.after;
  const exact = action.exact && children.length >= literal;
  const produced = exact ? children.slice(action.before, children.length - action.after) : children;
  const at = (p: readonly PathSegment[]) => locate(doc, p);
  let range: TextRange | undefined;
  if (!children.length) range = at(action.parent).valueRange;
  else if (produced.length) {
    const first = at([...action.parent, produced[0]]);
    const last = at([...action.parent, produced[produced.length - 1]]);
    const start = (first.keyRange ?? first.valueRange)?.start;
    const end = (last.valueRange ?? last.keyRange)?.end;
    if (start !== undefined && end !== undefined) range = { start, end };
  }
  if (!range) return exact ? { text: '', whole: false } : undefined;
  const text = doc.text;
  const from = text.lastIndexOf('\n', range.start - doc.offset - 1) + 1;
  const to = text.indexOf('\n', range.end - doc.offset);
  const lines = text.slice(from, to < 0 ? text.length : to).split('\n');
  // The block's first line starts at its own column (after `key: ` for a scalar): dedent the rest by the least indentation.
  const indents = lines.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return { text: lines.map((l) => l.slice(cut)).join('\n'), whole: !exact };
}
