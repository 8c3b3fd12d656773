/**
 * The value of a parsed `yaml` Document as kubectl decodes it (go.yaml.in/yaml/v2 into
 * `interface{}`, then sigs.k8s.io/yaml's conversion to JSON), instead of `doc.toJS()`:
 *
 * - plain scalars resolve by go-yaml v2's YAML 1.1 rules (goYamlScalars.ts); quoted and block
 *   scalars are strings; a `!!str` tag makes a string, other tags keep what `yaml` made of them;
 * - `<<` merge keys merge as go-yaml v2 does (decode.go `merge`): in document order into the same
 *   map, so a merged key replaces an earlier explicit one and a later explicit key replaces it;
 *   a sequence of maps merges back to front, so earlier maps win;
 * - duplicate keys: the last one wins (go-yaml v2 without strict mode);
 * - map keys become strings as sigs.k8s.io/yaml converts them; null, uint64 and collection keys,
 *   and NaN/Inf values, make kubectl fail, and so does this (KubectlDecodeError);
 * - aliases expand under go-yaml v2's own budget (decode.go `allowedAliasRatio`): once more than
 *   100 of over 1,000 decode steps came through aliases and their share exceeds the allowed ratio
 *   (99% up to 400,000 steps, falling to 10% at 4,000,000), decoding stops with "document contains
 *   excessive aliasing". That is what kubectl answers to a "billion laughs" document, and it bounds
 *   the work here the same way; an alias inside its own anchor fails as "anchor ... contains itself".
 */
import type { Alias, Document, Node, Scalar, YAMLMap } from 'yaml';
import { goMapKey, resolveGoScalar } from './goYamlScalars';
import { yaml } from './yamlPackage';

/** kubectl would refuse this document; `range` is chunk-relative ([start, end]) when known. */
export class KubectlDecodeError extends Error {
  constructor(
    message: string,
    readonly range?: [number, number],
  ) {
    super(message);
  }
}

const RATIO_LOW = 400_000;
const RATIO_HIGH = 4_000_000;

function allowedAliasRatio(decodeCount: number): number {
  if (decodeCount <= RATIO_LOW) return 0.99;
  if (decodeCount >= RATIO_HIGH) return 0.1;
  return 0.99 - 0.89 * ((decodeCount - RATIO_LOW) / (RATIO_HIGH - RATIO_LOW));
}

/** The document's value as kubectl decodes it; throws KubectlDecodeError where kubectl fails. */
export function kubectlValue(doc: Document.Parsed): unknown {
  ({ isAlias, isMap, isPair, isScalar, isSeq } = yaml());
  return new GoDecoder(doc).decode(doc.contents);
}

// Bound from the `yaml` package on first use (it is loaded lazily, see yamlPackage.ts).
let isAlias: typeof import('yaml').isAlias;
let isMap: typeof import('yaml').isMap;
let isPair: typeof import('yaml').isPair;
let isScalar: typeof import('yaml').isScalar;
let isSeq: typeof import('yaml').isSeq;
const PLAIN: Scalar.Type = 'PLAIN';

type Json = Record<string, unknown>;

const STR_TAGS = new Set(['tag:yaml.org,2002:str', '!!str']);
const MERGE_TAGS = new Set(['tag:yaml.org,2002:merge', '!!merge']);

class GoDecoder {
  decodeCount = 0;
  aliasCount = 0;
  private aliasDepth = 0;
  private readonly expanding = new Set<Alias>();
  /** Alias.resolve walks the document each time; an alias bomb resolves the same few aliases over and over. */
  private readonly targets = new Map<Alias, Node | undefined>();

  constructor(private readonly doc: Document.Parsed) {}

  private step(n: unknown): void {
    this.decodeCount++;
    if (this.aliasDepth > 0) this.aliasCount++;
    if (this.aliasCount > 100 && this.decodeCount > 1000 && this.aliasCount / this.decodeCount > allowedAliasRatio(this.decodeCount)) {
      throw new KubectlDecodeError(`document contains excessive aliasing (${this.aliasCount.toLocaleString('en-US')} of ${this.decodeCount.toLocaleString('en-US')} values decoded so far come from aliases)`, rangeOf(n));
    }
  }

  decode(n: unknown, into?: Json): unknown {
    this.step(n);
    if (n === null || n === undefined) return null;
    if (isAlias(n)) return this.alias(n, (target) => this.decode(target, into));
    if (isScalar(n)) return this.scalar(n);
    if (isMap(n)) return this.map(n, into ?? {});
    if (isSeq(n)) return n.items.map((item) => this.decode(item));
    return null;
  }

  private alias<T>(n: Alias, f: (target: Node) => T): T {
    if (this.expanding.has(n)) throw new KubectlDecodeError(`anchor '${n.source}' value contains itself`, rangeOf(n));
    const target = this.target(n);
    if (!target) throw new KubectlDecodeError(`unknown anchor '${n.source}' referenced`, rangeOf(n));
    this.expanding.add(n);
    this.aliasDepth++;
    try {
      return f(target);
    } finally {
      this.aliasDepth--;
      this.expanding.delete(n);
    }
  }

  private target(n: Alias): Node | undefined {
    if (!this.targets.has(n)) this.targets.set(n, n.resolve(this.doc));
    return this.targets.get(n);
  }

  private scalar(n: Scalar): unknown {
    const tag = n.tag;
    if (n.type === PLAIN && !tag) {
      const s = resolveGoScalar(sourceText(n));
      if (s.kind === 'float' && !Number.isFinite(s.value)) {
        throw new KubectlDecodeError(`json: unsupported value: ${Number.isNaN(s.value) ? 'NaN' : s.value > 0 ? '+Inf' : '-Inf'}`, rangeOf(n));
      }
      return s.kind === 'int' || s.kind === 'uint' ? Number(s.value) : s.value;
    }
    if (tag && STR_TAGS.has(tag)) return sourceText(n);
    if (n.value instanceof Uint8Array) {
      // !!binary: go-yaml decodes the base64 into a Go string, which JSON carries as UTF-8.
      return new TextDecoder().decode(n.value);
    }
    if (tag && !tag.startsWith('tag:yaml.org,2002:') && !tag.startsWith('!!')) {
      // A local tag (`!Ref`): go-yaml cannot resolve it and keeps the text.
      return sourceText(n);
    }
    if (typeof n.value === 'number' && !Number.isFinite(n.value)) throw new KubectlDecodeError('json: unsupported value: NaN/Inf', rangeOf(n));
    return n.value;
  }

  private map(n: YAMLMap, out: Json): Json {
    for (const pair of n.items) {
      if (!isPair(pair)) continue;
      if (isMergeKey(pair.key)) {
        this.merge(pair.value, out);
        continue;
      }
      const key = this.key(pair.key);
      set(out, key, this.decode(pair.value));
    }
    return out;
  }

  private merge(v: unknown, out: Json): void {
    const wantMap = () => new KubectlDecodeError('map merge requires map or sequence of maps as the value', rangeOf(v));
    if (isMap(v)) {
      this.decode(v, out);
    } else if (isAlias(v)) {
      if (!isMap(this.target(v))) throw wantMap();
      this.decode(v, out);
    } else if (isSeq(v)) {
      for (let i = v.items.length - 1; i >= 0; i--) {
        const item = v.items[i];
        if (isAlias(item) ? !isMap(this.target(item)) : !isMap(item)) throw wantMap();
        this.decode(item, out);
      }
    } else throw wantMap();
  }

  private key(k: unknown): string {
    this.step(k);
    if (isAlias(k)) return this.alias(k, (target) => this.key(target));
    if (isScalar(k)) {
      const plain = k.type === PLAIN && !k.tag;
      if (!plain && typeof k.value === 'string') return k.value;
      if (!plain && k.tag && STR_TAGS.has(k.tag)) return sourceText(k);
      const r = goMapKey(plain ? resolveGoScalar(sourceText(k)) : fromJs(k.value));
      if ('error' in r) throw new KubectlDecodeError(r.error, rangeOf(k));
      return r.key;
    }
    if (k === null || k === undefined) throw new KubectlDecodeError('unsupported map key of type: <nil>', undefined);
    throw new KubectlDecodeError('invalid map key: a mapping or sequence cannot be a key', rangeOf(k));
  }
}

function fromJs(v: unknown): Parameters<typeof goMapKey>[0] {
  if (v === null || v === undefined) return { kind: 'null', value: null };
  if (typeof v === 'boolean') return { kind: 'bool', value: v };
  if (typeof v === 'number') return Number.isInteger(v) ? { kind: 'int', value: BigInt(v) } : { kind: 'float', value: v };
  if (typeof v === 'bigint') return { kind: 'int', value: v };
  return { kind: 'str', value: typeof v === 'string' ? v : JSON.stringify(v) };
}

/** A scalar's text as written (after folding), which go-yaml resolves; parsed scalars always carry it. */
function sourceText(n: Scalar): string {
  return typeof n.source === 'string' ? n.source : typeof n.value === 'string' ? n.value : '';
}

function isMergeKey(k: unknown): boolean {
  if (!isScalar(k)) return false;
  if (k.tag) return MERGE_TAGS.has(k.tag);
  return k.type === PLAIN && k.source === '<<';
}

function set(out: Json, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(out, key, { value, writable: true, enumerable: true, configurable: true });
  else out[key] = value;
}

function rangeOf(n: unknown): [number, number] | undefined {
  const r = (n as { range?: [number, number, number] } | null)?.range;
  return r ? [r[0], r[1]] : undefined;
}
