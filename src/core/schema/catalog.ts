/**
 * The schema catalog: which generated JSON Schema (schemas/*.json, made by `npm run schemas` from
 * the vendored CRDs) describes a known kind at a given Argo Rollouts version. Files are read and
 * linked lazily on first use, so importing this module costs nothing at activation.
 *
 * Linking replaces every `{$ref: '#/definitions/x'}` with the shared definition object itself, so
 * the validator walks plain objects and shared sub-schemas (the pod template) keep one identity.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { KnownKind } from '../kinds';
import { DECODED_AS, type EmbeddedPosition } from './embeddedCore';

export type ArgoSchemaVersion = 'latest' | 'v1.9.1';
export const ARGO_SCHEMA_VERSIONS: readonly ArgoSchemaVersion[] = ['latest', 'v1.9.1'];

/** The subset of JSON Schema + Kubernetes extensions the CRDs use (argoproj/argo-rollouts `manifests/crds/` and fluxcd/flagger `artifacts/flagger/crd.yaml`). */
export interface SchemaNode {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  description?: string;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode | boolean;
  items?: SchemaNode;
  required?: string[];
  enum?: unknown[];
  format?: string;
  pattern?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  maxItems?: number;
  minItems?: number;
  oneOf?: SchemaNode[];
  anyOf?: SchemaNode[];
  allOf?: SchemaNode[];
  not?: SchemaNode;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-validations'?: { rule: string; message?: string }[];
  definitions?: Record<string, SchemaNode>;
  $ref?: string;
  /** An embedded core type the CRD leaves unchecked (embeddedCore.ts): a key of EMBEDDED_POSITIONS. */
  'x-rollout-lens-decoded-as'?: EmbeddedPosition;
  /** Set when linking: the core/v1 schema the controller decodes this node's value with. */
  decoded?: { schema: SchemaNode; position: EmbeddedPosition };
}

interface IndexEntry {
  kind: string;
  apiVersion: string;
  versions: ArgoSchemaVersion[];
  file: string;
}

let schemaDir: string | undefined;
let index: IndexEntry[] | undefined;
const loaded = new Map<string, SchemaNode>();

/** Points the catalog at a schemas folder (tests, or a host that knows its install path). */
export function setSchemaDirectory(dir: string): void {
  schemaDir = dir;
  index = undefined;
  loaded.clear();
  core = undefined;
}

/**
 * Finds the shipped schemas folder: `<root>/schemas` next to dist/ in the packaged extension and the
 * CLI, or the repository's schemas/ when running from source (tsx). Walks up from this module.
 */
export function schemaDirectory(): string {
  if (schemaDir) return schemaDir;
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'schemas');
    if (fs.existsSync(path.join(candidate, 'index.json'))) return (schemaDir = candidate);
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(`Rollout Lens: cannot find the schemas folder (looked upwards from ${__dirname})`);
}

function loadIndex(): IndexEntry[] {
  if (!index) index = JSON.parse(fs.readFileSync(path.join(schemaDirectory(), 'index.json'), 'utf8')) as IndexEntry[];
  return index;
}

/** The generated file that describes `kind` at `version`, or undefined for kinds we do not know. */
export function schemaFileFor(kind: string, version: ArgoSchemaVersion): string | undefined {
  return loadIndex().find((e) => e.kind === kind && e.versions.includes(version))?.file;
}

/** The root schema of a known kind at an Argo version (Flagger kinds have one version). */
export function rootSchema(kind: KnownKind | string, version: ArgoSchemaVersion): SchemaNode | undefined {
  const file = schemaFileFor(typeof kind === 'string' ? kind : kind.kind, version);
  if (!file) return undefined;
  let root = loaded.get(file);
  if (!root) {
    root = linkSchema(JSON.parse(fs.readFileSync(path.join(schemaDirectory(), file), 'utf8')) as SchemaNode, coreSchemas());
    loaded.set(file, root);
  }
  return root;
}

/** The generated core/v1 schemas for embedded pod-template types (schemas/kubernetes-core-v1.json), linked. */
export type CoreSchemas = Partial<Record<EmbeddedPosition, SchemaNode>>;
let core: CoreSchemas | undefined;

export function coreSchemas(): CoreSchemas {
  if (!core) {
    const file = JSON.parse(fs.readFileSync(path.join(schemaDirectory(), CORE_SCHEMA_FILE), 'utf8')) as { definitions: Record<string, SchemaNode>; positions: Record<string, SchemaNode> };
    core = linkSchema({ properties: file.positions, definitions: file.definitions }).properties ?? {};
  }
  return core;
}

export const CORE_SCHEMA_FILE = 'kubernetes-core-v1.json';

/**
 * Resolves `$ref`s in place against the root's `definitions` (shared identity, cycles impossible in
 * CRDs); with `embedded`, nodes marked x-rollout-lens-decoded-as get the core schema as `decoded`.
 */
export function linkSchema(root: SchemaNode, embedded?: CoreSchemas): SchemaNode {
  const defs = root.definitions ?? {};
  const seen = new Set<SchemaNode>();
  const resolve = (n: SchemaNode): SchemaNode => {
    if (n.$ref) {
      const name = n.$ref.replace('#/definitions/', '');
      const target = defs[name];
      if (!target) throw new Error(`unresolved $ref ${n.$ref}`);
      return visit(target);
    }
    return visit(n);
  };
  const visit = (n: SchemaNode): SchemaNode => {
    if (seen.has(n)) return n;
    seen.add(n);
    const position = n[DECODED_AS];
    const decodedSchema = position && embedded?.[position];
    if (position && decodedSchema) n.decoded = { schema: decodedSchema, position };
    if (n.properties) for (const k of Object.keys(n.properties)) n.properties[k] = resolve(n.properties[k]);
    if (n.items) n.items = resolve(n.items);
    if (n.additionalProperties && typeof n.additionalProperties === 'object') n.additionalProperties = resolve(n.additionalProperties);
    if (n.not) n.not = resolve(n.not);
    for (const c of ['oneOf', 'anyOf', 'allOf'] as const) {
      const list = n[c];
      if (list) n[c] = list.map(resolve);
    }
    return n;
  };
  const linked = visit(root);
  delete linked.definitions;
  return linked;
}

/**
 * The sub-schema at a document path (numbers step into `items`), or undefined past the schema. An
 * embedded core type is its core/v1 schema (hover and completion inside `volumes` show Volume's fields).
 */
export function schemaAtPath(root: SchemaNode, docPath: readonly (string | number)[]): SchemaNode | undefined {
  let node: SchemaNode | undefined = root;
  for (const seg of docPath) {
    if (!node) return undefined;
    node = childSchema(node, seg);
  }
  return node?.decoded?.schema ?? node;
}

export function childSchema(parent: SchemaNode, seg: string | number): SchemaNode | undefined {
  const node = parent.decoded?.schema ?? parent;
  if (typeof seg === 'number') return node.items;
  const p = node.properties?.[seg];
  if (p && Object.prototype.hasOwnProperty.call(node.properties, seg)) return p;
  return typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined;
}
