/**
 * One YAML document of a manifest file, parsed on its own (see splitDocuments.ts) and identified by
 * apiVersion + kind. Offsets inside `yaml` nodes are relative to the chunk; `offset` converts them
 * to file offsets, so a document's parse can be reused when only its position in the file moved.
 */
import type { Document, LineCounter, Node, Pair, ParsedNode } from 'yaml';
import type { Finding, TextRange } from '../findings';
import { findKind, type KnownKind } from '../kinds';
import { fastComposeValue } from './fastCompose';
import { parseYamlChunk, readChunk } from './kubectlYaml';
import { isGoTemplate } from './templates';
import { valueText } from '../util/json';

export type PathSegment = string | number;

export interface ManifestDocument {
  /** Index of the document in its file (0-based, counting empty documents too). */
  index: number;
  /** Offset of the chunk in the file; add it to node ranges. */
  offset: number;
  text: string;
  /**
   * The parsed `yaml` Document (chunk-relative ranges). Built on first use when the value came from
   * the fast path (fastCompose.ts): valid manifests need it only for ranges, hover and edits.
   */
  readonly doc: Document.Parsed;
  /** Shared by every relocated copy of one parse: identifies the parse (the engine caches by it). */
  readonly source: DocumentSource;
  /** The plain JavaScript value (undefined for an empty document or a parse failure). */
  value: unknown;
  apiVersion?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  known?: KnownKind;
  /** Helm/Go-template content: never schema-checked. */
  templated: boolean;
  /** Only comments and whitespace. */
  empty: boolean;
  /** YAML syntax errors, as findings with file offsets. */
  syntaxFindings: Finding[];
  /** 0-based line of the chunk's start in the file (a duplicate-key message names a line). */
  line: number;
}

type YamlModule = typeof import('yaml');
let yamlModule: YamlModule | undefined;

/**
 * The `yaml` package, loaded on first use: the fast path (fastCompose.ts) turns clean manifests into
 * values without it, and evaluating the whole package is a large part of a `rollout-lens lint` run's
 * startup. Anything holding a `yaml` node has loaded it already.
 */
function yaml(): YamlModule {
  return (yamlModule ??= require('yaml') as YamlModule);
}

/** A chunk's `yaml` Document, parsed at most once and only when asked for. */
export class DocumentSource {
  private parsed: Document.Parsed | undefined;

  constructor(
    readonly text: string,
    parsed?: Document.Parsed,
  ) {
    this.parsed = parsed;
  }

  get document(): Document.Parsed {
    return (this.parsed ??= parseYamlChunk(this.text));
  }
}

type ManifestDocumentFields = Omit<ManifestDocument, 'doc'>;

/** A ManifestDocument whose `doc` reads through its source (so copies never force a parse). */
export function manifestDocument(fields: ManifestDocumentFields): ManifestDocument {
  return Object.defineProperty(fields, 'doc', { get: () => fields.source.document, enumerable: false, configurable: true }) as ManifestDocument;
}

/** The same parse at another position in the file (the caller moves the syntax findings). */
export function withPosition(md: ManifestDocument, offset: number, index: number, syntaxFindings: Finding[]): ManifestDocument {
  const { index: _i, offset: _o, syntaxFindings: _s, ...rest } = md;
  return manifestDocument({ ...rest, source: md.source, offset, index, syntaxFindings });
}

/**
 * `fastPath: false` always builds the `yaml` Document first (the reference the fast path is tested
 * against). The value is kubectl's reading of the text (kubectlYaml.ts); `line` is the 0-based
 * line of `offset` in the file.
 */
export function parseManifestDocument(text: string, offset: number, index: number, fastPath = true, line = 0): ManifestDocument {
  const templated = isGoTemplate(text);
  const fast = templated || !fastPath ? undefined : fastComposeValue(text);
  if (fast) return describe(text, offset, index, new DocumentSource(text), fast.value, templated, [], 0, line);
  const { doc, value, findings } = readChunk(text, offset, line, !templated);
  return describe(text, offset, index, new DocumentSource(text, doc), value, templated, findings, doc.errors.length + findings.length, line);
}

function describe(text: string, offset: number, index: number, source: DocumentSource, value: unknown, templated: boolean, syntaxFindings: Finding[], errorCount: number, line: number): ManifestDocument {
  const rec = value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  const meta = rec && typeof rec.metadata === 'object' && rec.metadata ? (rec.metadata as Record<string, unknown>) : undefined;
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return manifestDocument({
    index,
    offset,
    text,
    source,
    value,
    apiVersion: str(rec?.apiVersion),
    kind: str(rec?.kind),
    name: str(meta?.name),
    namespace: str(meta?.namespace),
    known: findKind(rec?.apiVersion, rec?.kind),
    templated,
    empty: (value === null || value === undefined) && errorCount === 0,
    syntaxFindings,
    line,
  });
}

/** Where a path points to in a document: the node and the key/value ranges (file offsets). */
export interface Location {
  /** The path that was actually found (a prefix of the requested one when it does not exist). */
  foundPath: PathSegment[];
  exact: boolean;
  node?: Node;
  keyRange?: TextRange;
  valueRange?: TextRange;
}

/**
 * Resolves a path to source ranges. When the full path does not exist, returns the deepest existing
 * ancestor, so a diagnostic always lands somewhere sensible (never at the document's start unless
 * the document itself is the subject).
 */
export function locate(md: ManifestDocument, path: readonly PathSegment[]): Location {
  const { isMap, isPair, isSeq } = yaml();
  let node: unknown = md.doc.contents;
  let pair: Pair | undefined;
  const found: PathSegment[] = [];
  for (const seg of path) {
    if (isMap(node)) {
      const p = node.items.find((it) => isPair(it) && keyText(it.key) === String(seg));
      if (!p) break;
      pair = p;
      node = p.value;
      found.push(seg);
    } else if (isSeq(node) && typeof seg === 'number' && seg < node.items.length) {
      pair = undefined;
      node = node.items[seg];
      found.push(seg);
    } else break;
  }
  const exact = found.length === path.length;
  const toRange = (n: unknown): TextRange | undefined => {
    const r = (n as ParsedNode | undefined)?.range;
    return r ? { start: md.offset + r[0], end: md.offset + r[1] } : undefined;
  };
  let valueRange = toRange(node);
  if (valueRange && (isMap(node) || isSeq(node))) {
    // Collections: trailing newlines are part of the node range; trim them so squiggles stay on text.
    const r = valueRange;
    let end = r.end;
    while (end > r.start && /\s/.test(md.text.charAt(end - 1 - md.offset))) end--;
    valueRange = { start: r.start, end };
  }
  return { foundPath: found, exact, node: node as Node | undefined, keyRange: pair ? toRange(pair.key) : undefined, valueRange };
}

/** The range a diagnostic about `path` should underline: the key when there is one, else the value. */
export function rangeForPath(md: ManifestDocument, path: readonly PathSegment[], prefer: 'key' | 'value' = 'key'): TextRange {
  const loc = locate(md, path);
  const r = prefer === 'key' ? (loc.keyRange ?? loc.valueRange) : (loc.valueRange ?? loc.keyRange);
  if (r && r.end > r.start) return r;
  if (r) return { start: r.start, end: r.start + 1 };
  return documentHeadRange(md);
}

/** First non-blank line of the document, used when nothing more precise exists. */
export function documentHeadRange(md: ManifestDocument): TextRange {
  const m = /[^\s-][^\n]*/.exec(md.text.replace(/^---[^\n]*\n?/, (s) => ' '.repeat(s.length)));
  if (!m) return { start: md.offset, end: md.offset + Math.min(md.text.length, 1) };
  return { start: md.offset + m.index, end: md.offset + m.index + m[0].trimEnd().length };
}

export function keyText(key: unknown): string | undefined {
  if (key === null || key === undefined) return undefined;
  // A collection used as a key (`? {a: 1}`) has no text a path segment could name.
  if (typeof key === 'object') return yaml().isScalar(key) ? String(key.value) : undefined;
  return valueText(key);
}

/** The line counter for a document's own text (positions relative to the chunk). */
export function chunkLineCounter(text: string): LineCounter {
  const lc = new (yaml().LineCounter)();
  let i = -1;
  lc.addNewLine(0);
  while ((i = text.indexOf('\n', i + 1)) >= 0) lc.addNewLine(i + 1);
  return lc;
}
