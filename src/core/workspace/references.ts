/**
 * The names one object uses to point at others, read from its plain value. Argo Rollouts resolves
 * these in `validation_references.go` / the controller's informers; Flagger in its canary
 * controller. Every reference is namespaced like Kubernetes does it: the referencing object's
 * namespace unless the field states another (Flagger's templateRef/providerRef `namespace`);
 * ClusterAnalysisTemplates are cluster-scoped.
 */
import type { PathSegment } from '../manifest/manifestDocument';
import { arr, get, isSet, obj, str, type Obj } from '../rules/ruleKit';

export type AnalysisUse = 'background' | 'step' | 'prePromotion' | 'postPromotion' | 'experiment';

export interface ReferenceSite {
  /** Path of the field whose value is the referenced name. */
  path: PathSegment[];
  /** Upstream's path for messages (Argo's reference checks use full paths). */
  upstreamPath: string;
  targetKind: string;
  name: string;
  /** Explicit namespace; undefined means "the referencing object's namespace". */
  namespace?: string;
  clusterScoped?: boolean;
  role: string;
  /** API group the target must be in, where the kind alone is ambiguous (Istio's and App Mesh's VirtualService). */
  group?: string;
  /** For Istio virtual services: the HTTP route names, and the TLS/TCP route selectors ({port, sniHosts}), the rollout manages. */
  istio?: { routes: string[]; tlsRoutes: Obj[]; tcpRoutes: Obj[] };
  /** For analysis templates: the group of templates and args they are instantiated with. */
  analysis?: { use: AnalysisUse; argsPath: PathSegment[]; args: Obj[]; groupIndex: number };
}

type Sink = (site: ReferenceSite) => void;

export function extractReferences(kind: string, value: Obj): ReferenceSite[] {
  const out: ReferenceSite[] = [];
  const add: Sink = (s) => {
    if (s.name && !s.name.includes('{{')) out.push(s);
  };
  const spec = obj(value.spec) ?? {};
  if (kind === 'Rollout') rolloutReferences(spec, add);
  else if (kind === 'Experiment') analysisGroup(spec, ['spec'], 'analyses', add);
  else if (kind === 'Canary') canaryReferences(spec, add);
  return out;
}

function service(path: PathSegment[], name: unknown, role: string, add: Sink) {
  add({ path, upstreamPath: path.map(String).join('.'), targetKind: 'Service', name: str(name), role });
}

function rolloutReferences(spec: Obj, add: Sink) {
  const wr = obj(spec.workloadRef);
  if (wr) add({ path: ['spec', 'workloadRef', 'name'], upstreamPath: 'spec.workloadRef.name', targetKind: str(wr.kind) || 'Deployment', name: str(wr.name), role: 'workloadRef' });
  const canary = obj(get(spec, 'strategy', 'canary'));
  const bg = obj(get(spec, 'strategy', 'blueGreen'));
  if (bg) {
    service(['spec', 'strategy', 'blueGreen', 'activeService'], bg.activeService, 'activeService', add);
    service(['spec', 'strategy', 'blueGreen', 'previewService'], bg.previewService, 'previewService', add);
    for (const use of ['prePromotion', 'postPromotion'] as const) {
      const key = `${use}Analysis`;
      if (isSet(bg[key])) analysisBlock(obj(bg[key]) ?? {}, ['spec', 'strategy', 'blueGreen', key], use, 0, add);
    }
  }
  if (!canary) return;
  const C = ['spec', 'strategy', 'canary'];
  service([...C, 'canaryService'], canary.canaryService, 'canaryService', add);
  service([...C, 'stableService'], canary.stableService, 'stableService', add);
  service([...C, 'pingPong', 'pingService'], get(canary, 'pingPong', 'pingService'), 'pingService', add);
  service([...C, 'pingPong', 'pongService'], get(canary, 'pingPong', 'pongService'), 'pongService', add);
  const tr = obj(canary.trafficRouting) ?? {};
  const TR = [...C, 'trafficRouting'];
  for (const router of ['nginx', 'alb']) {
    const r = obj(tr[router]);
    if (!r) continue;
    const single = router === 'nginx' ? 'stableIngress' : 'ingress';
    const many = router === 'nginx' ? 'stableIngresses' : 'ingresses';
    if (isSet(r[single])) add({ path: [...TR, router, single], upstreamPath: [...TR, router, single].join('.'), targetKind: 'Ingress', name: str(r[single]), role: `${router}Ingress` });
    arr(r[many]).forEach((n, i) => add({ path: [...TR, router, many, i], upstreamPath: `${[...TR, router, many].join('.')}[${i}]`, targetKind: 'Ingress', name: str(n), role: `${router}Ingress` }));
    if (router === 'alb' && isSet(r.rootService)) service([...TR, 'alb', 'rootService'], r.rootService, 'rootService', add);
  }
  const istio = obj(tr.istio);
  if (istio) {
    const vs = (p: PathSegment[], v: unknown) => {
      const [name, ns] = str(get(v, 'name')).split('.');
      const selectors = (key: string) => arr(get(v, key)).map((r) => obj(r) ?? {});
      const istioRoutes = { routes: arr(get(v, 'routes')).map(String), tlsRoutes: selectors('tlsRoutes'), tcpRoutes: selectors('tcpRoutes') };
      // ValidateVirtualService names the list field without an index (virtualServices.name).
      add({ path: p, upstreamPath: p.filter((x) => typeof x === 'string').join('.'), targetKind: 'VirtualService', group: 'networking.istio.io', name, namespace: ns || undefined, role: 'virtualService', istio: istioRoutes });
    };
    if (isSet(get(istio, 'virtualService', 'name'))) vs([...TR, 'istio', 'virtualService', 'name'], istio.virtualService);
    arr(istio.virtualServices).forEach((v, i) => vs([...TR, 'istio', 'virtualServices', i, 'name'], v));
    if (isSet(get(istio, 'destinationRule', 'name'))) add({ path: [...TR, 'istio', 'destinationRule', 'name'], upstreamPath: 'spec.strategy.canary.trafficRouting.istio.destinationRule.name', targetKind: 'DestinationRule', name: str(get(istio, 'destinationRule', 'name')), role: 'destinationRule' });
  }
  // App Mesh: the controller reads the virtual service in the rollout's namespace, then its router.
  const meshVs = get(tr, 'appMesh', 'virtualService', 'name');
  if (isSet(meshVs)) add({ path: [...TR, 'appMesh', 'virtualService', 'name'], upstreamPath: 'spec.strategy.canary.trafficRouting.appmesh.virtualService', targetKind: 'VirtualService', group: 'appmesh.k8s.aws', name: str(meshVs), role: 'appMeshVirtualService' });
  arr(get(tr, 'ambassador', 'mappings')).forEach((m, i) => add({ path: [...TR, 'ambassador', 'mappings', i], upstreamPath: `${[...TR, 'ambassador', 'mappings'].join('.')}[${i}]`, targetKind: 'Mapping', name: str(m), role: 'ambassadorMapping' }));
  if (isSet(canary.analysis)) analysisBlock(obj(canary.analysis) ?? {}, [...C, 'analysis'], 'background', 0, add);
  arr(canary.steps).forEach((s, i) => {
    if (isSet(get(s, 'analysis'))) analysisBlock(obj(get(s, 'analysis')) ?? {}, [...C, 'steps', i, 'analysis'], 'step', i, add);
    if (isSet(get(s, 'experiment'))) analysisGroup(obj(get(s, 'experiment')) ?? {}, [...C, 'steps', i, 'experiment'], 'analyses', add, i);
  });
}

/** `analysis: {templates: [{templateName, clusterScope}], args}` as in Rollout strategies. */
function analysisBlock(block: Obj, base: PathSegment[], use: AnalysisUse, groupIndex: number, add: Sink) {
  const args = arr(block.args).map((a) => obj(a) ?? {});
  arr(block.templates).forEach((t, j) => {
    const clusterScope = get(t, 'clusterScope') === true;
    add({
      path: [...base, 'templates', j, 'templateName'],
      upstreamPath: `${base.join('.')}.templates`,
      targetKind: clusterScope ? 'ClusterAnalysisTemplate' : 'AnalysisTemplate',
      name: str(get(t, 'templateName')),
      clusterScoped: clusterScope,
      role: 'analysisTemplate',
      analysis: { use, argsPath: [...base, 'args'], args, groupIndex },
    });
  });
}

/** Experiment `analyses: [{name, templateName, clusterScope, args}]`: each entry is its own run. */
function analysisGroup(spec: Obj, base: PathSegment[], key: string, add: Sink, groupIndex = 0) {
  arr(spec[key]).forEach((a, k) => {
    const clusterScope = get(a, 'clusterScope') === true;
    add({
      path: [...base, key, k, 'templateName'],
      upstreamPath: `${base.join('.')}.${key}[${k}].templateName`,
      targetKind: clusterScope ? 'ClusterAnalysisTemplate' : 'AnalysisTemplate',
      name: str(get(a, 'templateName')),
      clusterScoped: clusterScope,
      role: 'analysisTemplate',
      analysis: { use: 'experiment', argsPath: [...base, key, k, 'args'], args: arr(get(a, 'args')).map((x) => obj(x) ?? {}), groupIndex: groupIndex * 1000 + k },
    });
  });
}

function canaryReferences(spec: Obj, add: Sink) {
  const target = obj(spec.targetRef);
  if (target) add({ path: ['spec', 'targetRef', 'name'], upstreamPath: 'spec.targetRef.name', targetKind: str(target.kind) || 'Deployment', name: str(target.name), role: 'targetRef' });
  const hpa = obj(spec.autoscalerRef);
  if (hpa) add({ path: ['spec', 'autoscalerRef', 'name'], upstreamPath: 'spec.autoscalerRef.name', targetKind: str(hpa.kind) || 'HorizontalPodAutoscaler', name: str(hpa.name), role: 'autoscalerRef' });
  const ing = obj(spec.ingressRef);
  if (ing) add({ path: ['spec', 'ingressRef', 'name'], upstreamPath: 'spec.ingressRef.name', targetKind: str(ing.kind) || 'Ingress', name: str(ing.name), role: 'ingressRef' });
  arr(get(spec, 'analysis', 'metrics')).forEach((m, i) => {
    const ref = obj(get(m, 'templateRef'));
    if (ref) add({ path: ['spec', 'analysis', 'metrics', i, 'templateRef', 'name'], upstreamPath: `spec.analysis.metrics[${i}].templateRef`, targetKind: 'MetricTemplate', name: str(ref.name), namespace: str(ref.namespace) || undefined, role: 'metricTemplate' });
  });
  arr(get(spec, 'analysis', 'alerts')).forEach((a, i) => {
    const ref = obj(get(a, 'providerRef'));
    if (ref) add({ path: ['spec', 'analysis', 'alerts', i, 'providerRef', 'name'], upstreamPath: `spec.analysis.alerts[${i}].providerRef`, targetKind: 'AlertProvider', name: str(ref.name), namespace: str(ref.namespace) || undefined, role: 'alertProvider' });
  });
}
