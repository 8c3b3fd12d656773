/**
 * Text edits on block-style YAML that keep the user's layout: insert a key into a mapping at the
 * mapping's own indentation, remove a key with its value (whole lines), append an item to a
 * sequence. Edits are computed from the parsed document's node ranges, never by re-serialising the
 * document (which would reformat the file and drop comments). Flow collections (`{a: 1}`) get the
 * inline form where it is unambiguous; otherwise no edit is offered (undefined).
 */
import { isMap, isPair, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import type { TextRange } from '../findings';
import { keyText, locate, type ManifestDocument, type PathSegment } from '../manifest/manifestDocument';

export interface TextEdit {
  range: TextRange;
  newText: string;
}

/** The file text a document lives in is md.text at md.offset; columns come from the chunk text. */
function columnOf(md: ManifestDocument, fileOffset: number): number {
  const local = fileOffset - md.offset;
  const lineStart = md.text.lastIndexOf('\n', local - 1) + 1;
  return local - lineStart;
}

function nodeStart(md: ManifestDocument, n: unknown): number | undefined {
  const r = (n as Node | undefined)?.range;
  return r ? md.offset + r[0] : undefined;
}

/** Renders `key: value` for insertion at `indent`; multi-line placeholders become a block. */
function renderEntry(key: string, placeholder: string, indent: number): string {
  const pad = ' '.repeat(indent);
  if (!placeholder.includes('\n') && !/^- |^[\w.-]+: /.test(placeholder)) return `${key}: ${placeholder}`;
  const body = placeholder
    .split('\n')
    .map((l) => `${pad}  ${l}`)
    .join('\n');
  return `${key}:\n${body}`;
}

/** The mapping at `path` (or undefined when the path is not a mapping). */
function mappingAt(md: ManifestDocument, path: readonly PathSegment[]): YAMLMap | undefined {
  const loc = locate(md, path);
  return loc.exact && isMap(loc.node) ? loc.node : undefined;
}

/** Inserts `key: placeholder` as the first entry of the mapping at `parentPath`. */
export function insertKeyEdit(md: ManifestDocument, parentPath: readonly PathSegment[], key: string, placeholder: string): TextEdit | undefined {
  const loc = locate(md, parentPath);
  if (!loc.exact) return undefined;
  const node = loc.node;
  if (isMap(node) && node.items.length > 0 && !node.flow) {
    const first = node.items[0];
    const at = nodeStart(md, first.key);
    if (at === undefined) return undefined;
    const indent = columnOf(md, at);
    return { range: { start: at, end: at }, newText: `${renderEntry(key, placeholder, indent)}\n${' '.repeat(indent)}` };
  }
  const inline = !placeholder.includes('\n');
  if (isMap(node) && node.flow && inline) {
    const start = nodeStart(md, node)!;
    return { range: { start: start + 1, end: start + 1 }, newText: node.items.length ? ` ${key}: ${placeholder},` : ` ${key}: ${placeholder} ` };
  }
  // An empty value (`strategy:` or `strategy: {}`): a nested block under the key replaces it.
  const empty = node === null || node === undefined || (isScalar(node) && (node.value === null || node.value === '')) || (isMap(node) && node.items.length === 0);
  if (empty && loc.keyRange) {
    const indent = columnOf(md, loc.keyRange.start) + 2;
    const block = `\n${' '.repeat(indent)}${renderEntry(key, placeholder, indent)}`;
    const r = loc.valueRange;
    const hasText = r && r.end > r.start && md.text.slice(r.start - md.offset, r.end - md.offset).trim() !== '';
    if (hasText) {
      let start = r.start - md.offset;
      while (start > 0 && md.text.charAt(start - 1) === ' ') start--;
      return { range: { start: md.offset + start, end: r.end }, newText: block };
    }
    const colon = md.text.indexOf(':', loc.keyRange.end - md.offset);
    const at = md.offset + (colon < 0 ? loc.keyRange.end - md.offset : colon + 1);
    return { range: { start: at, end: at }, newText: block };
  }
  return undefined;
}

/** Removes `key` and its value from the mapping at `parentPath`: whole lines for block mappings. */
export function removeKeyEdit(md: ManifestDocument, parentPath: readonly PathSegment[], key: string): TextEdit | undefined {
  const map = mappingAt(md, parentPath);
  if (!map || map.flow) return undefined;
  const idx = map.items.findIndex((it) => isPair(it) && keyText(it.key) === key);
  if (idx < 0) return undefined;
  const pair = map.items[idx];
  const start = nodeStart(md, pair.key);
  if (start === undefined) return undefined;
  const next = map.items[idx + 1] as Pair | undefined;
  const text = md.text;
  const local = start - md.offset;
  const lineStart = text.lastIndexOf('\n', local - 1) + 1;
  const ownLine = text.slice(lineStart, local).trim() === '';
  const nextLocal = next ? nodeStart(md, next.key)! - md.offset : undefined;
  if (!ownLine) {
    // `- key: v` as the first entry of a sequence item: the next key moves up behind the dash.
    if (nextLocal !== undefined) return { range: { start, end: md.offset + nextLocal }, newText: '' };
    const end = (pair.value as Node | null)?.range?.[1] ?? (pair.key as Node).range![1];
    return { range: { start, end: md.offset + trimEnd(text, local, end) }, newText: '{}' };
  }
  if (nextLocal !== undefined) return { range: { start: md.offset + lineStart, end: md.offset + text.lastIndexOf('\n', nextLocal - 1) + 1 }, newText: '' };
  const valueEnd = trimEnd(text, local, (pair.value as Node | null)?.range?.[1] ?? (pair.key as Node).range![1]);
  const eol = text.indexOf('\n', valueEnd);
  return { range: { start: md.offset + lineStart, end: md.offset + (eol < 0 ? text.length : eol + 1) }, newText: '' };
}

function trimEnd(text: string, floor: number, end: number): number {
  while (end > floor && /\s/.test(text.charAt(end - 1))) end--;
  return end;
}

/** Appends a mapping item (`- name: x\n  value: ""`) to the sequence at `path`. */
export function appendSeqItemEdit(md: ManifestDocument, path: readonly PathSegment[], lines: string[], flowItem: string): TextEdit | undefined {
  const loc = locate(md, path);
  if (!loc.exact || !isSeq(loc.node)) return undefined;
  const seq = loc.node;
  const start = nodeStart(md, seq)!;
  if (seq.flow) {
    const end = loc.valueRange!.end - 1; // the closing bracket
    return { range: { start: end, end }, newText: seq.items.length ? `, ${flowItem}` : flowItem };
  }
  const indent = columnOf(md, start);
  const pad = ' '.repeat(indent);
  const at = loc.valueRange!.end;
  return {
    range: { start: at, end: at },
    newText: `\n${pad}- ${lines[0]}${lines
      .slice(1)
      .map((l) => `\n${pad}  ${l}`)
      .join('')}`,
  };
}

/** Replaces a key's text (for "did you mean" fixes), keeping its value. */
export function replaceKeyEdit(range: TextRange, replacement: string): TextEdit {
  return { range, newText: replacement };
}

/** Applies edits to a text (for tests and previews); edits must not overlap. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.range.start - a.range.start)) out = out.slice(0, e.range.start) + e.newText + out.slice(e.range.end);
  return out;
}
