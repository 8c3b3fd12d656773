import { test } from 'node:test';
import assert from 'node:assert/strict';
import { humanDuration, jsonPathValue, table, tableColumns, wantsTable } from '../../../cluster/http/table';
import { ResourceRegistry } from '../../../cluster/http/resources';

test('humanDuration follows apimachinery duration.HumanDuration', () => {
  const s = 1000,
    m = 60 * s,
    h = 60 * m,
    d = 24 * h;
  const cases: [number, string][] = [
    [-2 * s, '<invalid>'],
    [-500, '0s'],
    [0, '0s'],
    [119 * s, '119s'],
    [2 * m, '2m'],
    [9 * m + 59 * s, '9m59s'],
    [10 * m, '10m'],
    [179 * m, '179m'],
    [3 * h, '3h'],
    [7 * h + 59 * m, '7h59m'],
    [8 * h, '8h'],
    [47 * h, '47h'],
    [2 * d, '2d'],
    [7 * d + 23 * h, '7d23h'],
    [8 * d, '8d'],
    [729 * d, '729d'],
    [730 * d, '2y'],
    [800 * d, '2y70d'],
    [8 * 365 * d, '8y'],
  ];
  for (const [ms, want] of cases) assert.equal(humanDuration(ms), want, `${ms} ms`);
});

test('jsonPathValue reads the printer-column subset', () => {
  const o = { a: { b: [{ c: 1 }], 'x.y': 'z' } };
  assert.equal(jsonPathValue(o, '.a.b[0].c'), 1);
  assert.equal(jsonPathValue(o, ".a['x.y']"), 'z');
  assert.equal(jsonPathValue(o, '.a.missing.c'), undefined);
});

test('tables: CRD printer columns after Name, ages from the given clock, objects as PartialObjectMetadata', () => {
  const reg = new ResourceRegistry();
  const rollouts = reg.get({ group: 'argoproj.io', resource: 'rollouts' })!;
  assert.deepEqual(
    tableColumns(rollouts).map((c) => c.name),
    ['Name', 'Desired', 'Current', 'Up-to-date', 'Available', 'Age'],
  );
  const obj = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: { name: 'r', creationTimestamp: '2026-01-01T00:00:00Z' }, spec: { replicas: 2 }, status: { replicas: 2, availableReplicas: 1 } };
  const t = table(rollouts, [obj], new Date('2026-01-01T00:05:00Z'), { resourceVersion: '9', include: 'Metadata', headers: true }) as any;
  assert.deepEqual(t.rows[0].cells, ['r', 2, 2, null, 1, '5m']);
  assert.equal(t.rows[0].object.kind, 'PartialObjectMetadata');
  const none = table(rollouts, [obj], new Date(), { resourceVersion: '9', include: 'None', headers: false }) as any;
  assert.equal(none.columnDefinitions, null);
  assert.equal(none.rows[0].object, undefined);
  const pods = reg.get({ group: '', resource: 'pods' })!;
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', creationTimestamp: '2026-01-01T00:00:00Z' },
    spec: { containers: [{}, {}] },
    status: {
      phase: 'Running',
      containerStatuses: [
        { ready: true, restartCount: 1 },
        { ready: false, restartCount: 2 },
      ],
    },
  };
  assert.deepEqual((table(pods, [pod], new Date('2026-01-01T00:00:30Z'), { resourceVersion: '1', include: 'None', headers: true }) as any).rows[0].cells.slice(0, 5), ['p', '1/2', 'Running', '3', '30s']);
});

test('wantsTable only when the first acceptable type is a meta.k8s.io Table', () => {
  assert.ok(wantsTable('application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json'));
  assert.ok(!wantsTable('application/json'));
  assert.ok(!wantsTable(undefined));
});

test("pod STATUS shows a container's waiting reason (ImagePullBackOff) over the phase; events show their object", () => {
  const reg = new ResourceRegistry();
  const pods = reg.get({ group: '', resource: 'pods' })!;
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{}] }, status: { phase: 'Pending', containerStatuses: [{ ready: false, restartCount: 0, state: { waiting: { reason: 'ImagePullBackOff' } } }] } };
  assert.equal((table(pods, [pod], new Date(), { resourceVersion: '1', include: 'None', headers: false }) as any).rows[0].cells[2], 'ImagePullBackOff');
  const events = reg.get({ group: '', resource: 'events' })!;
  const ev = {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'e', creationTimestamp: '2026-01-01T00:00:00Z' },
    lastTimestamp: '2026-01-01T00:00:00Z',
    type: 'Normal',
    reason: 'RolloutPaused',
    involvedObject: { kind: 'Rollout', name: 'r' },
    message: 'paused',
  };
  assert.deepEqual((table(events, [ev as any], new Date('2026-01-01T00:01:00Z'), { resourceVersion: '1', include: 'None', headers: false }) as any).rows[0].cells, ['e', '60s', 'Normal', 'RolloutPaused', 'rollout/r', 'paused']);
});
