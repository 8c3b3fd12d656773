/**
 * Workspace index benchmark (issue 3 "Performance"): a generated config repo of 2,000 manifests
 * (400 apps × Rollout, two Services, Ingress, AnalysisTemplate, spread over 3 files per app).
 * Reports, in the same run: the parse floor (every file through ManifestFileParser alone), a full
 * index (setFile for every file + reference findings for every file), and one Service edit (files
 * invalidated and re-resolved, time) against re-resolving everything. Target: full index < 2 s, an
 * edit re-resolves only its dependents. Asserts nothing (speed is never a test condition).
 * Standalone: `npx tsx test/bench/workspaceIndex.ts`.
 */
import { ManifestFileParser } from '../../src/core/manifest/manifestFile';
import { WorkspaceIndex } from '../../src/core/workspace/workspaceIndex';

const APPS = 400;

function appFiles(i: number): [string, string][] {
  const app = `app-${i}`;
  const ns = `team-${i % 20}`;
  const rollout = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: ${app}
  namespace: ${ns}
spec:
  replicas: 3
  selector:
    matchLabels: {app: ${app}}
  template:
    metadata:
      labels: {app: ${app}}
    spec:
      containers:
        - name: ${app}
          image: registry.example/${app}:1.${i}
  strategy:
    canary:
      canaryService: ${app}-canary
      stableService: ${app}-stable
      trafficRouting:
        nginx:
          stableIngress: ${app}
      analysis:
        templates: [{templateName: ${app}-success}]
        args: [{name: service, value: ${app}-canary}]
      steps:
        - setWeight: 20
        - pause: {duration: 5m}
        - setWeight: 60
        - pause: {}
`;
  const svc = (name: string) => `apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: ${ns}}
spec:
  selector: {app: ${app}}
  ports: [{port: 80, targetPort: 8080}]
`;
  const ingress = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: ${app}, namespace: ${ns}}
spec:
  rules:
    - http:
        paths:
          - {path: /, pathType: Prefix, backend: {service: {name: ${app}-stable, port: {number: 80}}}}
`;
  const template = `apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata: {name: ${app}-success, namespace: ${ns}}
spec:
  args: [{name: service}]
  metrics:
    - name: success
      interval: 1m
      count: 5
      successCondition: result[0] > 0.99
      provider: {prometheus: {address: "http://prom:9090", query: "up{service='{{args.service}}'}"}}
`;
  const dir = `file:///repo/apps/${app}`;
  return [
    [`${dir}/rollout.yaml`, rollout],
    [`${dir}/network.yaml`, [svc(`${app}-canary`), svc(`${app}-stable`), ingress].join('---\n')],
    [`${dir}/analysis.yaml`, template],
  ];
}

function cpuMs(fn: () => void): number {
  const t0 = process.cpuUsage();
  fn();
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1000;
}

export function run(): void {
  const files = Array.from({ length: APPS }, (_, i) => appFiles(i)).flat();
  const docs = files.reduce((n, [, t]) => n + t.split('\n---\n').length, 0);
  const floor: number[] = [];
  const full: number[] = [];
  let ix = new WorkspaceIndex();
  let findings = 0;
  for (let r = 0; r < 5; r++) {
    floor.push(cpuMs(() => files.forEach(([, t]) => new ManifestFileParser().parse(t))));
    full.push(
      cpuMs(() => {
        ix = new WorkspaceIndex();
        for (const [u, t] of files) ix.setFile(u, t);
        findings = 0;
        for (const [u] of files) findings += ix.referenceFindings(u).length;
      }),
    );
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  // One edit: the stable Service of app-7 changes its selector. Only app-7's rollout depends on it.
  const [netUri, netText] = files.find(([u]) => u.endsWith('app-7/network.yaml'))!;
  let touched: string[] = [];
  ix.resolvedFileCount = 0;
  const edit = cpuMs(() => {
    touched = ix.setFile(netUri, netText.replace('selector: {app: app-7}', 'selector: {app: app-7, tier: web}'));
    for (const u of touched) ix.referenceFindings(u);
  });
  const resolvedAfterEdit = ix.resolvedFileCount;
  const everything = cpuMs(() => {
    const again = new WorkspaceIndex();
    for (const [u, t] of files) again.setFile(u, t);
    for (const [u] of files) again.referenceFindings(u);
  });
  console.log(`workspace index: ${files.length} files, ${docs} manifests (${APPS} apps)`);
  console.log(`  parse floor (ManifestFileParser only)   ${med(floor).toFixed(0).padStart(6)} ms CPU (median of 5)`);
  console.log(`  full index + all reference findings    ${med(full).toFixed(0).padStart(6)} ms CPU (median of 5) = ${(med(full) / med(floor)).toFixed(2)}× parse floor; target < 2000 ms: ${med(full) < 2000 ? 'met' : 'NOT met'}`);
  console.log(`  findings on the generated repo         ${findings} (expected 0: every reference resolves and matches)`);
  console.log(`  one Service edit: invalidated ${touched.length} files (${touched.map((u) => u.replace('file:///repo/apps/', '')).join(', ')}), re-resolved ${resolvedAfterEdit}, ${edit.toFixed(1)} ms CPU`);
  console.log(`  vs re-indexing everything              ${everything.toFixed(0).padStart(6)} ms CPU (${(everything / Math.max(edit, 0.01)).toFixed(0)}× the edit)`);
}

if (require.main === module) void run();
