/**
 * "Convert this Deployment to a Rollout", the way Argo Rollouts documents migrating
 * (docs/migrating.md, "Reference Deployment From Rollout"): a new Rollout that points at the
 * Deployment with `workloadRef` instead of copying its pod template, and a canary strategy. The
 * Deployment stays as it is; `workloadRef.scaleDown` tells the controller to scale it down
 * (`progressively` as the new pods become available, or `onsuccess` once the Rollout is healthy), so
 * there is no moment without serving pods.
 */
import { stringify } from 'yaml';
import { asOptionalObject, asString, at } from '../util/json';
import type { ManifestDocument } from '../manifest/manifestDocument';
import type { TextEdit } from './yamlEdits';
import { apiVersionOf, knownKind } from '../kinds';

export type ScaleDownMode = 'progressively' | 'onsuccess' | 'never';

export function isConvertibleDeployment(md: ManifestDocument): boolean {
  return md.kind === 'Deployment' && /^apps\/v1/.test(md.apiVersion ?? '') && !!md.name && !md.templated;
}

/** The Rollout manifest (a YAML document, without the leading `---`). */
export function rolloutForDeployment(md: ManifestDocument, scaleDown: ScaleDownMode = 'progressively'): string {
  const dep = asOptionalObject(md.value) ?? {};
  const metadata: Record<string, unknown> = { name: md.name };
  if (md.namespace) metadata.namespace = md.namespace;
  const labels = asOptionalObject(at(dep, 'metadata', 'labels'));
  if (labels) metadata.labels = labels;
  const spec: Record<string, unknown> = {};
  spec.replicas = typeof at(dep, 'spec', 'replicas') === 'number' ? at(dep, 'spec', 'replicas') : 1;
  const selector = asOptionalObject(at(dep, 'spec', 'selector'));
  if (selector) spec.selector = selector;
  spec.workloadRef = { apiVersion: 'apps/v1', kind: 'Deployment', name: md.name, scaleDown };
  spec.strategy = { canary: { steps: [{ setWeight: 20 }, { pause: {} }, { setWeight: 50 }, { pause: { duration: '10m' } }] } };
  const body = stringify({ apiVersion: apiVersionOf(knownKind('Rollout')), kind: 'Rollout', metadata, spec }, { lineWidth: 0, flowCollectionPadding: false });
  return body.replace(
    '  workloadRef:\n',
    `  # Migrated from Deployment/${asString(md.name)}: the pods come from its template; the controller\n  # scales the Deployment down (${scaleDown}) as the Rollout takes over. Adjust the steps.\n  workloadRef:\n`,
  );
}

/** An edit that adds the Rollout as a new document right after the Deployment's. */
export function convertDeploymentEdit(md: ManifestDocument, scaleDown: ScaleDownMode = 'progressively'): TextEdit {
  const end = md.offset + md.text.length;
  const sep = md.text.endsWith('\n') ? '' : '\n';
  return { range: { start: end, end }, newText: `${sep}---\n${rolloutForDeployment(md, scaleDown)}` };
}
