/**
 * Validates a document's plain value against a CRD schema the way the Kubernetes API server does
 * with kubectl's default Strict field validation (kubernetes/enhancements KEP-2885; kubernetes/website
 * `content/en/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions.md`,
 * "Field pruning"). A hand-written walk rather
 * than ajv, because most of what matters here is not JSON Schema:
 * - objects with `properties` (or a bare `type: object`) are closed: an unknown key is an error,
 *   except under `x-kubernetes-preserve-unknown-fields` (structural pruning + Strict, KEP-2885);
 * - a `null` for a declared property is pruned before validation (no `nullable` in these CRDs), so
 *   it counts as absent, also for `required`; unknown keys stay errors whatever their value;
 * - `x-kubernetes-int-or-string` means integer or string, with or without `anyOf` (Flagger's
 *   targetPort has neither `anyOf` nor `type`);
 * - formats the server does not know (int32, int64, string, url) are ignored, date-time is checked;
 * - `x-kubernetes-list-type: map|set` lists must not repeat a key / an element, after defaulting
 *   (a port without `protocol` is TCP);
 * - CEL rules we can evaluate (celRules.ts).
 * The standard keywords (type, enum, pattern, required, oneOf exactly-one, anyOf, not, bounds) are
 * checked here too; measuring showed one walk over the value beats ajv + a second Kubernetes walk
 * (see test/bench/validation.ts), and problems come out already at the innermost path.
 *
 * Work is bounded: the walk follows the schema, which is finite and not recursive, and stops after
 * MAX_PROBLEMS problems per document.
 */
import type { FixHint } from '../findings';
import { formatPath } from '../findings';
import type { SchemaNode } from './catalog';
import { failedCelRules } from './celRules';
import { decodeNote, type EmbeddedPosition } from './embeddedCore';
import { quantityError } from './quantity';
import { closestName, describeValue, formatProblem, patternRegExp, placeholderFor, quote, typeLabel } from './schemaText';

export type PathSegment = string | number;

export interface SchemaProblem {
  /** Stable code: schema/unknown-field, schema/required, schema/type, ... */
  code: string;
  /** The offending field (for a missing field: the path it should have). */
  path: PathSegment[];
  /** Where the finding goes: the key or the value of this path (a missing field → its parent's key). */
  anchor: { path: PathSegment[]; at: 'key' | 'value' };
  message: string;
  fixes?: FixHint[];
}

export const MAX_PROBLEMS = 200;

const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

class Walk {
  readonly problems: SchemaProblem[] = [];
  /** Only unknown fields count (a `status` the API server drops before validating, see below). */
  unknownOnly = false;
  /** Inside an embedded core type the CRD leaves unchecked: problems say what the controller does. */
  private decoding: EmbeddedPosition | undefined;
  constructor(private readonly kindLabel: string) {}

  full(): boolean {
    return this.problems.length >= MAX_PROBLEMS;
  }

  add(code: string, path: PathSegment[], at: 'key' | 'value', message: string, fixes?: FixHint[], anchorPath?: PathSegment[]): void {
    if (this.full() || (this.unknownOnly && code !== 'schema/unknown-field')) return;
    const p = path.slice();
    if (this.decoding) message = `${message}. ${decodeNote(code, this.decoding, this.kindLabel)}`;
    this.problems.push({ code, path: p, anchor: { path: anchorPath ? anchorPath.slice() : p, at }, message, ...(fixes ? { fixes } : {}) });
  }

  check(v: unknown, s: SchemaNode, path: PathSegment[]): void {
    if (this.full()) return;
    if (s.decoded && !this.decoding) {
      this.decoding = s.decoded.position;
      this.check(v, s.decoded.schema, path);
      this.decoding = undefined;
      return;
    }
    if (s.format === 'quantity') {
      const error = quantityError(v);
      if (error) this.add('schema/quantity', path, 'value', `${formatPath(path)}: ${describeValue(v)}: ${error}`);
      return;
    }
    const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
    if (preserve && !s.type && !s.properties && !s.items && !s.additionalProperties) return;
    if (s['x-kubernetes-int-or-string']) {
      if (typeof v === 'string') this.checkString(v, s, path);
      else if (!(typeof v === 'number' && Number.isInteger(v))) this.typeProblem(v, s, path);
      return;
    }
    if (s.type && !typeMatches(v, s.type)) {
      this.typeProblem(v, s, path);
      return;
    }
    if (s.enum && !s.enum.includes(v)) {
      const allowed = s.enum.map((e) => JSON.stringify(e)).join(', ');
      this.add('schema/enum', path, 'value', `${formatPath(path)}: ${describeValue(v)} is not allowed; expected one of ${allowed}`);
    }
    if (typeof v === 'string') this.checkString(v, s, path);
    else if (typeof v === 'number') this.checkNumber(v, s, path);
    else if (Array.isArray(v)) this.checkArray(v, s, path);
    else if (isRecord(v)) this.checkObject(v, s, path, preserve);
    if (s.oneOf || s.anyOf || s.allOf || s.not) this.checkCombinators(v, s, path);
  }

  private typeProblem(v: unknown, s: SchemaNode, path: PathSegment[]): void {
    this.add('schema/type', path, 'value', `${formatPath(path) || this.kindLabel}: expected ${typeLabel(s)}, got ${describeValue(v)}`);
  }

  private checkString(v: string, s: SchemaNode, path: PathSegment[]): void {
    if (s.pattern) {
      const re = patternRegExp(s.pattern);
      if (re && !re.test(v)) this.add('schema/pattern', path, 'value', `${formatPath(path)}: ${quote(v)} does not match the pattern ${s.pattern}`);
    }
    if (s.format) {
      const expected = formatProblem(s.format, v);
      if (expected) this.add('schema/format', path, 'value', `${formatPath(path)}: ${quote(v)} is not ${expected}`);
    }
    if (s.minLength !== undefined && [...v].length < s.minLength) {
      this.add('schema/min-length', path, 'value', `${formatPath(path)}: must be at least ${s.minLength} characters long`);
    }
    if (s.maxLength !== undefined && [...v].length > s.maxLength) {
      this.add('schema/max-length', path, 'value', `${formatPath(path)}: must be at most ${s.maxLength} characters long`);
    }
  }

  private checkNumber(v: number, s: SchemaNode, path: PathSegment[]): void {
    if (s.minimum !== undefined && v < s.minimum) this.add('schema/minimum', path, 'value', `${formatPath(path)}: must be at least ${s.minimum}, got ${v}`);
    if (s.maximum !== undefined && v > s.maximum) this.add('schema/maximum', path, 'value', `${formatPath(path)}: must be at most ${s.maximum}, got ${v}`);
  }

  private checkArray(v: unknown[], s: SchemaNode, path: PathSegment[]): void {
    if (s.maxItems !== undefined && v.length > s.maxItems) this.add('schema/max-items', path, 'value', `${formatPath(path)}: at most ${s.maxItems} items allowed, found ${v.length}`);
    if (s.minItems !== undefined && v.length < s.minItems) this.add('schema/min-items', path, 'value', `${formatPath(path)}: at least ${s.minItems} items required, found ${v.length}`);
    const items = s.items;
    if (items) {
      for (let i = 0; i < v.length && !this.full(); i++) {
        path.push(i);
        this.check(v[i], items, path);
        path.pop();
      }
    }
    const listType = s['x-kubernetes-list-type'];
    if (listType === 'map') this.checkListMap(v, s, path);
    else if (listType === 'set') this.checkListSet(v, path);
  }

  /** [K8S-LISTTYPE] validateListMap: key tuples must be unique once defaults are applied. */
  private checkListMap(v: unknown[], s: SchemaNode, path: PathSegment[]): void {
    const keys = s['x-kubernetes-list-map-keys'];
    if (!keys || keys.length === 0) return;
    const itemProps = s.items?.properties ?? {};
    const seen = new Map<string, number>();
    for (let i = 0; i < v.length; i++) {
      const item = v[i];
      if (!isRecord(item)) continue;
      const tuple = keys.map((k) => (item[k] === undefined || item[k] === null ? itemProps[k]?.default : item[k]));
      if (tuple.some((t) => t === undefined)) continue;
      const signature = JSON.stringify(tuple);
      const first = seen.get(signature);
      if (first === undefined) {
        seen.set(signature, i);
        continue;
      }
      const described = keys.map((k, j) => `${k}=${JSON.stringify(tuple[j])}`).join(', ');
      const anchorKey = keys.find((k) => item[k] !== undefined && item[k] !== null);
      const at = [...path, i, ...(anchorKey ? [anchorKey] : [])];
      this.add('schema/duplicate-list-key', at, 'value', `${formatPath([...path, i])}: duplicate entry with ${described} (already at ${formatPath([...path, first])})`);
    }
  }

  private checkListSet(v: unknown[], path: PathSegment[]): void {
    const seen = new Map<string, number>();
    for (let i = 0; i < v.length; i++) {
      const signature = JSON.stringify(v[i]);
      const first = seen.get(signature);
      if (first === undefined) seen.set(signature, i);
      else this.add('schema/duplicate-list-key', [...path, i], 'value', `${formatPath([...path, i])}: duplicate value ${signature} (already at ${formatPath([...path, first])})`);
    }
  }

  private checkObject(v: Record<string, unknown>, s: SchemaNode, path: PathSegment[], preserve: boolean): void {
    const props = s.properties;
    const addl = s.additionalProperties;
    const closed = !preserve && addl === undefined && (props !== undefined || s.type === 'object');
    for (const key in v) {
      if (this.full()) return;
      const val = v[key];
      path.push(key);
      if (props && hasOwn(props, key)) {
        if (val !== null) this.check(val, props[key], path);
      } else if (addl && typeof addl === 'object') {
        // A null map value is pruned like a null property (no `nullable` here): `app: null` under
        // matchLabels is accepted by the API server (the schema oracle, test/upstream/oracle).
        if (val !== null) this.check(val, addl, path);
      } else if (closed) {
        this.unknownField(key, props, path);
      }
      path.pop();
    }
    if (s.required) {
      for (const r of s.required) {
        const present = v[r] !== undefined && v[r] !== null;
        if (present || (props && props[r]?.default !== undefined)) continue;
        const expected = props?.[r];
        const where = formatPath(path) || this.kindLabel;
        const expectation = expected ? ` (${typeLabel(expected)})` : '';
        this.add('schema/required', [...path, r], 'key', `${where}: missing required field "${r}"${expectation}`, [{ kind: 'insertKey', key: r, placeholder: placeholderFor(expected) }], path);
      }
    }
    if (s['x-kubernetes-validations']) {
      for (const f of failedCelRules(v, s)) this.add('schema/cel', path, 'key', `${formatPath(path)}: ${f.message}`);
    }
  }

  private unknownField(key: string, props: Record<string, SchemaNode> | undefined, path: PathSegment[]): void {
    const siblings = props ? Object.keys(props) : [];
    const parent = formatPath(path.slice(0, -1)) || this.kindLabel;
    const suggestion = closestName(key, siblings);
    const fixes: FixHint[] = [];
    let message = `${formatPath(path)}: unknown field "${key}" in ${parent}`;
    if (suggestion) {
      message += `; did you mean \`${suggestion}\`?`;
      fixes.push({ kind: 'replaceKey', with: suggestion });
    } else if (siblings.length === 0) {
      message += ' (no fields are allowed here)';
    } else {
      const shown = siblings.slice(0, 12).join(', ');
      message += ` (expected one of: ${shown}${siblings.length > 12 ? ', ...' : ''})`;
    }
    fixes.push({ kind: 'removeKey', key });
    this.add('schema/unknown-field', path, 'key', message, fixes);
  }

  /** Branches are evaluated on the side; oneOf is exactly-one, as kube-openapi counts valid alternatives. */
  private checkCombinators(v: unknown, s: SchemaNode, path: PathSegment[]): void {
    const passes = (b: SchemaNode) => {
      const side = new Walk(this.kindLabel);
      side.check(v, b, path.slice());
      return side.problems.length === 0;
    };
    if (s.oneOf) {
      const matching = s.oneOf.filter(passes).length;
      if (matching !== 1) {
        const alternatives = s.oneOf.map(describeBranch).join(' | ');
        const found = matching === 0 ? 'none matches' : `${matching} match`;
        this.add('schema/one-of', path, 'key', `${formatPath(path)}: must match exactly one of ${alternatives}; ${found}`);
      }
    }
    if (s.anyOf && !s.anyOf.some(passes)) {
      this.add('schema/any-of', path, 'key', `${formatPath(path)}: must match at least one of ${s.anyOf.map(describeBranch).join(' | ')}`);
    }
    if (s.allOf) for (const b of s.allOf) this.check(v, b, path);
    if (s.not && passes(s.not)) this.add('schema/not', path, 'key', `${formatPath(path)}: must not match ${describeBranch(s.not)}`);
  }
}

/** "{interval, threshold, iterations}" for a required-only branch; "not any of ..." for Flagger's StringMatch. */
function describeBranch(b: SchemaNode): string {
  if (b.not?.anyOf) return `{none of ${b.not.anyOf.map(describeBranch).join(', ')}}`;
  if (b.required && !b.properties && !b.type) return b.required.length === 1 ? b.required[0] : `{${b.required.join(', ')}}`;
  return typeLabel(b);
}

function typeMatches(v: unknown, type: NonNullable<SchemaNode['type']>): boolean {
  switch (type) {
    case 'string':
      return typeof v === 'string';
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'boolean':
      return typeof v === 'boolean';
    case 'array':
      return Array.isArray(v);
    case 'object':
      return isRecord(v);
    default:
      return true;
  }
}

/**
 * Problems of a whole document against its kind's root schema. `apiVersion`, `kind` and `metadata`
 * are declared at the root of every CRD schema; `metadata` is checked as ObjectMeta (OBJECT_META).
 *
 * With the status subresource enabled (Rollout and the Flagger kinds), a create or update of the
 * main resource drops `status` before validation, but the decoder prunes (and Strict rejects)
 * unknown fields everywhere first: so `status` is checked for unknown fields only.
 */
export function validateDocumentValue(value: unknown, root: SchemaNode, kindLabel: string, statusSubresource = false): SchemaProblem[] {
  const walk = new Walk(kindLabel);
  if (!isRecord(value)) {
    walk.add('schema/type', [], 'value', `${kindLabel}: expected a mapping, got ${describeValue(value)}`);
    return walk.problems;
  }
  const docRoot = withObjectMeta(root);
  const statusSchema = root.properties?.status;
  if (statusSubresource && statusSchema && value.status !== undefined && value.status !== null) {
    const { status, ...rest } = value;
    walk.check(rest, docRoot, []);
    const statusWalk = new Walk(kindLabel);
    statusWalk.unknownOnly = true;
    statusWalk.check(status, statusSchema, ['status']);
    return [...walk.problems, ...statusWalk.problems].slice(0, MAX_PROBLEMS);
  }
  walk.check(value, docRoot, []);
  return walk.problems;
}

/**
 * ObjectMeta as the API server decodes it: the CRD schemas leave root `metadata` as a bare object
 * (a structural schema may restrict only `metadata.name` and `generateName`: kubernetes/website
 * `custom-resource-definitions.md`) because the server validates it itself, with Strict decoding rejecting
 * unknown fields such as a misspelt `lables`. Only the fields a manifest can carry are typed here;
 * the server-managed ones are accepted as they come from `kubectl get -o yaml`.
 */
const stringMap: SchemaNode = { type: 'object', additionalProperties: { type: 'string' } };
const anything: SchemaNode = { 'x-kubernetes-preserve-unknown-fields': true };
export const OBJECT_META: SchemaNode = {
  type: 'object',
  properties: {
    name: { type: 'string', description: 'Name of the object, unique within its namespace (or the cluster, for cluster-scoped kinds).' },
    generateName: { type: 'string', description: 'Prefix for a server-generated name, used when `name` is not set.' },
    namespace: { type: 'string', description: 'Namespace of the object; the current context namespace when omitted.' },
    labels: { ...stringMap, description: 'String key/value pairs for selecting and organising objects.' },
    annotations: { ...stringMap, description: 'String key/value pairs for tools and controllers (not used for selection).' },
    finalizers: { type: 'array', items: { type: 'string' }, description: 'Must be empty before the object is deleted from the registry.' },
    // OwnerReference is a closed Go struct: Strict decoding rejects `metadata.ownerReferences[0].fooBar`.
    ownerReferences: {
      type: 'array',
      items: {
        type: 'object',
        required: ['apiVersion', 'kind', 'name', 'uid'],
        properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, name: { type: 'string' }, uid: { type: 'string' }, controller: { type: 'boolean' }, blockOwnerDeletion: { type: 'boolean' } },
      },
    },
    uid: anything,
    resourceVersion: anything,
    generation: anything,
    selfLink: anything,
    creationTimestamp: anything,
    deletionTimestamp: anything,
    deletionGracePeriodSeconds: anything,
    managedFields: anything,
  },
};

const metadataRoots = new WeakMap<SchemaNode, SchemaNode>();

/** The root schema with `metadata` as ObjectMeta: what validation, hover and completion walk. */
export function withObjectMeta(root: SchemaNode): SchemaNode {
  let r = metadataRoots.get(root);
  if (!r) {
    r = { ...root, properties: { ...root.properties, metadata: OBJECT_META } };
    metadataRoots.set(root, r);
  }
  return r;
}
