/**
 * `kubectl argo rollouts set image ROLLOUT CONTAINER=IMAGE` (argoproj/argo-rollouts v1.9.1
 * `pkg/kubectl-argo-rollouts/cmd/set/set_image.go`), planned from the rollout (and its Deployment):
 *
 * - The argument is split on `=` and must give exactly two parts (`app=img:v2`); anything else is a usage
 *   error, so an image cannot contain `=`.
 * - The containers searched are the pod template's `initContainers`, `containers` and `ephemeralContainers`,
 *   in that order; every one named CONTAINER gets the image, and `*` sets it on all of them. No match is
 *   an error: `unable to find container named "CONTAINER"`.
 * - A rollout with `spec.workloadRef` takes its template from a Deployment: the image is set there
 *   (upstream reads `deployments/<workloadRef.name>` whatever the ref's kind says; we act only when the
 *   kind is Deployment, since reading a Deployment for a ReplicaSet ref would change an unrelated object).
 *
 * One difference, on purpose: upstream sends the whole object back (a PUT, re-read and re-sent up to
 * five times on a conflict). We send a JSON Patch that, per matched container, tests the container's
 * name at its index and then sets `image`: the API server applies it atomically against the current
 * object, so a template changed since our read fails the test instead of being overwritten, and the
 * confirmation shows only what changes. The resulting object is the same.
 *
 * When every matched container already runs the image, upstream still sends its PUT, which changes
 * nothing; we send nothing and say so (`noop`).
 */
import { gitOpsWarning } from './gitOps';
import { ActionError, type ActionPlan, type ResourceTarget } from './plan';
import { asArray, asObject, asString, at, metadataOf } from '../util/json';
import { resourceOf } from '../kinds';

/** Where upstream looks for containers, in its order. */
export const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const;
export type ContainerList = (typeof CONTAINER_LISTS)[number];

export interface TemplateContainer {
  list: ContainerList;
  index: number;
  name: string;
  /** undefined when the container has no image field. */
  image: string | undefined;
}

/** Every container of an object's pod template (`spec.template.spec`), in upstream's search order. */
export function templateContainers(obj: unknown): TemplateContainer[] {
  const spec = at(obj, 'spec', 'template', 'spec');
  const out: TemplateContainer[] = [];
  for (const list of CONTAINER_LISTS)
    asArray(asObject(spec)[list]).forEach((c, index) => {
      const image = asObject(c).image;
      out.push({ list, index, name: asString(asObject(c).name), image: typeof image === 'string' ? image : undefined });
    });
  return out;
}

/*
 * An image reference as the distribution project (github.com/distribution/reference) parses it:
 * [domain[:port]/]path-component[/path-component…][:tag][@digest]. The API server only refuses
 * surrounding whitespace; a reference that does not parse makes every new pod fail with InvalidImageName.
 */
const ALNUM = '[a-z0-9]+';
const PATH_COMPONENT = `${ALNUM}(?:(?:[._]|__|-+)${ALNUM})*`;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^((?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*)(?::${TAG})?(?:@${DIGEST})?$`);

/** Why `image` is not an image reference; undefined when it is one. */
export function imageProblem(image: string): string | undefined {
  if (image === '') return 'the image is empty';
  if (/\s/.test(image)) return `'${image}' contains whitespace`;
  const m = REFERENCE.exec(image);
  if (!m) return `'${image}' is not an image reference ([registry/]name[:tag][@digest], the name in lower case)`;
  if (m[1].length > 255) return `the repository name of '${image}' is longer than 255 characters`;
  return undefined;
}

/**
 * The CLI's `CONTAINER=IMAGE` as upstream splits it (exactly one `=`), the image checked by
 * `imageProblem`; a string is the usage error.
 */
export function parseContainerImage(arg: string): { container: string; image: string } | string {
  const parts = arg.split('=');
  if (parts.length !== 2) return `expected CONTAINER=IMAGE (one '='; '*' for every container), not '${arg}'`;
  const [container, image] = parts;
  if (container === '') return `no container name before '=' in '${arg}' ('*' for every container)`;
  const problem = imageProblem(image);
  return problem ? `${problem}: expected CONTAINER=IMAGE` : { container, image };
}

const DEPLOYMENT: Omit<ResourceTarget, 'namespace' | 'name'> = { group: 'apps', version: 'v1', plural: 'deployments', kind: 'Deployment' };

/** The Deployment a rollout's `spec.workloadRef` names, when it names one (what `set image` changes then). */
export function workloadDeployment(rollout: unknown): ResourceTarget | undefined {
  const ref = asObject(at(rollout, 'spec', 'workloadRef'));
  if (typeof ref.name !== 'string' || ref.name === '' || asString(ref.kind) !== 'Deployment') return undefined;
  return { ...DEPLOYMENT, namespace: metadataOf(rollout).namespace, name: ref.name };
}

/**
 * @param workload the Deployment of `spec.workloadRef` read fresh (undefined: the rollout has none, or it
 *   was not found).
 */
export function setImagePlan(rollout: unknown, container: string | undefined, image: string | undefined, workload?: unknown): ActionPlan {
  if (container === undefined || image === undefined) throw new ActionError('set image needs a container (or *) and an image: CONTAINER=IMAGE');
  if (container === '') throw new ActionError("set image needs a container name ('*' for every container)");
  const problem = imageProblem(image);
  if (problem) throw new ActionError(`set image: ${problem}`);
  const m = metadataOf(rollout);
  const label = `rollout '${m.name}'`;
  const plan: ActionPlan = {
    action: 'set-image',
    target: { ...resourceOf('Rollout'), namespace: m.namespace, name: m.name },
    requests: [],
    describe: `Sets the image of ${container === '*' ? 'every container' : `container '${container}'`} of ${label} to ${image}.`,
  };
  let holder: unknown = rollout;
  const ref = asObject(at(rollout, 'spec', 'workloadRef'));
  if (ref.name !== undefined) {
    const deployment = workloadDeployment(rollout);
    if (!deployment) {
      plan.unavailable = `${label} takes its template from ${asString(ref.kind) || 'a workload'} '${asString(ref.name)}' (spec.workloadRef): set image changes a Deployment's template only`;
      return plan;
    }
    if (workload === undefined) {
      plan.unavailable = `${label} takes its template from Deployment '${deployment.name}' (spec.workloadRef), which was not found in namespace ${m.namespace}`;
      return plan;
    }
    plan.target = deployment;
    holder = workload;
  }
  const all = templateContainers(holder);
  const matched = all.filter((c) => container === '*' || c.name === container);
  const where = plan.target.kind === 'Rollout' ? label : `${label}'s Deployment '${plan.target.name}' (spec.workloadRef)`;
  if (matched.length === 0) {
    const names = all.map((c) => (c.list === 'containers' ? c.name : `${c.name} (${c.list})`)).join(', ');
    plan.unavailable = `unable to find container named "${container}" in ${where} (${names ? `containers: ${names}` : 'no containers'})`;
    return plan;
  }
  const body = matched.flatMap((c) => {
    const base = `/spec/template/spec/${c.list}/${c.index}`;
    return [
      { op: 'test', path: `${base}/name`, value: c.name },
      { op: c.image === undefined ? 'add' : 'replace', path: `${base}/image`, value: image },
    ];
  });
  plan.requests = [{ method: 'PATCH', subresource: undefined, contentType: 'application/json-patch+json', body }];
  const changes = matched.map((c) => `${c.name}${c.list === 'containers' ? '' : ` (${c.list})`}: ${c.image ?? '(none)'} → ${image}`);
  plan.describe = `Sets the image in the pod template of ${where}: ${changes.join('; ')}. The controller rolls it out as a new revision, through the strategy's steps.`;
  if (matched.every((c) => c.image === image)) plan.noop = `every matched container of ${where} already runs ${image}`;
  const warning = gitOpsWarning(holder, ['spec', 'template', 'spec']);
  if (warning) plan.warning = warning;
  // The manifest edit names the container, so it lands on the right item whatever the file's order; for
  // '*' (several lists, several items) and a workloadRef (another document) there is none.
  if (plan.target.kind === 'Rollout' && container !== '*') plan.manifestEdit = { path: ['spec', 'template', 'spec', matched[0].list, { name: container }, 'image'], value: image };
  return plan;
}
