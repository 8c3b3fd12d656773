/**
 * The PATCH bodies the API server accepts (`k8s.io/apiserver/pkg/endpoints/handlers/patch.go`):
 * - JSON merge patch (RFC 7386, `application/merge-patch+json`): objects merge, `null` deletes,
 *   everything else (arrays included) replaces;
 * - JSON patch (RFC 6902, `application/json-patch+json`): add/remove/replace/move/copy/test on JSON
 *   pointers; a failed `test` or a bad path rejects the whole patch (422, as upstream);
 * - strategic merge patch is only for built-in types; the server answers 415 for custom resources.
 *   For built-in types we approximate it with a merge patch (no list merge keys), see server docs.
 */
import { StatusError } from './storeErrors';

export type PatchType = 'merge' | 'json' | 'strategic';

export const PATCH_CONTENT_TYPES: Record<string, PatchType> = {
  'application/merge-patch+json': 'merge',
  'application/json-patch+json': 'json',
  'application/strategic-merge-patch+json': 'strategic',
};

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return structuredClone(patch);
  const out: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

function patchError(message: string): StatusError {
  return new StatusError(422, 'Invalid', message);
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw patchError(`invalid JSON pointer "${pointer}"`);
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

interface Slot {
  parent: Record<string, unknown> | unknown[];
  key: string;
}

function resolveParent(doc: unknown, pointer: string, op: string): Slot {
  const parts = parsePointer(pointer);
  if (parts.length === 0) throw patchError(`${op} operation does not apply: doc is missing path: "${pointer}": missing value`);
  let cur: unknown = doc;
  for (const p of parts.slice(0, -1)) {
    if (Array.isArray(cur)) cur = cur[Number(p)];
    else if (isObject(cur)) cur = cur[p];
    else cur = undefined;
    if (cur === undefined || cur === null) throw patchError(`${op} operation does not apply: doc is missing path: "${pointer}": missing value`);
  }
  if (!Array.isArray(cur) && !isObject(cur)) throw patchError(`${op} operation does not apply: doc is missing path: "${pointer}": missing value`);
  return { parent: cur, key: parts[parts.length - 1] };
}

function getAt(doc: unknown, pointer: string, op: string): unknown {
  let cur = doc;
  for (const p of parsePointer(pointer)) {
    if (Array.isArray(cur)) cur = Number.isInteger(Number(p)) ? cur[Number(p)] : undefined;
    else if (isObject(cur)) cur = Object.prototype.hasOwnProperty.call(cur, p) ? cur[p] : undefined;
    else cur = undefined;
    if (cur === undefined) throw patchError(`${op} operation does not apply: doc is missing path: "${pointer}": missing value`);
  }
  return cur;
}

function arrayIndex(arr: unknown[], key: string, forAdd: boolean, pointer: string): number {
  if (forAdd && key === '-') return arr.length;
  const i = Number(key);
  const max = forAdd ? arr.length : arr.length - 1;
  if (!/^(0|[1-9][0-9]*)$/.test(key) || i > max) throw patchError(`Unable to access invalid index: ${key} in path "${pointer}"`);
  return i;
}

function add(doc: unknown, pointer: string, value: unknown): unknown {
  if (pointer === '') return structuredClone(value);
  const { parent, key } = resolveParent(doc, pointer, 'add');
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, true, pointer), 0, structuredClone(value));
  else parent[key] = structuredClone(value);
  return doc;
}

function remove(doc: unknown, pointer: string, op = 'remove'): unknown {
  const { parent, key } = resolveParent(doc, pointer, op);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, false, pointer), 1);
  else {
    if (!Object.prototype.hasOwnProperty.call(parent, key)) throw patchError(`${op} operation does not apply: doc is missing key: ${pointer}: missing value`);
    delete parent[key];
  }
  return doc;
}

function deepEqualJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (isObject(v))
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sortKeys(v[k])]),
    );
  return v;
}

export function jsonPatch(doc: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) throw new StatusError(400, 'BadRequest', 'json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  let out = structuredClone(doc);
  for (const raw of ops) {
    if (!isObject(raw) || typeof raw.op !== 'string' || typeof raw.path !== 'string') throw patchError('Unexpected kind: unknown');
    const { op, path } = raw;
    switch (op) {
      case 'add':
        out = add(out, path, raw.value);
        break;
      case 'remove':
        out = remove(out, path);
        break;
      case 'replace':
        getAt(out, path, 'replace');
        out = path === '' ? structuredClone(raw.value) : add(remove(out, path, 'replace'), path, raw.value);
        break;
      case 'move': {
        if (typeof raw.from !== 'string') throw patchError('move operation missing from');
        const v = getAt(out, raw.from, 'move');
        out = add(remove(out, raw.from, 'move'), path, v);
        break;
      }
      case 'copy': {
        if (typeof raw.from !== 'string') throw patchError('copy operation missing from');
        out = add(out, path, getAt(out, raw.from, 'copy'));
        break;
      }
      case 'test': {
        let actual: unknown;
        try {
          actual = getAt(out, path, 'test');
        } catch {
          actual = undefined;
        }
        if (!deepEqualJson(actual, raw.value)) throw patchError(`testing value ${path} failed: test failed`);
        break;
      }
      default:
        throw patchError(`Unexpected kind: ${op}`);
    }
  }
  return out;
}

export function applyPatch(doc: unknown, type: PatchType, patch: unknown): unknown {
  if (type === 'json') return jsonPatch(doc, patch);
  if (!isObject(patch)) throw new StatusError(400, 'BadRequest', 'json: cannot unmarshal array into Go value of type map[string]interface {}');
  return mergePatch(doc, patch);
}
