/**
 * One YAML document read the way kubectl reads it, and its problems as findings:
 *
 * - the `yaml` package parses (YAML 1.2, strict about indentation); where it fails only on the
 *   indentation of continued quoted scalars or flow collections, which go-yaml does not check, the
 *   re-indented text is parsed instead and its ranges mapped back (flowContinuations.ts), so
 *   controller-gen's CRDs and the install manifests built from them read without errors;
 * - the value is go-yaml v2's (kubectlValue.ts): YAML 1.1 scalars, merge keys, JSON keys, and its
 *   alias budget; where kubectl cannot decode the document, one error says why and the document is
 *   not validated;
 * - a duplicate key names the key and the line of its first occurrence.
 *
 * The `yaml` package is required on first use (yamlPackage.ts).
 */
import type { Document, ParsedNode, YAMLMap } from 'yaml';
import type { Finding, TextRange } from '../findings';
import { findKind, findKindWithOtherVersion } from '../kinds';
import { insertionsInsideFlow, reindentFlowContinuations, remapRanges, toOriginalOffset } from './flowContinuations';
import { KubectlDecodeError, kubectlValue } from './kubectlValue';
import { yaml } from './yamlPackage';

const PARSE_OPTIONS = { keepSourceTokens: false, prettyErrors: false, uniqueKeys: true, strict: false, intAsBigInt: false, logLevel: 'error' } as const;

/** Errors other than duplicate keys: the document cannot be read as written. */
export function hasBlockingErrors(doc: Document.Parsed): boolean {
  return doc.errors.some((e) => e.code !== 'DUPLICATE_KEY');
}

/**
 * A chunk's `yaml` Document as kubectl would read it: the strict parse, or, where that fails only
 * on the indentation go-yaml does not check, the parse of the re-indented text with node ranges
 * (and any remaining duplicate-key errors) mapped back to `text`.
 */
export function parseYamlChunk(text: string): Document.Parsed {
  const doc = yaml().parseDocument(text, PARSE_OPTIONS);
  if (!hasBlockingErrors(doc)) return doc;
  const re = reindentFlowContinuations(text);
  if (!re) return doc;
  const lenient = yaml().parseDocument(re.text, PARSE_OPTIONS);
  if (hasBlockingErrors(lenient) || !insertionsInsideFlow(lenient, re.insertions)) return doc;
  remapRanges(lenient, re.insertions);
  for (const e of lenient.errors) e.pos = [toOriginalOffset(re.insertions, e.pos[0]), toOriginalOffset(re.insertions, e.pos[1])];
  return lenient;
}

/**
 * The plain value kubectl would send for one YAML document (the schema generator reads the vendored
 * CRDs with it, as `kubectl apply` does); throws where kubectl would fail.
 */
export function decodeAsKubectl(text: string): unknown {
  const doc = parseYamlChunk(text);
  const error = doc.errors.find((e) => e.code !== 'DUPLICATE_KEY');
  if (error) throw new Error(syntaxMessage(error.message));
  return kubectlValue(doc);
}

export interface ChunkReading {
  doc: Document.Parsed;
  /** undefined when the document is empty, unreadable, or kubectl cannot decode it. */
  value: unknown;
  /** Syntax and decoding problems, with file offsets (the chunk starts at `offset`, on 0-based `line`). */
  findings: Finding[];
}

/** Parses a chunk, decodes its value as kubectl does, and reports what stands in the way. */
export function readChunk(text: string, offset: number, line: number, report: boolean): ChunkReading {
  const doc = parseYamlChunk(text);
  const findings: Finding[] = [];
  let value: unknown;
  if (doc.errors.length === 0 || doc.contents) {
    try {
      value = kubectlValue(doc);
    } catch (err) {
      value = undefined;
      if (report && !hasBlockingErrors(doc)) findings.push(notDecodedFinding(text, offset, err));
    }
  }
  if (report) {
    const other = otherKind(text);
    for (const e of doc.errors) {
      const [s, t] = e.pos;
      const range = { start: offset + s, end: offset + Math.max(t, s + 1) };
      if (e.code === 'DUPLICATE_KEY') findings.push(duplicateKeyFinding(doc, text, s, range, line));
      else if (other)
        findings.push({
          code: 'yaml/syntax',
          severity: 'warning',
          message: `${syntaxMessage(e.message)} (a warning: this ${other} is not a document Rollout Lens validates, and kubectl's YAML reader is more lenient than YAML 1.2)`,
          range,
          path: [],
          source: 'yaml',
        });
      else findings.push({ code: 'yaml/syntax', severity: 'error', message: syntaxMessage(e.message), range, path: [], source: 'yaml' });
    }
  }
  return { doc, value, findings };
}

/**
 * The kind of a document that is none of ours, read from its top-level `apiVersion:` and `kind:`
 * lines (its YAML may not parse). A syntax error the lenient reading could not resolve in such a
 * document is a warning: it must never fail a lint run over a difference between parsers.
 */
function otherKind(text: string): string | undefined {
  const kind = /^kind:[ \t]*["']?([A-Za-z0-9]+)["']?[ \t]*(?:#.*)?$/m.exec(text)?.[1];
  const apiVersion = /^apiVersion:[ \t]*["']?([\w./-]+)["']?[ \t]*(?:#.*)?$/m.exec(text)?.[1];
  if (!kind || !apiVersion || findKind(apiVersion, kind) || findKindWithOtherVersion(apiVersion, kind)) return undefined;
  return kind;
}

export function syntaxMessage(message: string): string {
  // The yaml package appends a code excerpt after a newline when prettyErrors is on; keep the sentence.
  return `YAML syntax error: ${message.split('\n')[0].trim()}`;
}

/**
 * Where kubectl's decoder gives up (alias expansion beyond go-yaml's budget, a key or value JSON
 * cannot carry, nesting too deep to decode), the document is not validated; one error on the node
 * at fault (or the document's first line) says so and why.
 */
function notDecodedFinding(text: string, offset: number, err: unknown): Finding {
  const decode = err instanceof KubectlDecodeError;
  const why = decode ? err.message : err instanceof RangeError ? 'it nests too deeply' : String(err);
  let range: TextRange;
  if (decode && err.range) range = { start: offset + err.range[0], end: offset + Math.max(err.range[1], err.range[0] + 1) };
  else {
    const head = /[^\s-][^\n]*/.exec(text.replace(/^---[^\n]*\n?/, (s) => ' '.repeat(s.length)));
    range = head ? { start: offset + head.index, end: offset + head.index + head[0].trimEnd().length } : { start: offset, end: offset + Math.min(1, text.length) };
  }
  return { code: 'yaml/not-decoded', severity: 'error', message: `Not validated: kubectl cannot decode this document: ${why}.`, range, path: [], source: 'yaml' };
}

/** "Map keys must be unique", with the key and the line (1-based, in the file) where it was first set. */
function duplicateKeyFinding(doc: Document.Parsed, text: string, at: number, range: TextRange, line: number): Finding {
  let message = 'YAML syntax error: Map keys must be unique';
  yaml().visit(doc, {
    Map(_k, map: YAMLMap) {
      const keyAt = (p: { key: unknown }) => (p.key as ParsedNode | null)?.range?.[0];
      const i = map.items.findIndex((p) => keyAt(p) === at);
      if (i < 0) return undefined;
      const name = keySource(map.items[i].key);
      const first = map.items.slice(0, i).find((p) => keySource(p.key) === name);
      const firstAt = first ? keyAt(first) : undefined;
      if (name !== undefined && firstAt !== undefined) {
        message = `Duplicate key "${name}": already set on line ${line + countNewlines(text, firstAt) + 1}. kubectl keeps only the last value; delete one of them`;
      }
      return yaml().visit.BREAK;
    },
  });
  return { code: 'yaml/duplicate-key', severity: 'error', message, range, path: [], source: 'yaml' };
}

function keySource(key: unknown): string | undefined {
  if (key === null || key === undefined) return undefined;
  const v = (key as { value?: unknown }).value;
  return v === undefined ? undefined : typeof v === 'string' ? v : JSON.stringify(v);
}

function countNewlines(text: string, end: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
