/**
 * `tsx scripts/vendorKubernetesSchemas.ts [path/to/api__v1_openapi.json]`: vendors the part of the
 * upstream Kubernetes OpenAPI v3 document that the Argo Rollouts CRDs leave unchecked inside an
 * embedded pod template (x-kubernetes-preserve-unknown-fields on `resources.limits`,
 * `resources.requests` and `volumes`; see src/core/schema/embeddedCore.ts).
 *
 * Reduction, nothing else: the definitions reachable from ROOTS (by `$ref`) are copied unchanged, in
 * upstream order, with the document's `openapi` and `info`; `paths` and every other definition are
 * dropped. Without an argument the file comes from the Go module cache
 * (`go mod download -json k8s.io/kubernetes@KUBERNETES_VERSION` → Dir →
 * api/openapi-spec/v3/api__v1_openapi.json). Output: schemas/upstream/kubernetes/core-v1.json; its
 * provenance is in schemas/upstream/SOURCES.md. `npm run schemas` then converts it.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CORE_ROOTS } from '../src/core/schema/embeddedCore';

export const KUBERNETES_VERSION = 'v1.35.4';
const SPEC_PATH = 'api/openapi-spec/v3/api__v1_openapi.json';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
interface OpenApiDocument {
  openapi: string;
  info: Json;
  components: { schemas: Record<string, Json> };
}

/** The definitions reachable from `roots`, in the order the upstream document lists them. */
export function reduceOpenApi(doc: OpenApiDocument, roots: readonly string[]): OpenApiDocument {
  const all = doc.components.schemas;
  const needed = new Set<string>();
  const queue = [...roots];
  while (queue.length) {
    const name = queue.pop()!;
    if (needed.has(name)) continue;
    if (!all[name]) throw new Error(`${name} is not defined in the OpenAPI document`);
    needed.add(name);
    JSON.stringify(all[name], (key, value: unknown) => {
      if (key === '$ref' && typeof value === 'string') queue.push(value.replace('#/components/schemas/', ''));
      return value;
    });
  }
  const schemas = Object.fromEntries(
    Object.keys(all)
      .filter((n) => needed.has(n))
      .map((n) => [n, all[n]]),
  );
  return { openapi: doc.openapi, info: doc.info, components: { schemas } };
}

function moduleCacheSpec(): string {
  const out = execFileSync('go', ['mod', 'download', '-json', `k8s.io/kubernetes@${KUBERNETES_VERSION}`], { encoding: 'utf8' });
  return path.join((JSON.parse(out) as { Dir: string }).Dir, SPEC_PATH);
}

if (require.main === module) {
  const source = process.argv[2] ?? moduleCacheSpec();
  const text = fs.readFileSync(source, 'utf8');
  const reduced = reduceOpenApi(JSON.parse(text) as OpenApiDocument, CORE_ROOTS);
  const target = path.join(__dirname, '..', 'schemas', 'upstream', 'kubernetes', 'core-v1.json');
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, JSON.stringify(reduced, null, 2) + '\n');
  const sha = createHash('sha256').update(text).digest('hex');
  console.log(`${source}\n  sha256 ${sha}\n  ${Object.keys(reduced.components.schemas).length} definitions → ${path.relative(process.cwd(), target)}`);
}
