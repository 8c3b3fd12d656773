/**
 * Hover and completion from the CRD schemas, pure so the editor adapter only converts positions.
 * Hover reads the parsed document (the text under the mouse is complete); completion reads the
 * indentation around the cursor (cursorContext.ts), because the line being typed rarely parses.
 * The v1.9.1 CRDs carry no descriptions (argoproj/argo-rollouts v1.9.1 `manifests/crds/`, generated with
 * controller-gen `crd:maxDescLen=0`), so descriptions fall back to the
 * HEAD schema at the same path.
 */
import { isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import type { TextRange } from '../findings';
import { findKind, type KnownKind } from '../kinds';
import { resolvePlainScalar } from '../manifest/goYamlScalars';
import type { ManifestDocument } from '../manifest/manifestDocument';
import type { ManifestFile } from '../manifest/manifestFile';
import { rootSchema, schemaAtPath, type ArgoSchemaVersion, type SchemaNode } from './catalog';
import type { ClusterSchemaSet } from './clusterSchemas';
import { cursorContext, type PathSegment } from './cursorContext';
import { typeLabel } from './schemaText';
import { withObjectMeta } from './validateValue';

export interface SchemaHover {
  range: TextRange;
  markdown: string;
}

export interface SchemaCompletion {
  label: string;
  kind: 'property' | 'value';
  detail?: string;
  documentation?: string;
  insertText: string;
}

function documentAt(file: ManifestFile, offset: number): ManifestDocument | undefined {
  return file.documents.find((d) => offset >= d.offset && offset <= d.offset + d.text.length);
}

/** The kind of a document, also when the text around the cursor does not parse. */
function kindOf(md: ManifestDocument): KnownKind | undefined {
  if (md.known) return md.known;
  const apiVersion = /^apiVersion:\s*["']?([^\s"'#]+)/m.exec(md.text)?.[1];
  const kind = /^kind:\s*["']?([^\s"'#]+)/m.exec(md.text)?.[1];
  return findKind(apiVersion, kind);
}

/**
 * The schema at `path`: the CRD the current context serves when `cluster` has it (schemaVersion
 * "cluster"), else the pinned one. Descriptions missing there (v1.9.1 and many installed CRDs have
 * none) come from the newest pinned schema.
 */
function describe(kind: KnownKind, version: ArgoSchemaVersion, path: readonly PathSegment[], cluster?: ClusterSchemaSet): { schema: SchemaNode; description?: string; required: boolean } | undefined {
  const installed = cluster?.crds.get(kind.kind)?.schema;
  const crdRoot = installed ?? rootSchema(kind, version);
  const root = crdRoot && withObjectMeta(crdRoot);
  const schema = root && schemaAtPath(root, path);
  if (!root || !schema) return undefined;
  const description = schema.description ?? (installed || version !== 'latest' ? schemaAtPath(withObjectMeta(rootSchema(kind, 'latest')!), path)?.description : undefined);
  const last = path[path.length - 1];
  const parent = path.length ? schemaAtPath(root, path.slice(0, -1)) : undefined;
  const required = typeof last === 'string' && Boolean(parent?.required?.includes(last));
  return { schema, description, required };
}

/** What the mouse is on: a key (its field) or a scalar value (the field it belongs to). */
function nodeAt(md: ManifestDocument, offset: number): { path: PathSegment[]; range: TextRange; node: Node } | undefined {
  const rel = offset - md.offset;
  const within = (n: unknown) => {
    const r = (n as Node | null)?.range;
    return r ? rel >= r[0] && rel <= r[1] : false;
  };
  const toRange = (n: Node) => ({ start: md.offset + n.range![0], end: md.offset + n.range![1] });
  let node: unknown = md.doc.contents;
  const path: PathSegment[] = [];
  for (let depth = 0; depth < 200 && node; depth++) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && (within(p.key) || within(p.value)));
      if (!pair || !isScalar(pair.key)) return undefined;
      path.push(String(pair.key.value));
      if (within(pair.key)) return { path, range: toRange(pair.key), node: pair.key };
      node = pair.value;
    } else if (isSeq(node)) {
      const i = node.items.findIndex(within);
      if (i < 0) return undefined;
      path.push(i);
      node = node.items[i];
    } else if (isScalar(node)) {
      return within(node) && path.length ? { path, range: toRange(node), node } : undefined;
    } else return undefined;
  }
  return undefined;
}

export function schemaHoverAt(file: ManifestFile, offset: number, version: ArgoSchemaVersion, cluster?: ClusterSchemaSet): SchemaHover | undefined {
  const md = documentAt(file, offset);
  if (!md || md.templated) return undefined;
  const kind = kindOf(md);
  const at = kind && nodeAt(md, offset);
  if (!kind || !at) return undefined;
  const info = describe(kind, version, at.path, cluster);
  if (!info) return undefined;
  const name = String([...at.path].reverse().find((s) => typeof s === 'string') ?? kind.kind);
  const installed = cluster?.crds.get(kind.kind);
  const source = installed && cluster ? `, as the CRD installed in \`${cluster.context}\`${installed.release ? ` (${installed.release})` : ''} declares it` : '';
  const lines = [`**${name}** \`${typeLabel(info.schema)}\`${info.required ? ' · required' : ''}`, '', `\`${displayPath(at.path)}\` in ${kind.kind} (${kind.group}/${kind.version})${source}`];
  if (info.description) lines.push('', info.description);
  if (info.schema.enum) lines.push('', `Allowed values: ${info.schema.enum.map((v) => `\`${JSON.stringify(v)}\``).join(', ')}`);
  if (info.schema.default !== undefined) lines.push('', `Default: \`${JSON.stringify(info.schema.default)}\``);
  if (info.schema['x-kubernetes-preserve-unknown-fields'] && !info.schema.properties) lines.push('', 'Free-form: any content is accepted here.');
  const reading = kubectlReading(at.node);
  if (reading) lines.push('', reading);
  return { range: at.range, markdown: lines.join('\n') };
}

/**
 * kubectl decodes plain scalars by YAML 1.1 rules (go-yaml v2, manifest/goYamlScalars.ts): where
 * that differs from how a YAML 1.2 tool reads the text (`yes`, `on`, `0755`), the hover says so.
 */
function kubectlReading(node: Node): string | undefined {
  if (!isScalar(node) || node.type !== 'PLAIN' || node.tag || typeof node.source !== 'string') return undefined;
  const kubectl = resolvePlainScalar(node.source);
  if (Object.is(kubectl, node.value)) return undefined;
  return `\`${node.source}\` is read as \`${JSON.stringify(kubectl)}\` by kubectl (YAML 1.1, as go-yaml decodes it; YAML 1.2 tools read \`${JSON.stringify(node.value)}\`). Quote it to mean the string.`;
}

function displayPath(path: readonly PathSegment[]): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

export function schemaCompletionsAt(file: ManifestFile, offset: number, version: ArgoSchemaVersion, cluster?: ClusterSchemaSet): SchemaCompletion[] {
  const md = documentAt(file, offset);
  if (!md || md.templated) return [];
  const kind = kindOf(md);
  if (!kind) return [];
  const ctx = cursorContext(md.text, offset - md.offset);
  if (!ctx) return [];
  const info = describe(kind, version, ctx.path, cluster);
  if (!info) return [];
  if (ctx.position === 'value') return valueCompletions(info.schema);
  const props = info.schema.properties;
  if (!props) return [];
  const present = new Set(ctx.presentKeys);
  const indent = ' '.repeat(ctx.keyColumn + 2);
  const out: SchemaCompletion[] = [];
  for (const [key, s] of Object.entries(props)) {
    if (present.has(key)) continue;
    if (ctx.path.length === 0 && (key === 'status' || key === 'apiVersion' || key === 'kind')) continue;
    const required = Boolean(info.schema.required?.includes(key));
    const description = s.description ?? (version !== 'latest' || cluster?.crds.has(kind.kind) ? describe(kind, 'latest', [...ctx.path, key])?.description : undefined);
    out.push({
      label: key,
      kind: 'property',
      detail: `${typeLabel(s)}${required ? ' (required)' : ''}`,
      ...(description ? { documentation: description } : {}),
      insertText: insertTextFor(key, s, indent),
    });
  }
  return out.sort((a, b) => Number(b.detail?.endsWith('(required)')) - Number(a.detail?.endsWith('(required)')) || a.label.localeCompare(b.label));
}

function insertTextFor(key: string, s: SchemaNode, childIndent: string): string {
  if (s.type === 'object' && (s.properties || s.additionalProperties) && !s['x-kubernetes-preserve-unknown-fields']) return `${key}:\n${childIndent}`;
  if (s.type === 'array' && s.items?.type === 'object') return `${key}:\n${childIndent}- `;
  if (s.type === 'array') return `${key}:\n${childIndent}- `;
  return `${key}: `;
}

function valueCompletions(s: SchemaNode): SchemaCompletion[] {
  const values = s.enum ?? (s.type === 'boolean' ? [true, false] : []);
  return values.map((v) => {
    const text = typeof v === 'string' ? (v === '' || /^[\s\d-]|[:#{}[\],&*!|>'"%@`]/.test(v) ? JSON.stringify(v) : v) : JSON.stringify(v);
    return { label: text, kind: 'value' as const, detail: typeLabel(s), insertText: text };
  });
}
