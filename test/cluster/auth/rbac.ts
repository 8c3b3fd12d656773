/**
 * Users, bearer tokens and RBAC for the test API server.
 *
 * A user's permissions are a flat list of RBAC PolicyRules (what a ClusterRole holds), each optionally
 * limited to some namespaces (what binding a ClusterRole through RoleBindings does). Matching follows
 * `k8s.io/kubernetes/plugin/pkg/auth/authorizer/rbac/rbac.go` (`RuleAllows`): `*` matches any verb,
 * group or resource (a `*` resource also covers subresources), `rollouts/status` names a subresource,
 * `*\/status` any type's status. Like the default `system:discovery` and `system:basic-user` bindings,
 * every authenticated user may read discovery paths and create SelfSubjectAccessReviews.
 *
 * Denials produce the API server's exact Forbidden message (`responsewriters/errors.go`), e.g.
 * `rollouts.argoproj.io "x" is forbidden: User "u" cannot patch resource "rollouts/status" in API group
 * "argoproj.io" in the namespace "ns"`.
 */
import { StatusError, qualifiedResource } from '../store/storeErrors';

export interface PolicyRule {
  /** get, list, watch, create, update, patch, delete, deletecollection, or '*'. */
  verbs: string[];
  /** '' is the core group; '*' any group. */
  apiGroups: string[];
  /** Plural names, 'plural/subresource', '*' (everything), or '*\/subresource'. */
  resources: string[];
  /** Limits the rule to these object names (empty or absent: any). */
  resourceNames?: string[];
  /** Limits the rule to these namespaces (absent: cluster-wide, including cluster-scoped types). */
  namespaces?: string[];
}

export interface TestUser {
  name: string;
  token: string;
  groups?: string[];
  rules: PolicyRule[];
}

/** What the authorizer decides on: kube-apiserver's authorizer.Attributes for resource requests. */
export interface ResourceAttributes {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

/** What `system:basic-user` grants everyone: asking what they may do. */
const SELF_REVIEWS = ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'];

/** What `system:discovery` and `system:public-info-viewer` grant everyone. */
export const DISCOVERY_PATHS = ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/'];

export const ADMIN_RULES: PolicyRule[] = [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }];

/** What the `view` ClusterRole grants, for a read-only user. */
export const VIEW_RULES: PolicyRule[] = [{ verbs: ['get', 'list', 'watch'], apiGroups: ['*'], resources: ['*'] }];

function matches(list: string[], value: string): boolean {
  return list.includes('*') || list.includes(value);
}

function resourceMatches(rule: PolicyRule, resource: string, subresource: string | undefined): boolean {
  const combined = subresource ? `${resource}/${subresource}` : resource;
  return rule.resources.some((r) => r === '*' || r === combined || (subresource !== undefined && r === `*/${subresource}`));
}

export function ruleAllows(rule: PolicyRule, a: ResourceAttributes): boolean {
  if (!matches(rule.verbs, a.verb)) return false;
  if (!matches(rule.apiGroups, a.group)) return false;
  if (!resourceMatches(rule, a.resource, a.subresource)) return false;
  if (rule.resourceNames?.length && !(a.name && rule.resourceNames.includes(a.name))) return false;
  if (rule.namespaces) {
    // A namespace-limited rule (RoleBinding) never grants cluster-scoped or all-namespace requests.
    if (!a.namespace || !rule.namespaces.includes(a.namespace)) return false;
  }
  return true;
}

export class Authorizer {
  /** Namespaces forbidden to everyone (or to one user) by fault injection, on top of the rules. */
  private readonly forbidden = new Map<string, Set<string> | 'all'>();

  constructor(private readonly users: TestUser[]) {}

  userForToken(token: string | undefined): TestUser | undefined {
    return token ? this.users.find((u) => u.token === token) : undefined;
  }

  forbidNamespace(namespace: string, userName?: string): void {
    const cur = this.forbidden.get(namespace);
    if (!userName) this.forbidden.set(namespace, 'all');
    else if (cur !== 'all') this.forbidden.set(namespace, new Set([...(cur ?? []), userName]));
  }

  allowNamespace(namespace: string): void {
    this.forbidden.delete(namespace);
  }

  allows(user: TestUser, a: ResourceAttributes): boolean {
    if (a.group === 'authorization.k8s.io' && SELF_REVIEWS.includes(a.resource) && a.verb === 'create') return true;
    if (a.namespace) {
      const f = this.forbidden.get(a.namespace);
      if (f === 'all' || f?.has(user.name)) return false;
    }
    return user.rules.some((r) => ruleAllows(r, a));
  }

  /**
   * SelfSubjectRulesReview: the rules that apply in `namespace` (cluster-wide rules and those bound
   * there), plus the basic-user and discovery rules everyone has, as the RBAC rule resolver lists them.
   */
  rulesReview(user: TestUser, namespace: string): Record<string, unknown> {
    const f = this.forbidden.get(namespace);
    const blocked = f === 'all' || f?.has(user.name);
    const resourceRules = [
      { verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: SELF_REVIEWS },
      ...(blocked ? [] : user.rules.filter((r) => !r.namespaces || r.namespaces.includes(namespace)).map(({ namespaces: _n, ...rule }) => rule)),
    ];
    return { resourceRules, nonResourceRules: [{ verbs: ['get'], nonResourceURLs: DISCOVERY_PATHS }], incomplete: false };
  }

  /** Why an allowed request was allowed, in the shape RBAC reports it in access reviews. */
  reason(user: TestUser): string {
    return `RBAC: allowed by ClusterRoleBinding "${user.name}-binding" of ClusterRole "${user.name}-role" to User "${user.name}"`;
  }
}

export function forbidden(user: TestUser, a: ResourceAttributes): StatusError {
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const scope = a.namespace ? `in the namespace "${a.namespace}"` : 'at the cluster scope';
  const why = `User "${user.name}" cannot ${a.verb} resource "${resource}" in API group "${a.group}" ${scope}`;
  const qr = qualifiedResource(a.group, a.resource);
  const message = a.name ? `${qr} "${a.name}" is forbidden: ${why}` : `${qr} is forbidden: ${why}`;
  return new StatusError(403, 'Forbidden', message, { name: a.name, group: a.group || undefined, kind: a.resource });
}

export function forbiddenPath(user: TestUser, verb: string, path: string): StatusError {
  return new StatusError(403, 'Forbidden', `forbidden: User "${user.name}" cannot ${verb} path "${path}"`);
}
