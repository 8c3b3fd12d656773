/**
 * Finds a key path in a Helm template's text without rendering it: templates are not YAML (a
 * `{{ if }}` line, a `{{ toYaml .Values.x | nindent 4 }}` block), so the search reads the text the
 * way a reader does, line by line, by indentation: block mappings (`key:`), block sequences (`- `,
 * compact or indented, several per line), and one level of flow mapping on the key's own line
 * (`pause: {duration: 2m}`). Lines that are template actions only, or comments, are skipped; a key
 * that is itself templated is never matched. What the search cannot see (keys produced by an
 * include or toYaml) is not found, and the caller says so instead of guessing.
 */
import type { TextRange } from '../findings';
import type { PathSegment } from '../manifest/manifestDocument';

export interface TemplateKey {
  key: TextRange;
  /** The value's text on the key's line, when there is one (a scalar, a flow collection, a template action). */
  value?: TextRange;
}

/** A key or sequence item open at a line of the template, by its column. */
export interface Entry {
  indent: number;
  seg: PathSegment;
  item: boolean;
}

/**
 * The sequence items (`- `, several per line for `- - x`) at the start of `rest`, found at column
 * `col`: each is pushed on `stack` as the next index of its parent (`counters` counts them per
 * parent; `onItem` sees the stack the item is added under). Returns what follows them and its column.
 */
export function pushItems(rest: string, col: number, stack: Entry[], counters: Map<Entry | undefined, number>, onItem?: (under: Entry[]) => void): { rest: string; col: number } {
  while (/^-(\s|$)/.test(rest)) {
    while (stack.length && (stack[stack.length - 1].indent > col || (stack[stack.length - 1].indent === col && stack[stack.length - 1].item))) stack.pop();
    const parent = stack[stack.length - 1];
    const index = counters.get(parent) ?? 0;
    counters.set(parent, index + 1);
    onItem?.(stack);
    const entry = { indent: col, seg: index, item: true };
    stack.push(entry);
    counters.delete(entry);
    const after = rest.slice(1);
    col += 1 + after.length - after.trimStart().length;
    rest = after.trimStart();
  }
  return { rest, col };
}

export const KEY = /^("[^"]*"|'[^']*'|[^\s:#{}[\],"'-][^:#{}]*?|-[^\s:#{}][^:#{}]*?)\s*:(?=\s|$)/;

export function unquote(k: string): string {
  return /^(["']).*\1$/.test(k) ? k.slice(1, -1) : k;
}

/**
 * The key at `path`. Sequence indices count the items the text shows; when items come from a
 * template action too (a `toYaml` before literal items), the rendered index is not the text's, so
 * a path not found with its indices is looked for with any index, and taken when that is unique.
 */
export function findTemplateKey(text: string, path: readonly PathSegment[]): TemplateKey | undefined {
  const exact = templateKeys(text, path, false);
  if (exact.length) return exact[0];
  const anyIndex = path.some((s) => typeof s === 'number') ? templateKeys(text, path, true) : [];
  return anyIndex.length === 1 ? anyIndex[0] : undefined;
}

function templateKeys(text: string, path: readonly PathSegment[], anyIndex: boolean): TemplateKey[] {
  const found: TemplateKey[] = [];
  if (path.length === 0) return found;
  const samePrefix = (a: readonly PathSegment[], b: readonly PathSegment[]) => a.length <= b.length && a.every((s, i) => (anyIndex && typeof s === 'number' && typeof b[i] === 'number') || String(s) === String(b[i]));
  const stack: Entry[] = [];
  const counters = new Map<Entry | undefined, number>();
  let lineStart = 0;
  for (const line of text.split('\n')) {
    const start = lineStart;
    lineStart += line.length + 1;
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#') || trimmed === '---' || /^\{\{.*\}\}$/.test(trimmed)) continue;
    const { rest, col } = pushItems(line.trimStart(), line.length - line.trimStart().length, stack, counters);
    const m = KEY.exec(rest);
    if (!m) continue;
    while (stack.length && stack[stack.length - 1].indent >= col) stack.pop();
    const entry: Entry = { indent: col, seg: unquote(m[1].trim()), item: false };
    stack.push(entry);
    const segs = stack.map((e) => e.seg);
    const keyRange = { start: start + col, end: start + col + m[1].trim().length };
    const valueText = rest.slice(m[0].length);
    const valueOffset = start + col + m[0].length + (valueText.length - valueText.trimStart().length);
    const value = valueText.replace(/\s+#.*$/, '').trim();
    const valueRange = value ? { start: valueOffset, end: valueOffset + value.length } : undefined;
    if (segs.length === path.length && samePrefix(segs, path)) {
      found.push({ key: keyRange, value: valueRange });
      continue;
    }
    // One flow mapping on the line: `pause: {duration: 2m}`.
    if (samePrefix(segs, path) && path.length === segs.length + 1 && value.startsWith('{') && typeof path[segs.length] === 'string') {
      const want = String(path[segs.length]);
      const inner = new RegExp(`[{,]\\s*(${want.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})\\s*:\\s*([^,}]*)`).exec(value);
      if (inner) {
        const k = valueOffset + inner.index + inner[0].indexOf(inner[1]);
        const v = inner[2].trim();
        const vStart = valueOffset + inner.index + inner[0].lastIndexOf(inner[2]) + (inner[2].length - inner[2].trimStart().length);
        found.push({ key: { start: k, end: k + want.length }, value: v ? { start: vStart, end: vStart + v.length } : undefined });
      }
    }
  }
  return found;
}
