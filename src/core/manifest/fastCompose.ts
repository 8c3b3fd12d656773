/**
 * A fast path from a document's text straight to its plain JavaScript value, for the common shape
 * of Kubernetes manifests: block mappings and sequences, one-line plain / single-quoted /
 * double-quoted (no escapes) scalars, `[]`, one-line flow mappings of plain words (`{duration: 10s}`),
 * comments. Anything else (anchors, aliases, tags, block scalars, other flow content, multi-line
 * scalars, escapes, tabs, CR, directives, duplicate keys, non-string keys, odd indentation) returns
 * `undefined`, and the caller runs the
 * full `yaml` parse instead. So this path never has to reproduce an error: it only accepts text the
 * `yaml` package (2.x, as configured in kubectlYaml.ts) parses without errors, and then it must
 * produce exactly the value the full path gives (kubectlValue.ts: kubectl's reading). Plain scalars
 * resolve as go-yaml v2 does (goYamlScalars.ts: `yes` is true, `0755` is 493); a key that does not
 * resolve to a string, and `.nan`/`.inf` (which kubectl cannot send), are left to the full path.
 * test/unit/core/manifest/fastCompose.test.ts checks it against the full path over the corpus and
 * generated YAML.
 *
 * Why: the `yaml` Document (CST + node tree) costs about as much as yaml-language-server's whole
 * pass; a valid manifest only needs its value. The Document is still built, lazily, when a finding
 * needs source ranges or an editor feature needs nodes.
 */

import { resolvePlainScalar } from './goYamlScalars';

/** Characters this path does not handle anywhere in a document (the full parser decides). */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this matches
const UNSUPPORTED_CHARS = /[\t\r\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufeff\u2028\u2029]/;

/** Thrown (one instance, no stack taken per use) when the text needs the full parser. */
class Unsupported extends Error {}
const UNSUPPORTED = new Unsupported('needs the full parser');

interface Line {
  /** Column of the first non-space character. */
  indent: number;
  /** Offset of the line's first character in the text. */
  start: number;
  /** Offset of the line end (the `\n` or the text's end). */
  end: number;
}

/** The value `yaml`'s parseDocument(...).toJS() gives for `text`, or undefined when this path does not apply. */
export function fastComposeValue(text: string): { value: unknown } | undefined {
  if (UNSUPPORTED_CHARS.test(text)) return undefined;
  try {
    return { value: new FastComposer(text).compose() };
  } catch {
    // UNSUPPORTED, or anything unexpected (a stack overflow on absurd nesting): the full parser decides.
    return undefined;
  }
}

class FastComposer {
  private readonly lines: Line[] = [];
  private i = 0;

  constructor(private readonly text: string) {
    let start = 0;
    const len = text.length;
    while (start <= len) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = len;
      let p = start;
      while (p < end && text.charCodeAt(p) === 32) p++;
      // Blank and comment-only lines carry no content (block scalars, which would care, are unsupported).
      if (p < end && text.charCodeAt(p) !== 35 /* # */) this.lines.push({ indent: p - start, start, end });
      if (end >= len) break;
      start = end + 1;
    }
  }

  compose(): unknown {
    const lines = this.lines;
    if (lines.length === 0) throw UNSUPPORTED; // empty documents: rare, the full parser handles them
    const first = lines[0];
    if (first.indent === 0 && this.text.startsWith('---', first.start)) {
      const rest = this.text.slice(first.start + 3, first.end);
      if (!/^(?:[ ]*|[ ]+#.*)$/.test(rest)) throw UNSUPPORTED;
      this.i = 1;
    }
    if (this.i >= lines.length) throw UNSUPPORTED;
    for (let k = this.i; k < lines.length; k++) {
      const l = lines[k];
      if (l.indent === 0) {
        const c = this.text.charCodeAt(l.start);
        if (c === 37 /* % */ || this.text.startsWith('---', l.start) || this.text.startsWith('...', l.start)) throw UNSUPPORTED;
      }
    }
    const value = this.block(this.i);
    if (this.i < lines.length) throw UNSUPPORTED;
    return value;
  }

  /** A block node starting at line `k`: a sequence or a mapping at that line's indent. */
  private block(k: number): unknown {
    const line = this.lines[k];
    const col = line.start + line.indent;
    if (this.isSeqMarker(col, line.end)) return this.seq(k, line.indent);
    return this.map(k, line.indent, col);
  }

  private isSeqMarker(p: number, end: number): boolean {
    return this.text.charCodeAt(p) === 45 /* - */ && (p + 1 === end || this.text.charCodeAt(p + 1) === 32);
  }

  private seq(k: number, indent: number): unknown[] {
    const out: unknown[] = [];
    const lines = this.lines;
    this.i = k;
    while (this.i < lines.length) {
      const line = lines[this.i];
      if (line.indent !== indent) break;
      const col = line.start + indent;
      if (!this.isSeqMarker(col, line.end)) break;
      let p = col + 1;
      while (p < line.end && this.text.charCodeAt(p) === 32) p++;
      if (p >= line.end || this.text.charCodeAt(p) === 35 /* # */) {
        // `-` alone: the item is the block below, or null.
        const next = lines[this.i + 1];
        if (next && next.indent > indent) out.push(this.block(this.i + 1));
        else {
          out.push(null);
          this.i++;
        }
      } else if (this.isSeqMarker(p, line.end)) {
        throw UNSUPPORTED; // `- - x`: compact nested sequence
      } else if (this.keyEnd(p, line.end) >= 0) {
        out.push(this.map(this.i, p - line.start, p));
      } else {
        out.push(this.scalar(p, line.end));
        this.i++;
      }
      // A deeper line after an item would continue a one-line scalar (multi-line plain) or be an error.
      const next = lines[this.i];
      if (next && next.indent > indent) throw UNSUPPORTED;
    }
    return out;
  }

  /** A block mapping whose keys sit at column `indent`; the first key starts at offset `first` of line `k`. */
  private map(k: number, indent: number, first: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const lines = this.lines;
    this.i = k;
    let p = first;
    for (;;) {
      const line = lines[this.i];
      const sep = this.keyEnd(p, line.end);
      // yaml rejects implicit keys longer than 1024 characters.
      if (sep < 0 || sep - p > 1000) throw UNSUPPORTED;
      const key = this.key(p, sep);
      if (Object.prototype.hasOwnProperty.call(out, key)) throw UNSUPPORTED; // duplicate key: the full parser reports it
      let v = sep + 1;
      while (v < line.end && this.text.charCodeAt(v) === 32) v++;
      if (v >= line.end || this.text.charCodeAt(v) === 35 /* # */) {
        const next = lines[this.i + 1];
        if (next && next.indent > indent) out[key] = this.block(this.i + 1);
        else if (next && next.indent === indent && this.isSeqMarker(next.start + indent, next.end)) out[key] = this.seq(this.i + 1, indent);
        else {
          out[key] = null;
          this.i++;
        }
      } else {
        out[key] = this.scalar(v, line.end);
        this.i++;
      }
      const next = lines[this.i];
      if (!next || next.indent < indent) return out;
      if (next.indent > indent) throw UNSUPPORTED; // continuation of a one-line scalar, or an error
      p = next.start + indent;
      if (this.isSeqMarker(p, next.end)) {
        // A sequence item at the keys' column ends the mapping only when the mapping is itself a
        // compact item of that sequence (`- a: 1` then `- b: 2`); the caller checks.
        return out;
      }
    }
  }

  /**
   * Offset of the `:` that ends a key starting at `p` (followed by a space or the line end), or -1
   * when the line holds no key. Quoted keys are skipped whole; a ` #` before any `:` means a comment.
   */
  private keyEnd(p: number, end: number): number {
    const t = this.text;
    const c = t.charCodeAt(p);
    let q = p;
    if (c === 34 /* " */ || c === 39 /* ' */) {
      q = this.quotedEnd(p, end);
      while (q < end && t.charCodeAt(q) === 32) q++;
      return q < end && t.charCodeAt(q) === 58 && (q + 1 === end || t.charCodeAt(q + 1) === 32) ? q : -1;
    }
    for (; q < end; q++) {
      const ch = t.charCodeAt(q);
      if (ch === 58 /* : */ && (q + 1 === end || t.charCodeAt(q + 1) === 32)) return q;
      if (ch === 35 /* # */ && q > p && t.charCodeAt(q - 1) === 32) return -1;
    }
    return -1;
  }

  /** The key text from `p` up to the separator at `sep`: must be a string scalar. */
  private key(p: number, sep: number): string {
    const t = this.text;
    const c = t.charCodeAt(p);
    let key: unknown;
    if (c === 34 || c === 39) key = this.quoted(p, sep);
    else {
      let e = sep;
      while (e > p && t.charCodeAt(e - 1) === 32) e--;
      const raw = t.slice(p, e);
      checkPlain(raw);
      key = resolvePlain(raw);
    }
    if (typeof key !== 'string' || key === '__proto__' || key === '<<') throw UNSUPPORTED;
    return key;
  }

  /** A one-line scalar (or `[]` / `{}`) from `p` to the line end, comments and trailing spaces dropped. */
  private scalar(p: number, end: number): unknown {
    const t = this.text;
    const c = t.charCodeAt(p);
    if (c === 34 || c === 39) return this.quoted(p, end);
    let e = p;
    for (; e < end; e++) {
      if (t.charCodeAt(e) === 35 /* # */ && t.charCodeAt(e - 1) === 32) break;
    }
    while (e > p && t.charCodeAt(e - 1) === 32) e--;
    const raw = t.slice(p, e);
    if (raw === '[]') return [];
    if (raw.charCodeAt(0) === 123 /* { */) return flowMap(raw);
    checkPlain(raw);
    if (raw.endsWith(':') || raw.includes(': ')) throw UNSUPPORTED; // a nested compact mapping: an error
    return resolvePlain(raw);
  }

  /** Offset just past the closing quote of the quoted scalar at `p` (on this line), else unsupported. */
  private quotedEnd(p: number, end: number): number {
    const t = this.text;
    const quote = t.charCodeAt(p);
    for (let q = p + 1; q < end; q++) {
      const ch = t.charCodeAt(q);
      if (quote === 34 && ch === 92 /* \ */) throw UNSUPPORTED; // escapes: the full parser
      if (ch === quote) {
        if (quote === 39 && t.charCodeAt(q + 1) === 39 && q + 1 < end) {
          q++;
          continue;
        }
        return q + 1;
      }
    }
    throw UNSUPPORTED; // multi-line quoted scalar
  }

  /** The quoted scalar at `p`; only spaces, a comment, or (for keys) the separator may follow on its line. */
  private quoted(p: number, limit: number): string {
    const t = this.text;
    const close = this.quotedEnd(p, limit);
    let q = close;
    while (q < limit && t.charCodeAt(q) === 32) q++;
    if (q < limit && !(t.charCodeAt(q) === 35 && q > close)) throw UNSUPPORTED;
    const body = t.slice(p + 1, close - 1);
    return t.charCodeAt(p) === 39 ? body.replace(/''/g, "'") : body;
  }
}

/** Flow mapping content this path accepts: `key: value` pairs of plain words, comma-separated. */
const FLOW_MAP_CONTENT = /^[A-Za-z0-9_./+\-: ,]*$/;
const FLOW_PAIR = /^([A-Za-z0-9_./+-]+): +([A-Za-z0-9_./+-]+)$/;

/**
 * A one-line flow mapping such as `{duration: 10s}` or `{ }` (common in Rollout steps). Keys and
 * values are plain words (no spaces, quotes or flow indicators inside); anything else, a trailing
 * comma included, is left to the full parser.
 */
function flowMap(raw: string): Record<string, unknown> {
  if (raw.charCodeAt(raw.length - 1) !== 125 /* } */) throw UNSUPPORTED;
  const inner = raw.slice(1, -1);
  if (!FLOW_MAP_CONTENT.test(inner)) throw UNSUPPORTED;
  const out: Record<string, unknown> = {};
  if (inner.trim() === '') return out;
  for (const part of inner.split(',')) {
    const m = FLOW_PAIR.exec(part.trim());
    if (!m) throw UNSUPPORTED;
    checkPlain(m[1]);
    checkPlain(m[2]);
    const key = resolvePlain(m[1]);
    if (typeof key !== 'string' || key === '__proto__' || key === '<<' || Object.prototype.hasOwnProperty.call(out, key)) throw UNSUPPORTED;
    out[key] = resolvePlain(m[2]);
  }
  return out;
}

/** Plain scalars this path accepts: no indicator first (`-` only before a digit, letter or dot). */
function checkPlain(raw: string): void {
  if (raw.length === 0) throw UNSUPPORTED;
  const c = raw.charCodeAt(0);
  const ok =
    (c >= 48 && c <= 57) ||
    (c >= 65 && c <= 90) ||
    (c >= 97 && c <= 122) ||
    c === 95 /* _ */ ||
    c === 47 /* / */ ||
    c === 46 /* . */ ||
    c === 36 /* $ */ ||
    c === 40 /* ( */ ||
    c === 61 /* = */ ||
    c === 126 /* ~ */ ||
    c === 43 /* + */ ||
    c === 94 /* ^ */ ||
    c === 41 /* ) */ ||
    c === 59 /* ; */ ||
    c === 60 /* < */ ||
    c >= 0xa0;
  if (!ok) {
    if (c !== 45 /* - */) throw UNSUPPORTED;
    const d = raw.charCodeAt(1);
    if (!((d >= 48 && d <= 57) || (d >= 65 && d <= 90) || (d >= 97 && d <= 122) || d === 46)) throw UNSUPPORTED;
  }
  if (/[[\]{}]/.test(raw)) throw UNSUPPORTED; // flow indicators inside: left to the full parser
}

/** A plain scalar's value as kubectl reads it; NaN and ±Inf (a kubectl error) go to the full path. */
function resolvePlain(raw: string): unknown {
  const v = resolvePlainScalar(raw);
  if (typeof v === 'number' && !Number.isFinite(v)) throw UNSUPPORTED;
  return v;
}
