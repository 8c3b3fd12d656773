/**
 * kubectl reads YAML with go-yaml (libyaml's scanner), which does not check the indentation of the
 * continuation lines of quoted scalars and flow collections: `yaml_parser_scan_flow_scalar` only
 * rejects a document marker (`---`/`...` at column 0) and the end of the input, and in flow context
 * the scanner neither rolls nor unrolls indentation. controller-gen relies on it and writes CRD
 * descriptions as
 *
 *     description: 'APIVersion defines the versioned schema
 *     of an object. ...'
 *
 * (continuation at the key's own column), which YAML 1.2, and so the `yaml` package, rejects: there
 * these lines must be indented more than the enclosing block collection. Plain scalars are another
 * matter: go-yaml ends them at a line indented no deeper than the collection (`parser.indent + 1`),
 * exactly as YAML 1.2 does, so they need nothing here.
 *
 * `reindentFlowContinuations` finds the multi-line quoted scalars and flow collections with a small
 * scanner that follows libyaml's block structure (its indentation stack, block scalars, comments,
 * plain scalars), and indents their under-indented continuation lines to one column past the
 * collection. The value does not change: folding drops a continuation line's leading white space,
 * and so does flow context. The caller parses the result and maps node ranges back through
 * `toOriginalOffset`; `insertionsInsideFlow` checks on that parse that every inserted space landed
 * inside a quoted scalar or a flow collection, so a misread structure can never change a value.
 * Returns undefined when nothing needs re-indenting or the text is beyond this scanner (tabs in
 * indentation, CR line ends, unclosed quotes, a multi-line key: go-yaml fails on the last two).
 */
import type { Document } from 'yaml';
import { yaml } from './yamlPackage';

export interface Insertion {
  /** Offset in the original text where spaces are inserted (a line start). */
  at: number;
  count: number;
}

export interface Reindented {
  text: string;
  insertions: Insertion[];
}

/** Thrown (one instance, no stack taken per use) to abandon the scan. */
class Bail extends Error {}
const BAIL = new Bail('not re-indentable');

export function reindentFlowContinuations(text: string): Reindented | undefined {
  if (text.includes('\r')) return undefined;
  let insertions: Insertion[];
  try {
    insertions = new ContinuationScanner(text).scan();
  } catch (e) {
    if (e instanceof Bail) return undefined;
    throw e;
  }
  if (insertions.length === 0) return undefined;
  let out = '';
  let last = 0;
  for (const ins of insertions) {
    out += text.slice(last, ins.at) + ' '.repeat(ins.count);
    last = ins.at;
  }
  return { text: out + text.slice(last), insertions };
}

/** A position in the re-indented text as an offset in the original (inserted spaces map to their line start). */
export function toOriginalOffset(insertions: readonly Insertion[], pos: number): number {
  let shift = 0;
  for (const ins of insertions) {
    const start = ins.at + shift;
    if (pos < start) break;
    if (pos < start + ins.count) return ins.at;
    shift += ins.count;
  }
  return pos - shift;
}

/** Moves every node range of a document parsed from re-indented text back to original offsets. */
export function remapRanges(doc: Document.Parsed, insertions: readonly Insertion[]): void {
  const map = (r: [number, number, number] | undefined | null) => {
    if (r) for (let k = 0; k < 3; k++) r[k] = toOriginalOffset(insertions, r[k]);
  };
  map(doc.range);
  yaml().visit(doc, (_key, node) => {
    if (node && typeof node === 'object' && 'range' in node) map((node as { range?: [number, number, number] }).range);
  });
}

/** Whether every insertion (in re-indented offsets) lies inside a quoted scalar or a flow collection of `doc`. */
export function insertionsInsideFlow(doc: Document.Parsed, insertions: readonly Insertion[]): boolean {
  const { isCollection, isScalar, visit } = yaml();
  const flow: [number, number][] = [];
  visit(doc, (_key, node) => {
    if (isScalar(node) && (node.type === 'QUOTE_SINGLE' || node.type === 'QUOTE_DOUBLE') && node.range) flow.push([node.range[0], node.range[1]]);
    else if (isCollection(node) && node.flow && node.range) {
      flow.push([node.range[0], node.range[1]]);
      return visit.SKIP;
    }
    return undefined;
  });
  let shift = 0;
  return insertions.every((ins) => {
    const p = ins.at + shift;
    shift += ins.count;
    return flow.some(([s, e]) => s < p && p < e);
  });
}

interface Line {
  start: number;
  end: number;
  /** Leading spaces. */
  indent: number;
}

/** libyaml's view of the block structure, as far as needed to find flow content and its required indentation. */
class ContinuationScanner {
  private readonly lines: Line[] = [];
  /** libyaml's indentation stack (parser.indents + parser.indent). */
  private readonly indents: number[] = [-1];
  private readonly insertions: Insertion[] = [];

  constructor(private readonly text: string) {
    let start = 0;
    for (;;) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      let p = start;
      while (p < end && text.charCodeAt(p) === 32) p++;
      this.lines.push({ start, end, indent: p - start });
      if (end >= text.length) break;
      start = end + 1;
    }
  }

  private get top(): number {
    return this.indents[this.indents.length - 1];
  }

  private roll(col: number): void {
    if (this.top < col) this.indents.push(col);
  }

  scan(): Insertion[] {
    let li = 0;
    while (li < this.lines.length) li = this.line(li);
    return this.insertions;
  }

  private blank(l: Line): boolean {
    return l.start + l.indent >= l.end;
  }

  /** Scans the tokens of line `li` (and whatever multi-line construct starts there); returns the next line to scan. */
  private line(li: number): number {
    const t = this.text;
    const line = this.lines[li];
    let pos = line.start + line.indent;
    if (pos >= line.end || t[pos] === '#') return li + 1;
    if (t[pos] === '\t') throw BAIL;
    if (line.indent === 0 && t[pos] === '%') return li + 1;
    const col0 = line.indent;
    while (this.top > col0) this.indents.pop();
    if (line.indent === 0 && /^(---|\.\.\.)(?=[ \t\n]|$)/.test(t.slice(pos, pos + 4))) {
      this.indents.length = 1;
      pos += 3;
    }
    const curLine = li;
    for (;;) {
      const l = this.lines[curLine];
      while (pos < l.end && (t[pos] === ' ' || t[pos] === '\t')) pos++;
      if (pos >= l.end || t[pos] === '#') return curLine + 1;
      const c = t[pos];
      const next = t[pos + 1];
      const col = pos - l.start;
      const blankNext = next === undefined || next === ' ' || next === '\t' || next === '\n';
      if ((c === '-' || c === '?') && blankNext) {
        this.roll(col);
        pos++;
        continue;
      }
      if (c === ':' && blankNext) {
        pos++;
        continue;
      }
      if (c === '&' || c === '!') {
        while (pos < l.end && t[pos] !== ' ' && t[pos] !== '\t') pos++;
        continue;
      }
      if (c === '|' || c === '>') return this.blockScalar(curLine, pos);
      if (c === "'" || c === '"' || c === '[' || c === '{') {
        const end = c === '[' || c === '{' ? this.flowEnd(pos) : this.quotedEnd(pos);
        const endLine = this.lineOf(end - 1, curLine);
        if (endLine > curLine) this.reindent(curLine + 1, endLine, this.top + 1);
        pos = end;
        const after = this.lines[endLine];
        let q = pos;
        while (q < after.end && t[q] === ' ') q++;
        if (t[q] === ':' && (q + 1 >= after.end || t[q + 1] === ' ')) {
          if (endLine > curLine) throw BAIL; // a multi-line key: go-yaml fails ("could not find expected ':'")
          this.roll(col);
          pos = q + 1;
          continue;
        }
        if (q < after.end && t[q] !== '#') throw BAIL;
        return endLine + 1;
      }
      // A plain scalar (or an alias): a key when `: ` follows on this line, else a value.
      const keyEnd = this.plainEnd(pos, l.end);
      if (keyEnd >= 0) {
        this.roll(col);
        pos = keyEnd + 1;
        continue;
      }
      // A plain value continues on following lines indented past the collection (or blank ones).
      let j = curLine + 1;
      while (j < this.lines.length) {
        const n = this.lines[j];
        if (this.blank(n)) {
          j++;
          continue;
        }
        if (n.indent <= this.top || t[n.start + n.indent] === '#') break;
        j++;
      }
      return j;
    }
  }

  /** Offset of the `:` ending a plain key that starts at `p` on this line, or -1 (a value; ` #` starts a comment). */
  private plainEnd(p: number, end: number): number {
    const t = this.text;
    for (let q = p; q < end; q++) {
      const ch = t[q];
      if (ch === ':' && (q + 1 >= end || t[q + 1] === ' ' || t[q + 1] === '\t')) return q;
      if (ch === '#' && q > p && (t[q - 1] === ' ' || t[q - 1] === '\t')) return -1;
    }
    return -1;
  }

  /** Skips a block scalar's header and content (libyaml's indentation detection). */
  private blockScalar(li: number, pos: number): number {
    const t = this.text;
    const header = t.slice(pos + 1, this.lines[li].end);
    const m = /^([+-]?)([1-9]?)([+-]?)(?:[ \t]+(?:#.*)?)?$/.exec(header);
    if (!m) throw BAIL;
    const explicit = m[2] ? Number(m[2]) : 0;
    let indent = explicit ? (this.top >= 0 ? this.top + explicit : explicit) : 0;
    let j = li + 1;
    if (!indent) {
      let max = 0;
      while (j < this.lines.length && this.blank(this.lines[j])) {
        max = Math.max(max, this.lines[j].end - this.lines[j].start);
        j++;
      }
      if (j < this.lines.length) max = Math.max(max, this.lines[j].indent);
      indent = Math.max(max, this.top + 1, 1);
    }
    while (j < this.lines.length && (this.blank(this.lines[j]) || this.lines[j].indent >= indent)) j++;
    return j;
  }

  /** The end (one past the closing quote) of the quoted scalar at `p`, read as go-yaml does. */
  private quotedEnd(p: number): number {
    const t = this.text;
    const quote = t[p];
    for (let q = p + 1; q < t.length; q++) {
      const ch = t[q];
      if (ch === '\n') {
        if (/^(---|\.\.\.)(?=[ \t\n]|$)/.test(t.slice(q + 1, q + 5))) throw BAIL; // go-yaml: unexpected document indicator
        continue;
      }
      if (quote === '"' && ch === '\\') {
        q++;
        continue;
      }
      if (ch === quote) {
        if (quote === "'" && t[q + 1] === "'") {
          q++;
          continue;
        }
        return q + 1;
      }
    }
    throw BAIL; // unclosed: go-yaml fails too
  }

  /** The end (one past the closing bracket) of the flow collection at `p`. */
  private flowEnd(p: number): number {
    const t = this.text;
    let depth = 0;
    let tokenStart = true;
    for (let q = p; q < t.length; q++) {
      const ch = t[q];
      if (ch === '\n') {
        if (/^(---|\.\.\.)(?=[ \t\n]|$)/.test(t.slice(q + 1, q + 5))) throw BAIL;
        continue;
      }
      if (ch === ' ' || ch === '\t') continue;
      if (ch === '#' && (t[q - 1] === ' ' || t[q - 1] === '\t' || t[q - 1] === '\n')) {
        const nl = t.indexOf('\n', q);
        if (nl < 0) break;
        q = nl - 1;
        continue;
      }
      if (ch === '[' || ch === '{') {
        depth++;
        tokenStart = true;
      } else if (ch === ']' || ch === '}') {
        depth--;
        if (depth === 0) return q + 1;
        tokenStart = false;
      } else if (ch === ',') tokenStart = true;
      else if (ch === ':' || ch === '?') tokenStart = true;
      else if ((ch === "'" || ch === '"') && tokenStart) {
        q = this.quotedEnd(q) - 1;
        tokenStart = false;
      } else tokenStart = false;
    }
    throw BAIL;
  }

  private lineOf(offset: number, from: number): number {
    let j = from;
    while (j + 1 < this.lines.length && this.lines[j + 1].start <= offset) j++;
    return j;
  }

  /** Indents the non-blank lines from..to (inclusive) to at least `min` columns. */
  private reindent(from: number, to: number, min: number): void {
    for (let j = from; j <= to; j++) {
      const l = this.lines[j];
      if (this.blank(l) || l.indent >= min) continue;
      this.insertions.push({ at: l.start, count: min - l.indent });
    }
  }
}
