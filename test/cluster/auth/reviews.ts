/**
 * The self reviews every user may create (`system:basic-user`): SelfSubjectAccessReview ("can I do
 * this?", `kubectl auth can-i`) and SelfSubjectRulesReview ("what may I do here?", `kubectl auth can-i
 * --list`), answered from the same policy that authorizes requests (rbac.ts), in the shapes of
 * `k8s.io/api/authorization/v1`.
 */
import type { Authorizer, TestUser } from './rbac';
import { StatusError } from '../store/storeErrors';

/** SelfSubjectRulesReview (`kubectl auth can-i --list`): the caller's rules in one namespace. */
export function rulesReview(authorizer: Authorizer, user: TestUser, body: unknown): unknown {
  const review = body as { kind?: string; spec?: { namespace?: string } };
  if (!review || review.kind !== 'SelfSubjectRulesReview') throw new StatusError(400, 'BadRequest', 'the body of the request must be a SelfSubjectRulesReview');
  const namespace = review.spec?.namespace;
  if (!namespace) throw new StatusError(422, 'Invalid', 'SelfSubjectRulesReview.authorization.k8s.io "" is invalid: spec.namespace: Required value: namespace is required');
  return {
    kind: 'SelfSubjectRulesReview',
    apiVersion: 'authorization.k8s.io/v1',
    metadata: { creationTimestamp: null },
    spec: { namespace },
    status: authorizer.rulesReview(user, namespace),
  };
}

/** SelfSubjectAccessReview: the authorizer's decision for the caller, echoed into `status`. */
export function accessReview(authorizer: Authorizer, user: TestUser, body: unknown): unknown {
  const review = body as { apiVersion?: string; kind?: string; spec?: { resourceAttributes?: Record<string, string>; nonResourceAttributes?: { path?: string; verb?: string } } };
  if (!review || review.kind !== 'SelfSubjectAccessReview') throw new StatusError(400, 'BadRequest', 'the body of the request must be a SelfSubjectAccessReview');
  const ra = review.spec?.resourceAttributes;
  const nra = review.spec?.nonResourceAttributes;
  let allowed: boolean;
  if (ra) {
    allowed = authorizer.allows(user, {
      verb: ra.verb ?? '',
      group: ra.group ?? '',
      resource: ra.resource ?? '',
      subresource: ra.subresource || undefined,
      namespace: ra.namespace || undefined,
      name: ra.name || undefined,
    });
  } else if (nra) {
    allowed = nra.verb === 'get' || user.rules.some((r) => r.verbs.includes('*'));
  } else {
    throw new StatusError(422, 'Invalid', 'SelfSubjectAccessReview.authorization.k8s.io "" is invalid: spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified');
  }
  return {
    kind: 'SelfSubjectAccessReview',
    apiVersion: 'authorization.k8s.io/v1',
    metadata: { creationTimestamp: null },
    spec: review.spec,
    status: allowed ? { allowed: true, reason: authorizer.reason(user) } : { allowed: false },
  };
}
