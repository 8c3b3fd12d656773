/**
 * Seeded mutations of valid manifests for the schema oracle (issue 9 §5 "Schema",
 * test/integration/upstream/schemaOracle.test.ts): each mutation changes one thing in one document
 * (a typo'd key at some depth, a wrong type, a null, an int-or-string value, an enum value, a
 * format, a duplicate in a list-map, an unknown field under preserve-unknown-fields, a metadata
 * typo, a YAML 1.1 scalar such as `yes`/`on`/`0755`, a removed required field, a bound) and is
 * written back as YAML text. Pure and deterministic: the same bases and seed give the same texts.
 *
 * The text is emitted with the `yaml` package under its YAML 1.1 schema, so every string that
 * go-yaml v2 (kubectl's decoder) would read as something else stays quoted; the YAML 1.1 mutations
 * then put their raw scalar in on purpose, through a placeholder replaced after stringifying.
 *
 * Nothing here says whether a mutation is valid: the API server judges, the validator is compared.
 */
import { stringify } from 'yaml';
import { childSchema, type SchemaNode } from '../../../src/core/schema/catalog';

export type Path = (string | number)[];

export const MUTATION_OPS = ['typo-key', 'unknown-key', 'wrong-type', 'null', 'remove-required', 'int-or-string', 'enum', 'format', 'list-map-duplicate', 'preserve-unknown', 'metadata-typo', 'yaml11-scalar', 'bounds'] as const;
export type MutationOp = (typeof MUTATION_OPS)[number];

export interface MutationBase {
  /** Stable id of the base document (the corpus file and document index). */
  id: string;
  /** The document's value as kubectl decodes it. */
  value: Record<string, unknown>;
  /** Its kind's root schema with metadata as ObjectMeta (validateValue.ts withObjectMeta). */
  schema: SchemaNode;
}

export interface Mutation {
  /** `<base id>#<n>`: unique, stable for a seed. */
  id: string;
  base: string;
  op: MutationOp;
  /** The field the mutation touched. */
  path: Path;
  /** What was done, for the report. */
  description: string;
  text: string;
}

/** mulberry32: a small seeded PRNG (deterministic across Node versions). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Site {
  path: Path;
  value: unknown;
  /** The schema node of this value (undefined past the schema, e.g. under preserve-unknown-fields). */
  schema: SchemaNode | undefined;
  /** The value sits in a subtree the CRD leaves open (x-kubernetes-preserve-unknown-fields). */
  open: boolean;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every value of the document with its schema, depth first, document order. */
export function sites(value: unknown, schema: SchemaNode | undefined): Site[] {
  const out: Site[] = [];
  const visit = (v: unknown, s: SchemaNode | undefined, path: Path, open: boolean) => {
    out.push({ path: path.slice(), value: v, schema: s, open });
    const eff = s?.decoded?.schema ?? s;
    // Open as the CRD says (the API server's view), even where the validator decodes a core type.
    const nowOpen = open || !s || s['x-kubernetes-preserve-unknown-fields'] === true;
    if (Array.isArray(v)) v.forEach((item, i) => visit(item, eff ? childSchema(eff, i) : undefined, [...path, i], nowOpen));
    else if (isRecord(v)) for (const [k, child] of Object.entries(v)) visit(child, eff ? childSchema(eff, k) : undefined, [...path, k], nowOpen);
  };
  visit(value, schema, [], false);
  // apiVersion and kind stay: without them neither kubectl nor the validator can tell what the document is.
  return out.filter((s) => !(s.path.length === 1 && (s.path[0] === 'apiVersion' || s.path[0] === 'kind')));
}

/** A typo of a key: swapped, dropped, doubled or re-cased letters; never the key itself or a sibling. */
export function typo(key: string, rnd: () => number, taken: ReadonlySet<string>): string | undefined {
  for (let attempt = 0; attempt < 8; attempt++) {
    const kind = Math.floor(rnd() * 4);
    let out: string;
    if (kind === 0 && key.length >= 2) {
      const i = Math.floor(rnd() * (key.length - 1));
      out = key.slice(0, i) + key[i + 1] + key[i] + key.slice(i + 2);
    } else if (kind === 1 && key.length >= 3) {
      const i = Math.floor(rnd() * key.length);
      out = key.slice(0, i) + key.slice(i + 1);
    } else if (kind === 2) {
      const i = Math.floor(rnd() * key.length);
      out = key.slice(0, i + 1) + key[i] + key.slice(i + 1);
    } else {
      const i = Math.floor(rnd() * key.length);
      const c = key[i];
      out = key.slice(0, i) + (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()) + key.slice(i + 1);
    }
    if (out !== key && out.length > 0 && !taken.has(out)) return out;
  }
  return undefined;
}

const RAW = (n: number) => `__ORACLE_RAW_${n}__`;

/** Scalars YAML 1.1 (go-yaml v2, kubectl) reads differently from YAML 1.2, written unquoted. */
export const YAML11_SCALARS = ['yes', 'no', 'on', 'off', 'y', 'n', 'Yes', 'OFF', '0755', '0x1F', '0b101', '1_000', '+12', '~', 'Null', '.inf', '-.Inf', '.nan', '1e3', '2.50', '12:30', '2024-01-02', '2024-01-02T10:00:00Z', '0o17'];

interface Edit {
  op: MutationOp;
  path: Path;
  description: string;
  /** Applies the edit to a deep copy of the document; returns raw scalars to splice in. */
  apply(doc: Record<string, unknown>): void;
  raw?: string;
}

function getParent(doc: unknown, path: Path): { parent: any; key: string | number } {
  let cur: any = doc;
  for (const seg of path.slice(0, -1)) cur = cur[seg];
  return { parent: cur, key: path[path.length - 1] };
}

/** Replaces the key at `path` by `to`, keeping the key order. */
function renameKey(doc: unknown, path: Path, to: string): void {
  const { parent, key } = getParent(doc, path);
  const entries = Object.entries(parent as Record<string, unknown>);
  for (const k of Object.keys(parent)) delete parent[k];
  for (const [k, v] of entries) parent[k === key ? to : k] = v;
}

function setAt(doc: unknown, path: Path, value: unknown): void {
  const { parent, key } = getParent(doc, path);
  parent[key] = value;
}

function deleteAt(doc: unknown, path: Path): void {
  const { parent, key } = getParent(doc, path);
  if (Array.isArray(parent)) parent.splice(key as number, 1);
  else delete parent[key];
}

const effective = (s: SchemaNode | undefined) => s?.decoded?.schema ?? s;
const last = (p: Path) => p[p.length - 1];
const pick = <T>(rnd: () => number, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];

/** Values of other types than the schema wants (or than the value has, past the schema). */
function wrongTypedValues(s: SchemaNode | undefined, v: unknown): unknown[] {
  const type = effective(s)?.type ?? (Array.isArray(v) ? 'array' : isRecord(v) ? 'object' : typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeof v);
  const all: Record<string, unknown[]> = {
    string: [42, true, ['x'], { a: 'b' }, 1.5],
    integer: ['7', 1.5, true, [1], { n: 1 }, '25%'],
    number: ['1.5', true, [1]],
    boolean: ['true', 1, 'yes', [true]],
    array: ['x', 3, { a: 1 }, true],
    object: ['x', 3, ['a'], false],
  };
  return all[type as string] ?? ['x', 3];
}

/** The candidate edits of one kind for a document (each applies to a fresh copy). */
function candidates(op: MutationOp, doc: Record<string, unknown>, all: Site[], rnd: () => number): Edit[] {
  const out: Edit[] = [];
  const keyed = all.filter((s) => s.path.length > 0 && typeof last(s.path) === 'string');
  const scalars = all.filter((s) => s.path.length > 0 && !isRecord(s.value) && !Array.isArray(s.value));
  switch (op) {
    case 'typo-key':
    case 'metadata-typo': {
      // apiVersion and kind stay: without them kubectl cannot even tell what the document is.
      const pool = keyed.filter((s) => (op === 'metadata-typo' ? s.path[0] === 'metadata' : s.path[0] !== 'metadata' && !(s.path.length === 1 && (s.path[0] === 'apiVersion' || s.path[0] === 'kind'))));
      for (const s of pool) {
        const parent = getParent(doc, s.path).parent as Record<string, unknown>;
        const to = typo(String(last(s.path)), rnd, new Set(Object.keys(parent)));
        if (to) out.push({ op, path: s.path, description: `key "${String(last(s.path))}" → "${to}" (depth ${s.path.length})`, apply: (d) => renameKey(d, s.path, to) });
      }
      if (op === 'metadata-typo') {
        for (const [from, to] of [
          ['labels', 'lables'],
          ['namespace', 'namspace'],
          ['annotations', 'annotation'],
          ['name', 'nmae'],
        ] as const) {
          if (isRecord(doc.metadata) && from in doc.metadata) out.push({ op, path: ['metadata', from], description: `metadata.${from} → ${to}`, apply: (d) => renameKey(d, ['metadata', from], to) });
        }
        if (isRecord(doc.metadata)) {
          out.push({ op, path: ['metadata', 'labels', 'tier'], description: 'label value 3 (an integer)', apply: (d) => ((d.metadata as any).labels = { ...((d.metadata as any).labels ?? {}), tier: 3 }) });
          out.push({ op, path: ['metadata', 'annotations', 'note'], description: 'annotation value true (a boolean)', apply: (d) => ((d.metadata as any).annotations = { ...((d.metadata as any).annotations ?? {}), note: true }) });
          out.push({ op, path: ['metadata', 'finalizers'], description: 'finalizers as a string', apply: (d) => ((d.metadata as any).finalizers = 'example.com/x') });
          out.push({ op, path: ['metadata', 'labels'], description: 'labels as a list', apply: (d) => ((d.metadata as any).labels = ['app']) });
        }
      }
      break;
    }
    case 'unknown-key':
    case 'preserve-unknown': {
      const objects = all.filter((s) => isRecord(s.value) && (op === 'preserve-unknown' ? s.open || s.schema?.['x-kubernetes-preserve-unknown-fields'] === true : !s.open));
      for (const s of objects) {
        const name = pick(rnd, ['extraField', 'fooBar', 'x', 'enabled']);
        if (name in (s.value as object)) continue;
        const p = [...s.path, name];
        out.push({ op, path: p, description: `new key "${name}" under ${s.path.join('.') || '(root)'}`, apply: (d) => (s.path.length ? (getParent(d, p).parent[name] = 1) : ((d as any)[name] = 1)) });
      }
      break;
    }
    case 'wrong-type':
      for (const s of all.filter((x) => x.path.length > 0 && !x.open)) {
        const v = pick(rnd, wrongTypedValues(s.schema, s.value));
        out.push({ op, path: s.path, description: `${JSON.stringify(v)} where ${effective(s.schema)?.type ?? typeof s.value} is expected`, apply: (d) => setAt(d, s.path, structuredClone(v)) });
      }
      break;
    case 'null':
      for (const s of all.filter((x) => x.path.length > 0)) out.push({ op, path: s.path, description: 'null', apply: (d) => setAt(d, s.path, null) });
      break;
    case 'remove-required':
      for (const s of all.filter((x) => isRecord(x.value) && effective(x.schema)?.required?.length)) {
        for (const r of effective(s.schema)!.required!) {
          if (!(r in (s.value as object))) continue;
          const p = [...s.path, r];
          out.push({ op, path: p, description: `required "${r}" removed`, apply: (d) => deleteAt(d, p) });
        }
      }
      break;
    case 'int-or-string': {
      const pool = all.filter((s) => effective(s.schema)?.['x-kubernetes-int-or-string']);
      for (const s of pool) for (const v of [25, '25%', 'abc', 2.5, true, -1, '', '0']) out.push({ op, path: s.path, description: `int-or-string ${JSON.stringify(v)}`, apply: (d) => setAt(d, s.path, v) });
      break;
    }
    case 'enum':
      for (const s of all.filter((x) => effective(x.schema)?.enum)) {
        const e = effective(s.schema)!.enum!;
        const str = e.find((x): x is string => typeof x === 'string');
        const vs: unknown[] = ['NotAnEnumValue', ...(str ? [str.toLowerCase() === str ? str.toUpperCase() : str.toLowerCase(), ` ${str}`] : [])];
        for (const v of vs) if (!e.includes(v)) out.push({ op, path: s.path, description: `enum ${JSON.stringify(v)}`, apply: (d) => setAt(d, s.path, v) });
      }
      break;
    case 'format':
      for (const s of all.filter((x) => effective(x.schema)?.format || effective(x.schema)?.pattern)) {
        const f = effective(s.schema)!;
        const vs: unknown[] =
          f.format === 'date-time'
            ? ['2024-13-01T00:00:00Z', 'yesterday', '2024-01-02T10:00:00Z', '2024-01-02']
            : f.format === 'quantity'
              ? ['1.5Gi', '100m', '12XB', '-1', '1e3', 'one']
              : f.pattern
                ? ['not valid!', '', '1s', '10', '5m', 'x']
                : ['x', '123'];
        for (const v of vs) out.push({ op, path: s.path, description: `${f.format ?? `pattern ${f.pattern}`}: ${JSON.stringify(v)}`, apply: (d) => setAt(d, s.path, v) });
      }
      // Quantities live in resources (embedded core types): give a container resources to vary.
      for (const s of all.filter((x) => isRecord(x.value) && isRecord(effective(x.schema)?.properties?.resources) && 'image' in (x.value as object))) {
        const p = [...s.path, 'resources'];
        for (const q of ['250m', '1.5Gi', '12XB', 'lots', 2, '1e3', '+1']) out.push({ op, path: [...p, 'limits', 'cpu'], description: `resources.limits.cpu ${JSON.stringify(q)}`, apply: (d) => setAt(d, p, { limits: { cpu: q } }) });
      }
      break;
    case 'list-map-duplicate':
      for (const s of all.filter((x) => Array.isArray(x.value) && (x.value as unknown[]).length > 0)) {
        const lt = effective(s.schema)?.['x-kubernetes-list-type'];
        const keys = effective(s.schema)?.['x-kubernetes-list-map-keys'];
        const arr = s.value as unknown[];
        out.push({
          op,
          path: [...s.path, arr.length],
          description: `duplicate of item 0 appended (list-type ${lt ?? 'none'}${keys ? `, keys ${keys.join(',')}` : ''})`,
          apply: (d) => setAt(d, s.path, [...(getParent(d, [...s.path, 0]).parent as unknown[]), structuredClone(arr[0])]),
        });
      }
      // Ports are a list-map keyed by containerPort + protocol (protocol defaults to TCP).
      for (const s of all.filter((x) => isRecord(x.value) && 'image' in (x.value as object) && isRecord(effective(x.schema)?.properties?.ports))) {
        const p = [...s.path, 'ports'];
        const variants: [string, unknown][] = [
          ['same containerPort twice', [{ containerPort: 8080 }, { containerPort: 8080, name: 'b' }]],
          ['containerPort twice, protocol TCP explicit on one', [{ containerPort: 8080 }, { containerPort: 8080, protocol: 'TCP' }]],
          [
            'containerPort twice, TCP and UDP',
            [
              { containerPort: 53, protocol: 'TCP' },
              { containerPort: 53, protocol: 'UDP' },
            ],
          ],
        ];
        for (const [desc, v] of variants) out.push({ op, path: [...p, 1], description: `ports: ${desc}`, apply: (d) => setAt(d, p, structuredClone(v)) });
      }
      for (const s of all.filter((x) => isRecord(x.value) && 'image' in (x.value as object) && isRecord(effective(x.schema)?.properties?.env))) {
        const p = [...s.path, 'env'];
        out.push({
          op,
          path: [...p, 1],
          description: 'env: the same name twice',
          apply: (d) =>
            setAt(d, p, [
              { name: 'A', value: '1' },
              { name: 'A', value: '2' },
            ]),
        });
      }
      break;
    case 'yaml11-scalar':
      for (const s of scalars.filter((x) => !x.open || typeof x.value === 'string')) {
        const raw = pick(rnd, YAML11_SCALARS);
        out.push({ op, path: s.path, description: `unquoted ${raw} (YAML 1.1)`, raw, apply: (d) => setAt(d, s.path, RAW(0)) });
      }
      for (const s of all.filter((x) => isRecord(x.value) && effective(x.schema)?.additionalProperties && typeof effective(x.schema)?.additionalProperties === 'object')) {
        const raw = pick(rnd, ['yes', 'on', '0755', 'no']);
        const p = [...s.path, 'flag'];
        out.push({ op, path: p, description: `map value unquoted ${raw} (YAML 1.1)`, raw, apply: (d) => (getParent(d, p).parent.flag = RAW(0)) });
      }
      break;
    case 'bounds':
      for (const s of all.filter((x) => !x.open && effective(x.schema) && ['integer', 'number', 'array', 'string'].includes(effective(x.schema)!.type as string))) {
        const f = effective(s.schema)!;
        if (f.minimum !== undefined) out.push({ op, path: s.path, description: `below minimum ${f.minimum}`, apply: (d) => setAt(d, s.path, f.minimum! - 1) });
        if (f.maximum !== undefined) out.push({ op, path: s.path, description: `above maximum ${f.maximum}`, apply: (d) => setAt(d, s.path, f.maximum! + 1) });
        if (f.type === 'integer' && f.minimum === undefined) out.push({ op, path: s.path, description: 'a negative integer', apply: (d) => setAt(d, s.path, -5) });
        if (f.type === 'integer') out.push({ op, path: s.path, description: 'an integer beyond int32', apply: (d) => setAt(d, s.path, 3_000_000_000) });
        if (f.type === 'array' && Array.isArray(s.value)) out.push({ op, path: s.path, description: 'an empty list', apply: (d) => setAt(d, s.path, []) });
        if (f.type === 'string' && (f.minLength !== undefined || f.maxLength !== undefined)) out.push({ op, path: s.path, description: 'an empty string', apply: (d) => setAt(d, s.path, '') });
      }
      break;
  }
  return out;
}

/** The document as YAML text, YAML 1.1-safe (strings that would resolve otherwise are quoted), raw scalars spliced in. */
export function emit(doc: unknown, raw?: string): string {
  const text = stringify(doc, { version: '1.1', lineWidth: 0, aliasDuplicateObjects: false });
  return raw === undefined ? text : text.replace(RAW(0), raw);
}

/**
 * `count` mutations over `bases`, round robin over the operators (so each kind is represented even
 * when few documents offer it), each on a base chosen by the seeded PRNG; an operator with nothing
 * to mutate in the chosen base tries the next bases. No two mutations produce the same text.
 */
export function generateMutations(bases: readonly MutationBase[], count: number, seed: number): Mutation[] {
  if (bases.length === 0) throw new Error('generateMutations: no base documents');
  const rnd = seededRandom(seed);
  const siteCache = new Map<string, Site[]>();
  const editCache = new Map<string, Edit[]>();
  const tried = new Set<string>();
  const out: Mutation[] = [];
  const seen = new Set<string>(bases.map((b) => emit(b.value)));
  let stalled = 0;
  for (let n = 0; out.length < count; n++) {
    const op = MUTATION_OPS[n % MUTATION_OPS.length];
    const start = Math.floor(rnd() * bases.length);
    let made = false;
    for (let k = 0; k < bases.length && !made; k++) {
      const base = bases[(start + k) % bases.length];
      let all = siteCache.get(base.id);
      if (!all) siteCache.set(base.id, (all = sites(base.value, base.schema)));
      const cacheKey = `${op}\u0000${base.id}`;
      let edits = editCache.get(cacheKey);
      if (!edits) editCache.set(cacheKey, (edits = candidates(op, base.value, all, rnd)));
      if (edits.length === 0) continue;
      // Typos are spread over depths: pick a depth first, then a key at that depth.
      let pool = edits;
      if (op === 'typo-key') {
        const depths = [...new Set(edits.map((e) => e.path.length))];
        const depth = pick(rnd, depths);
        pool = edits.filter((e) => e.path.length === depth);
      }
      for (let tries = 0; tries < 4 && !made; tries++) {
        const edit = pick(rnd, pool);
        const key = `${base.id}\u0000${op}\u0000${JSON.stringify(edit.path)}\u0000${edit.description}`;
        if (tried.has(key)) continue;
        tried.add(key);
        const copy = structuredClone(base.value);
        edit.apply(copy);
        const text = emit(copy, edit.raw);
        if (seen.has(text)) continue;
        seen.add(text);
        out.push({ id: `${base.id}#${out.length}`, base: base.id, op, path: edit.path, description: edit.description, text });
        made = true;
      }
    }
    stalled = made ? 0 : stalled + 1;
    if (stalled > MUTATION_OPS.length * 3) throw new Error(`generateMutations: only ${out.length} distinct mutations of ${bases.length} bases (asked ${count})`);
  }
  return out;
}
