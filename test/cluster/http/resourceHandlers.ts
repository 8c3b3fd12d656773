/**
 * The REST verbs on one resource type, with the API server's request semantics
 * (`k8s.io/apiserver/pkg/endpoints/handlers/{get,create,update,patch,delete}.go`):
 * - list answers `<Kind>List` with `metadata.resourceVersion` (the store's latest), honours label and
 *   field selectors and `limit`/`continue` (a continue token resumes after the last key returned);
 *   built-in list items carry no apiVersion/kind, custom resource items do (unstructured), as upstream;
 * - create answers 201, 409 AlreadyExists, 404 when the namespace does not exist, 400 when the body's
 *   apiVersion/kind/namespace disagree with the URL; `dryRun=All` validates without persisting;
 * - update (PUT) answers 409 Conflict on a stale resourceVersion, 400 when names disagree;
 * - patch takes merge and JSON patches; strategic merge is 415 for custom resources and, for built-in
 *   types, approximated by a merge patch (no list merge keys); `apply-patch+yaml` (server-side apply)
 *   is approximated by create-or-merge, without managedFields;
 * - `/status` and `/scale` subresources; the main endpoint ignores status where there is a status
 *   subresource (the store enforces that).
 */
import type { KubeObject } from '../store/objectStore';
import type { MemoryStore } from '../store/memoryStore';
import { PATCH_CONTENT_TYPES, applyPatch } from '../store/patch';
import { apiVersionFor, gvrOf, type ResourceType } from './resources';
import { parseFieldSelector, parseLabelSelector, SelectorError } from '../store/selectors';
import { StatusError, badRequest, invalid, notFound } from '../store/storeErrors';
import { jsonPathValue, table, type IncludeObject } from './table';

export interface ResourceRequest {
  type: ResourceType;
  verb: string;
  namespace?: string;
  name?: string;
  subresource?: string;
  query: URLSearchParams;
  contentType: string;
  body: unknown;
  asTable: boolean;
  now: Date;
}

export interface ResourceResponse {
  status: number;
  body: unknown;
  /** `Warning` headers (field validation in Warn mode), as `299 - "text"`. */
  warnings?: string[];
}

const OBJECT_META_FIELDS = new Set([
  'name',
  'generateName',
  'namespace',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
]);
const CUSTOM_TOP_LEVEL = new Set(['apiVersion', 'kind', 'metadata', 'spec', 'status']);

/** Fields the server would not know, for `fieldValidation` (custom resources: top level and metadata only). */
export function unknownFields(type: ResourceType, body: Record<string, any>): string[] {
  const out: string[] = [];
  if (type.custom) for (const k of Object.keys(body)) if (!CUSTOM_TOP_LEVEL.has(k)) out.push(k);
  if (body.metadata && typeof body.metadata === 'object') for (const k of Object.keys(body.metadata)) if (!OBJECT_META_FIELDS.has(k)) out.push(`metadata.${k}`);
  return out;
}

const NAMESPACES = { group: '', version: 'v1', resource: 'namespaces' };

const str = (v: unknown): string => {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return v === undefined || v === null ? '' : JSON.stringify(v);
};

/** Field labels built-in types add to metadata.name/namespace (what `kubectl describe` and others use). */
const TYPE_FIELDS: Record<string, Record<string, (o: KubeObject) => string>> = {
  events: Object.fromEntries(['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion', 'fieldPath'].map((k) => [`involvedObject.${k}`, (o: KubeObject) => str((o as any).involvedObject?.[k])])),
  pods: { 'spec.nodeName': (o) => str(o.spec?.nodeName), 'status.phase': (o) => str(o.status?.phase) },
  secrets: { type: (o) => str((o as any).type) },
};
Object.assign(TYPE_FIELDS.events, { reason: (o: KubeObject) => str((o as any).reason), type: (o: KubeObject) => str((o as any).type) });

function parseSelectors(q: URLSearchParams, type?: ResourceType) {
  try {
    const extra = type && !type.custom ? TYPE_FIELDS[type.resource] : undefined;
    return { labels: parseLabelSelector(q.get('labelSelector') ?? undefined), fields: parseFieldSelector(q.get('fieldSelector') ?? undefined, extra) };
  } catch (e) {
    if (e instanceof SelectorError) throw badRequest(e.message);
    throw e;
  }
}

export { parseSelectors };

function withTypeMeta(type: ResourceType, o: KubeObject): KubeObject {
  return { ...o, apiVersion: apiVersionFor(type), kind: type.kind };
}

function encodeContinue(key: string, rv: string): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: Number(rv), start: key })).toString('base64');
}

function decodeContinue(token: string): { start: string; rv: number } {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
    if (typeof parsed.start === 'string' && Number.isInteger(parsed.rv)) return { start: parsed.start, rv: parsed.rv };
  } catch {
    // fall through
  }
  throw badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
}

/** What the API server says when a continue token's resourceVersion has been compacted away. */
const CONTINUE_EXPIRED =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

export class ResourceHandlers {
  constructor(private readonly store: MemoryStore) {}

  handle(r: ResourceRequest): ResourceResponse {
    const sub = r.subresource;
    if (sub && sub !== 'status' && sub !== 'scale') throw new StatusError(404, 'NotFound', 'the server could not find the requested resource');
    if (sub === 'status' && !r.type.statusSubresource) throw new StatusError(404, 'NotFound', 'the server could not find the requested resource');
    if (sub === 'scale' && !r.type.scale) throw new StatusError(404, 'NotFound', 'the server could not find the requested resource');
    if (sub === 'scale') return this.scale(r);
    switch (r.verb) {
      case 'list':
        return this.list(r);
      case 'get': {
        const o = this.mustGet(r);
        if (!r.asTable) return { status: 200, body: o };
        const include = (r.query.get('includeObject') as IncludeObject | null) ?? 'Metadata';
        return { status: 200, body: table(r.type, [withTypeMeta(r.type, o)], r.now, { resourceVersion: o.metadata.resourceVersion ?? '', include, headers: true }) };
      }
      case 'create':
        return this.create(r);
      case 'update':
        return this.update(r);
      case 'patch':
        return this.patch(r);
      case 'delete':
        return this.delete(r);
      case 'deletecollection':
        return this.deleteCollection(r);
      default:
        throw new StatusError(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`);
    }
  }

  private mustGet(r: ResourceRequest): KubeObject {
    const o = this.store.get(gvrOf(r.type), r.namespace, r.name!);
    if (!o) throw notFound(r.type.group, r.type.resource, r.name!);
    return o;
  }

  private requireNamespace(r: ResourceRequest): void {
    if (r.type.namespaced && r.namespace && !this.store.get(NAMESPACES, undefined, r.namespace)) throw notFound('', 'namespaces', r.namespace);
  }

  private list(r: ResourceRequest): ResourceResponse {
    const { labels, fields } = parseSelectors(r.query, r.type);
    const rv = this.store.resourceVersion;
    let items = this.store.list(gvrOf(r.type), r.namespace).filter((o) => labels(o.metadata.labels) && fields(o));
    const cont = r.query.get('continue');
    if (cont) {
      const { start, rv: from } = decodeContinue(cont);
      // Like etcd compaction: a token older than the history window can no longer continue (410).
      if (this.store.changesSince(String(from)) === undefined) throw new StatusError(410, 'Expired', CONTINUE_EXPIRED);
      items = items.filter((o) => `${o.metadata.namespace ?? ''}/${o.metadata.name}` > start);
    }
    const limit = Number(r.query.get('limit') ?? 0);
    let continueToken: string | undefined;
    let remaining: number | undefined;
    if (limit > 0 && items.length > limit) {
      remaining = items.length - limit;
      items = items.slice(0, limit);
      const last = items[items.length - 1];
      continueToken = encodeContinue(`${last.metadata.namespace ?? ''}/${last.metadata.name}`, rv);
    }
    if (r.asTable) {
      const include = (r.query.get('includeObject') as IncludeObject | null) ?? 'Metadata';
      return {
        status: 200,
        body: table(
          r.type,
          items.map((o) => withTypeMeta(r.type, o)),
          r.now,
          { resourceVersion: rv, continueToken, include, headers: true },
        ),
      };
    }
    return {
      status: 200,
      body: {
        apiVersion: apiVersionFor(r.type),
        kind: `${r.type.kind}List`,
        metadata: { resourceVersion: rv, ...(continueToken ? { continue: continueToken, remainingItemCount: remaining } : {}) },
        items: r.type.custom ? items : items.map(({ apiVersion: _a, kind: _k, ...rest }) => rest),
      },
    };
  }

  /**
   * `fieldValidation` (KEP-2885): Strict rejects unknown fields with 400, Warn (the server default)
   * answers with Warning headers, Ignore drops them silently. The test server knows no schemas, so
   * only unknown top-level and metadata fields are detected.
   */
  private fieldValidation(r: ResourceRequest, body: Record<string, any>): string[] {
    const mode = r.query.get('fieldValidation') ?? 'Warn';
    if (mode === 'Ignore') return [];
    const unknown = unknownFields(r.type, body);
    if (!unknown.length) return [];
    if (mode === 'Strict') {
      const list = unknown.map((f) => `unknown field "${f}"`).join(', ');
      throw badRequest(`${r.type.kind} in version "${r.type.version}" cannot be handled as a ${r.type.kind}: strict decoding error: ${list}`);
    }
    return unknown.map((f) => `299 - "unknown field \\"${f}\\""`);
  }

  private bodyObject(r: ResourceRequest): KubeObject {
    const b = r.body as KubeObject;
    if (!b || typeof b !== 'object' || Array.isArray(b)) throw badRequest("Object 'Kind' is missing in request body");
    const want = apiVersionFor(r.type);
    if (b.apiVersion && b.apiVersion !== want) throw badRequest(`the API version in the data (${b.apiVersion}) does not match the expected API version (${want})`);
    if (b.kind && b.kind !== r.type.kind) throw badRequest(`the kind in the data (${b.kind}) does not match the expected kind (${r.type.kind})`);
    b.apiVersion = want;
    b.kind = r.type.kind;
    b.metadata ??= { name: '' };
    if (r.type.namespaced) {
      if (b.metadata.namespace && b.metadata.namespace !== r.namespace) throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      b.metadata.namespace = r.namespace;
    }
    return b;
  }

  private dryRun(r: ResourceRequest): boolean {
    return r.query.getAll('dryRun').includes('All');
  }

  private create(r: ResourceRequest): ResourceResponse {
    if (r.name) throw new StatusError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
    this.requireNamespace(r);
    const obj = this.bodyObject(r);
    const warnings = this.fieldValidation(r, obj);
    if (this.dryRun(r)) {
      if (obj.metadata.name && this.store.get(gvrOf(r.type), r.namespace, obj.metadata.name)) throw new StatusError(409, 'AlreadyExists', `${r.type.resource}.${r.type.group} "${obj.metadata.name}" already exists`);
      return { status: 201, body: obj };
    }
    if (r.type.group === '' && r.type.resource === 'namespaces') {
      // What the namespace registry's PrepareForCreate does.
      obj.spec = { finalizers: ['kubernetes'], ...(obj.spec ?? {}) };
      obj.status = { phase: 'Active' };
    }
    return { status: 201, body: this.store.create(gvrOf(r.type), obj), warnings };
  }

  private update(r: ResourceRequest): ResourceResponse {
    const obj = this.bodyObject(r);
    if (obj.metadata.name !== r.name) throw badRequest('the name of the object (' + obj.metadata.name + ') does not match the name on the URL (' + r.name + ')');
    // Custom resources do not allow unconditional updates (customresource strategy
    // AllowUnconditionalUpdate() == false): a PUT must carry the resourceVersion it read.
    if (r.type.custom && !obj.metadata.resourceVersion) {
      throw invalid(r.type.kind, r.type.group, r.name, [{ field: 'metadata.resourceVersion', message: 'Invalid value: 0x0: must be specified for an update' }]);
    }
    const warnings = this.fieldValidation(r, obj);
    if (this.dryRun(r)) return { status: 200, body: this.mustGet(r) };
    const gvr = gvrOf(r.type);
    return { status: 200, body: r.subresource === 'status' ? this.store.updateStatus(gvr, obj) : this.store.update(gvr, obj), warnings };
  }

  private patchType(r: ResourceRequest): 'merge' | 'json' | 'apply' {
    const ct = r.contentType.split(';')[0].trim();
    if (ct === 'application/apply-patch+yaml') return 'apply';
    const t = PATCH_CONTENT_TYPES[ct];
    if (!t || (t === 'strategic' && r.type.custom)) {
      throw new StatusError(
        415,
        'UnsupportedMediaType',
        `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml${r.type.custom ? '' : ', application/strategic-merge-patch+json'}`,
      );
    }
    return t === 'json' ? 'json' : 'merge';
  }

  private patch(r: ResourceRequest): ResourceResponse {
    const type = this.patchType(r);
    const gvr = gvrOf(r.type);
    if (type === 'apply') return this.apply(r);
    const current = this.mustGet(r);
    const patched = applyPatch(current, type, r.body) as KubeObject;
    const warnings = this.fieldValidation(r, patched);
    if (patched?.metadata?.name !== undefined && patched.metadata.name !== r.name) throw badRequest('metadata.name: Invalid value: the name of a patched object cannot change');
    if (this.dryRun(r)) return { status: 200, body: patched };
    patched.metadata.resourceVersion ??= current.metadata.resourceVersion;
    return { status: 200, body: r.subresource === 'status' ? this.store.updateStatus(gvr, patched) : this.store.update(gvr, patched), warnings };
  }

  private apply(r: ResourceRequest): ResourceResponse {
    const gvr = gvrOf(r.type);
    if (!r.query.get('fieldManager')) throw badRequest('PATCH /apply requests require a fieldManager query parameter');
    const obj = this.bodyObject({ ...r, body: r.body });
    const current = this.store.get(gvr, r.namespace, r.name!);
    if (!current) {
      if (r.subresource) throw notFound(r.type.group, r.type.resource, r.name!);
      this.requireNamespace(r);
      return { status: 201, body: this.store.create(gvr, obj) };
    }
    const merged = applyPatch(current, 'merge', obj) as KubeObject;
    return { status: 200, body: r.subresource === 'status' ? this.store.updateStatus(gvr, merged) : this.store.update(gvr, merged) };
  }

  private delete(r: ResourceRequest): ResourceResponse {
    const pre = (r.body as { preconditions?: { resourceVersion?: string; uid?: string } } | undefined)?.preconditions;
    if (this.dryRun(r)) return { status: 200, body: this.mustGet(r) };
    const gone = this.store.remove(gvrOf(r.type), r.namespace, r.name!, pre);
    return { status: 200, body: gone };
  }

  private deleteCollection(r: ResourceRequest): ResourceResponse {
    const { labels, fields } = parseSelectors(r.query, r.type);
    const gvr = gvrOf(r.type);
    const doomed = this.store.list(gvr, r.namespace).filter((o) => labels(o.metadata.labels) && fields(o));
    for (const o of doomed) if (this.store.get(gvr, o.metadata.namespace, o.metadata.name)) this.store.remove(gvr, o.metadata.namespace, o.metadata.name);
    return { status: 200, body: { apiVersion: apiVersionFor(r.type), kind: `${r.type.kind}List`, metadata: { resourceVersion: this.store.resourceVersion }, items: doomed } };
  }

  /** autoscaling/v1 Scale view of spec.replicas (Rollouts, Deployments, ReplicaSets). */
  private scale(r: ResourceRequest): ResourceResponse {
    const paths = r.type.scale!;
    const toScale = (o: KubeObject) => ({
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: { name: o.metadata.name, namespace: o.metadata.namespace, uid: o.metadata.uid, resourceVersion: o.metadata.resourceVersion, creationTimestamp: o.metadata.creationTimestamp },
      spec: { replicas: jsonPathValue(o, paths.specReplicasPath) ?? 0 },
      status: { replicas: jsonPathValue(o, paths.statusReplicasPath) ?? 0, ...(paths.labelSelectorPath && jsonPathValue(o, paths.labelSelectorPath) ? { selector: jsonPathValue(o, paths.labelSelectorPath) } : {}) },
    });
    const current = this.mustGet(r);
    if (r.verb === 'get') return { status: 200, body: toScale(current) };
    if (r.verb !== 'update' && r.verb !== 'patch') throw new StatusError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
    let desired: any;
    if (r.verb === 'update') desired = r.body;
    else {
      const type = this.patchType({ ...r, type: { ...r.type, custom: false } });
      if (type === 'apply') throw new StatusError(415, 'UnsupportedMediaType', 'apply is not supported on the scale subresource here');
      desired = applyPatch(toScale(current), type, r.body);
    }
    const replicas = desired?.spec?.replicas;
    if (!Number.isInteger(replicas) || replicas < 0) throw new StatusError(422, 'Invalid', `Scale.autoscaling "${r.name}" is invalid: spec.replicas: Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`);
    const updated = structuredClone(current);
    updated.spec = { ...(updated.spec ?? {}), replicas };
    if (desired?.metadata?.resourceVersion) updated.metadata.resourceVersion = desired.metadata.resourceVersion;
    return { status: 200, body: toScale(this.store.update(gvrOf(r.type), updated)) };
  }
}
