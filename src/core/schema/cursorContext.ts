/**
 * Where a cursor sits in a YAML document, read from the text's indentation rather than from a parse.
 * Completion is asked for while a line is half-typed (`    stra`, `  - `, an empty line under a
 * mapping): that text is often not valid YAML, and the parser's recovery puts the fragment wherever
 * it likes. Block YAML's structure is in its indentation, so walking upwards from the cursor line
 * finds the enclosing keys and sequence items the way a reader does:
 * - a `key:` line indented less than the cursor's column is the parent mapping's key;
 * - a `- ` line at the column the cursor's mapping starts at opens the current sequence item; the
 *   items above it at the same dash column give its index, and the next less-indented `key:` line
 *   (or one at the dash column, for compact sequences) owns the sequence;
 * - lines at the cursor's column are siblings (keys already present).
 * Flow collections and multi-line scalars are not understood; callers get `undefined` or a
 * shallower path there, never a wrong-typed one.
 */
export type PathSegment = string | number;

export interface CursorContext {
  /** Path of the mapping (or, for a value, of the key) the cursor is in. */
  path: PathSegment[];
  /** `key`: typing a key in the mapping at `path`; `value`: typing the value of the key at `path`. */
  position: 'key' | 'value';
  /** What is already typed of the key or value. */
  partial: string;
  /** Column where the key starts (the mapping's indentation). */
  keyColumn: number;
  /** Keys already present in the mapping at `path` (for `key` position), excluding the cursor line. */
  presentKeys: string[];
}

interface Line {
  indent: number;
  /** Column after `- ` markers (equals indent when there is no dash). */
  contentColumn: number;
  dash: boolean;
  key?: string;
  /** Text after `key:` (trimmed), when the line is a `key:` line. */
  rest?: string;
  blank: boolean;
}

const KEY_LINE = /^([^\s#'"{[\]}&*!|>%@`,-][^:#]*?|-[^\s:][^:#]*?|"[^"]*"|'[^']*')\s*:(?:\s+(.*))?$/;

function parseLine(raw: string): Line {
  const line = raw.replace(/\r$/, '');
  const indent = line.length - line.trimStart().length;
  let content = line.slice(indent);
  let contentColumn = indent;
  let dash = false;
  while (/^-(\s+|$)/.test(content)) {
    const m = /^-(\s*)/.exec(content)!;
    dash = true;
    contentColumn += 1 + m[1].length;
    content = content.slice(1 + m[1].length);
  }
  const blank = content.trim() === '' || content.trimStart().startsWith('#');
  const m = KEY_LINE.exec(content.replace(/\s+#.*$/, ''));
  const key = m ? m[1].replace(/^(["'])(.*)\1$/, '$2') : undefined;
  return { indent, contentColumn, dash, key, rest: m ? (m[2] ?? '').trim() : undefined, blank: blank && !dash };
}

/**
 * The context at `offset` in `text` (one YAML document's text). Returns undefined where nothing
 * sensible can be completed (inside a comment, a flow collection, after a value).
 */
export function cursorContext(text: string, offset: number): CursorContext | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const prefix = text.slice(lineStart, offset);
  if (prefix.includes('#') || /[{[]/.test(prefix)) return undefined;
  const lines = text.slice(0, lineStart).split('\n');
  lines.pop(); // the empty remainder after the last newline before the cursor line
  const here = parseLine(prefix);

  const valueMatch = /^(\s*(?:-\s+)*)([^\s:#][^:#]*?)\s*:\s+(\S*)$/.exec(prefix);
  if (valueMatch) {
    const keyColumn = valueMatch[1].length;
    const parent = enclosingPath(lines, keyColumn, here.dash ? here.indent : undefined);
    if (!parent) return undefined;
    return { path: [...parent.path, valueMatch[2]], position: 'value', partial: valueMatch[3], keyColumn, presentKeys: [] };
  }
  const keyMatch = /^(\s*(?:-\s+)*)([^\s:#'"{[]*)$/.exec(prefix);
  if (!keyMatch) return undefined;
  const keyColumn = keyMatch[1].length;
  const parent = enclosingPath(lines, keyColumn, here.dash ? here.indent : undefined);
  if (!parent) return undefined;
  const below = text.slice(offset).split('\n').slice(1);
  const presentKeys = here.dash ? [] : [...parent.siblings, ...siblingsBelow(below, keyColumn)];
  return { path: parent.path, position: 'key', partial: keyMatch[2], keyColumn, presentKeys: [...new Set(presentKeys)] };
}

/**
 * Walks upwards from the cursor line. `column` is where the cursor's key starts; `dashColumn` is set
 * when the cursor line itself opens a sequence item.
 */
function enclosingPath(lines: string[], column: number, dashColumn?: number): { path: PathSegment[]; siblings: string[] } | undefined {
  const path: PathSegment[] = [];
  const siblings: string[] = [];
  let target = column;
  let seqDash = dashColumn; // when set: we are in an item of a sequence whose dashes are at this column
  let itemsAbove = 0;
  let collectingSiblings = dashColumn === undefined;
  for (let i = lines.length - 1; i >= 0; i--) {
    const l = parseLine(lines[i]);
    if (l.blank) continue;
    if (seqDash !== undefined) {
      if (l.dash && l.indent === seqDash) {
        itemsAbove++;
        continue;
      }
      if (l.indent > seqDash) continue;
      // The sequence's owner: a key line less indented, or at the dash column (compact style).
      if (l.key === undefined || (l.indent === seqDash && l.rest !== '')) return undefined;
      path.unshift(l.key, itemsAbove);
      if (l.dash) {
        seqDash = l.indent;
        itemsAbove = 0;
        target = l.contentColumn;
        continue;
      }
      seqDash = undefined;
      target = l.indent;
      continue;
    }
    if (l.contentColumn === target && l.key !== undefined) {
      if (collectingSiblings) siblings.push(l.key);
      if (l.dash) {
        // This line opens the item the cursor is in.
        seqDash = l.indent;
        itemsAbove = 0;
        collectingSiblings = false;
      }
      continue;
    }
    if (l.contentColumn === target && l.dash && l.key === undefined) return undefined; // a scalar item
    if (l.contentColumn > target) continue;
    if (l.indent >= target) continue; // a dash line whose content is deeper than us, inside a sibling
    // Less indented: the owner of the mapping the cursor is in.
    if (l.key === undefined || l.rest !== '') return undefined;
    path.unshift(l.key);
    collectingSiblings = false;
    if (l.dash && l.contentColumn > l.indent) {
      seqDash = l.indent;
      itemsAbove = 0;
      target = l.contentColumn;
    } else target = l.indent;
  }
  if (seqDash !== undefined) return undefined; // a top-level sequence: not a manifest
  return { path, siblings };
}

function siblingsBelow(lines: string[], column: number): string[] {
  const out: string[] = [];
  for (const raw of lines) {
    if (/^(---|\.\.\.)(\s|$)/.test(raw)) break;
    const l = parseLine(raw);
    if (l.blank) continue;
    if (l.indent < column || (l.dash && l.indent <= column)) break;
    if (l.indent === column && l.key !== undefined) out.push(l.key);
  }
  return out;
}
