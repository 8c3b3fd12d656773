/**
 * Core Kubernetes types embedded in the Argo Rollouts CRDs without a schema. controller-gen writes
 * a Rollout's, an Experiment's and a job metric's pod template with `resources.limits`,
 * `resources.requests` (of every container) and `volumes` reduced to
 * `x-kubernetes-preserve-unknown-fields: true`, so the API server stores `cpu: [a, b]` or
 * `memory: 12XB` as they are, and the controller fails later, when it decodes the object into Go
 * types (`resource.Quantity`, `corev1.Volume`) or when the API server rejects the ReplicaSet / Job
 * it builds from the template.
 *
 * We validate those subtrees as the controller decodes them: against the core/v1 schemas of the
 * upstream Kubernetes OpenAPI (schemas/upstream/kubernetes/core-v1.json, reduced by
 * scripts/vendorKubernetesSchemas.ts), converted here to the walk's format with Go's decoding
 * semantics. What the controller does with a value it cannot decode: its tolerant informers
 * (utils/tolerantinformer, v1.9.1) log "malformed object" and fall back to encoding/json, which
 * stops at the bad value, so that value and everything after it in the object is lost (upstream's
 * test/e2e/expectedfailures/malformed-*.yaml: `requests` ends up empty, ephemeral containers vanish).
 * Conversion:
 * - `$ref`s point into `definitions` by short name; `allOf: [{$ref}]` wrappers become the `$ref`;
 * - `resource.Quantity` becomes `format: quantity` (quantity.ts: Kubernetes' own grammar);
 * - `default` is dropped: in the built-in OpenAPI it only documents Go's zero value, the decoder
 *   applies nothing and the API server still requires what is `required`;
 * - `type: object` without properties (FieldsV1) is raw JSON to the decoder: anything goes;
 * - `format: int32` gets Go's bounds (a larger number fails to decode).
 *
 * Pure: the generator (scripts/schemaGenerator.ts) writes the converted file, the catalog links it,
 * and the same `graftEmbeddedCore` marks the positions in pinned and in-cluster CRDs alike.
 */

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

/** Definitions vendored from the Kubernetes OpenAPI: these two and what they reference. */
export const CORE_ROOTS = ['io.k8s.api.core.v1.ResourceRequirements', 'io.k8s.api.core.v1.Volume'] as const;

/** Marker on a CRD node whose value the controller decodes as a core type (a key of EMBEDDED_POSITIONS). */
export const DECODED_AS = 'x-rollout-lens-decoded-as';

/** Where the CRDs embed a core type: the Go type the controller decodes, the field a message names. */
export const EMBEDDED_POSITIONS = {
  'PodSpec.volumes': { type: 'core/v1 Volume', field: 'volumes' },
  'ResourceRequirements.limits': { type: 'core/v1 ResourceList (resource.Quantity values)', field: 'resources.limits' },
  'ResourceRequirements.requests': { type: 'core/v1 ResourceList (resource.Quantity values)', field: 'resources.requests' },
} as const;
export type EmbeddedPosition = keyof typeof EMBEDDED_POSITIONS;

/** Problems Go's decoder itself raises; the others are raised by the API server on what the controller creates. */
const DECODE_FAILURES = new Set(['schema/type', 'schema/quantity', 'schema/format', 'schema/minimum', 'schema/maximum', 'schema/one-of', 'schema/any-of']);

/**
 * The sentence appended to a problem found inside an embedded core type: the API server stores
 * the value, and what goes wrong later, in the controller.
 */
export function decodeNote(code: string, position: EmbeddedPosition, kindLabel: string): string {
  const { type, field } = EMBEDDED_POSITIONS[position];
  const accepted = `The API server accepts it (the ${kindLabel} CRD does not check \`${field}\`)`;
  if (code === 'schema/unknown-field') return `${accepted}, but ${type} has no such field: the Argo Rollouts controller drops it when it decodes the template.`;
  if (DECODE_FAILURES.has(code)) return `${accepted}, but the Argo Rollouts controller fails to decode it into ${type}: it logs "malformed object" and drops the value, with whatever follows it in the object.`;
  return `${accepted}, but rejects the ReplicaSet or Job the Argo Rollouts controller builds from the pod template (${type}).`;
}

const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
const REF_PREFIX = '#/components/schemas/';
const DROPPED = new Set(['default', 'x-kubernetes-patch-strategy', 'x-kubernetes-patch-merge-key', 'x-kubernetes-map-type']);
const INT32 = { minimum: -2147483648, maximum: 2147483647 };

const isObject = (v: Json | undefined): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const shortName = (full: string) => full.slice(full.lastIndexOf('.') + 1);

/**
 * The vendored OpenAPI document → `{ definitions, positions }` in the walk's format. `positions`
 * holds one schema per EMBEDDED_POSITIONS key; `$ref`s are `#/definitions/<short name>`.
 */
export function convertCoreOpenApi(doc: { components: { schemas: Record<string, Json> } }): { definitions: JsonObject; positions: JsonObject } {
  const source = doc.components.schemas;
  const names = new Map<string, string>();
  for (const full of Object.keys(source)) {
    const short = shortName(full);
    if ([...names.values()].includes(short)) throw new Error(`two vendored definitions are named ${short}`);
    names.set(full, short);
  }
  const ref = (r: string): JsonObject => {
    const full = r.startsWith(REF_PREFIX) ? r.slice(REF_PREFIX.length) : r;
    const short = names.get(full);
    if (!short) throw new Error(`unresolved $ref ${r}`);
    return { $ref: `#/definitions/${short}` };
  };
  const convert = (n: Json): Json => {
    if (Array.isArray(n)) return n.map(convert);
    if (!isObject(n)) return n;
    if (typeof n.$ref === 'string') return ref(n.$ref);
    const wrapped = n.allOf;
    if (Array.isArray(wrapped) && wrapped.length === 1 && isObject(wrapped[0]) && typeof wrapped[0].$ref === 'string') return ref(wrapped[0].$ref);
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(n)) {
      if (DROPPED.has(k)) continue;
      if (k === 'properties' && isObject(v)) out[k] = Object.fromEntries(Object.entries(v).map(([pk, pv]) => [pk, convert(pv)]));
      else if (k === 'items' || k === 'additionalProperties' || k === 'not' || k === 'oneOf' || k === 'anyOf' || k === 'allOf') out[k] = convert(v);
      else out[k] = v;
    }
    if (out.type === 'object' && out.properties === undefined && out.additionalProperties === undefined) out['x-kubernetes-preserve-unknown-fields'] = true;
    if (out.format === 'int32') Object.assign(out, INT32);
    if (out.format === 'int-or-string') {
      delete out.type;
      delete out.format;
      out['x-kubernetes-int-or-string'] = true;
    }
    return out;
  };
  const definitions: JsonObject = {};
  for (const [full, schema] of Object.entries(source)) {
    definitions[names.get(full)!] = full === QUANTITY && isObject(schema) ? { description: schema.description ?? null, format: 'quantity' } : convert(schema);
  }
  const requirements = definitions.ResourceRequirements;
  const volume = definitions.Volume;
  if (!isObject(requirements) || !isObject(requirements.properties) || !isObject(volume)) throw new Error('the vendored OpenAPI lacks ResourceRequirements or Volume');
  const positions: Record<EmbeddedPosition, Json> = {
    'PodSpec.volumes': {
      description: 'List of volumes that can be mounted by containers belonging to the pod (core/v1 Volume; the CRD does not check them, the controller decodes them).',
      type: 'array',
      items: { $ref: '#/definitions/Volume' },
    },
    'ResourceRequirements.limits': requirements.properties.limits,
    'ResourceRequirements.requests': requirements.properties.requests,
  };
  return { definitions, positions };
}

const CONTAINER_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers']);

/** A CRD node controller-gen reduced to "anything": no type, no properties, no items. */
function isBarePreserve(n: JsonObject): boolean {
  return n['x-kubernetes-preserve-unknown-fields'] === true && n.type === undefined && n.properties === undefined && n.items === undefined && n.additionalProperties === undefined;
}

/**
 * Marks (in place) every bare preserve-unknown node of a CRD schema that sits where a pod spec's
 * `volumes` or a container's `resources.limits|requests` is: a `volumes` property of an object that
 * also declares `containers`; `limits`/`requests` of a `resources` property of an item of
 * `containers`, `initContainers` or `ephemeralContainers`. Returns the schema paths it marked
 * (`[]` for items), for tests and logs.
 */
export function graftEmbeddedCore(root: JsonObject): string[] {
  const marked: string[] = [];
  const visit = (n: JsonObject, trail: string[]): void => {
    const props = isObject(n.properties) ? n.properties : undefined;
    if (props) {
      for (const [key, child] of Object.entries(props)) {
        if (!isObject(child)) continue;
        if (isBarePreserve(child)) {
          const position = positionOf(key, trail, props);
          if (position) {
            child[DECODED_AS] = position;
            marked.push([...trail, key].join('.').replace(/\.\[\]/g, '[]'));
          }
          continue;
        }
        visit(child, [...trail, key]);
      }
    }
    if (isObject(n.items)) visit(n.items, [...trail, '[]']);
    if (isObject(n.additionalProperties)) visit(n.additionalProperties, [...trail, '{}']);
  };
  visit(root, []);
  return marked;
}

function positionOf(key: string, trail: string[], siblings: JsonObject): EmbeddedPosition | undefined {
  if (key === 'volumes' && isObject(siblings.containers)) return 'PodSpec.volumes';
  if ((key === 'limits' || key === 'requests') && trail.at(-1) === 'resources' && trail.at(-2) === '[]' && CONTAINER_LISTS.has(trail.at(-3) ?? '')) {
    return key === 'limits' ? 'ResourceRequirements.limits' : 'ResourceRequirements.requests';
  }
  return undefined;
}
