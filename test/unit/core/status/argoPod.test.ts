import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { podInfo } from '../../../../src/core/status/argoPod';

const NOW = new Date('2026-03-01T12:00:00Z');
const pod = (status: Record<string, any>, spec: Record<string, any> = { containers: [{ name: 'a' }, { name: 'b' }] }, metadata: Record<string, any> = {}) =>
  podInfo({ metadata: { name: 'p', creationTimestamp: '2026-03-01T11:59:00Z', ...metadata }, spec, status }, NOW);

describe('podInfo (kubectl pod status)', () => {
  it('running and ready', () => {
    const p = pod({
      phase: 'Running',
      containerStatuses: [
        { ready: true, restartCount: 1, state: { running: {} } },
        { ready: true, restartCount: 2, state: { running: {} } },
      ],
    });
    assert.deepEqual([p.status, p.icon, p.ready, p.restarts, p.age], ['Running', '✔', '2/2', 3, '60s']);
  });
  it('the first container with a waiting reason wins (scanned last to first)', () => {
    const p = pod({ phase: 'Running', containerStatuses: [{ state: { waiting: { reason: 'CrashLoopBackOff' } } }, { state: { waiting: { reason: 'ErrImagePull' } } }] });
    assert.deepEqual([p.status, p.icon], ['CrashLoopBackOff', '✖']);
    assert.equal(pod({ phase: 'Pending', containerStatuses: [{ state: { waiting: { reason: 'ErrImagePull' } } }] }).icon, '⚠');
  });
  it('terminated without a reason shows the exit code or signal', () => {
    assert.equal(pod({ phase: 'Failed', containerStatuses: [{ state: { terminated: { exitCode: 2 } } }] }).status, 'ExitCode:2');
    assert.equal(pod({ phase: 'Failed', containerStatuses: [{ state: { terminated: { exitCode: 137, signal: 9 } } }] }).status, 'Signal:9');
  });
  it('init containers', () => {
    const spec = { initContainers: [{ name: 'i1' }, { name: 'i2' }], containers: [{ name: 'a' }] };
    assert.equal(
      pod(
        {
          phase: 'Pending',
          initContainerStatuses: [
            { name: 'i1', state: { terminated: { exitCode: 0 } } },
            { name: 'i2', state: { running: {} } },
          ],
        },
        spec,
      ).status,
      'Init:1/2',
    );
    assert.equal(pod({ phase: 'Pending', initContainerStatuses: [{ name: 'i1', state: { waiting: { reason: 'ImagePullBackOff' } } }] }, spec).status, 'Init:ImagePullBackOff');
    assert.equal(pod({ phase: 'Pending', initContainerStatuses: [{ name: 'i1', state: { terminated: { exitCode: 1, reason: 'Error' } } }] }, spec).status, 'Init:Error');
  });
  it('completed with a container still running reads Running; deletion reads Terminating', () => {
    assert.equal(pod({ phase: 'Running', containerStatuses: [{ state: { terminated: { reason: 'Completed' } } }, { ready: true, state: { running: {} } }] }).status, 'Running');
    assert.equal(pod({ phase: 'Running' }, undefined, { deletionTimestamp: '2026-03-01T11:59:30Z' }).status, 'Terminating');
    assert.equal(pod({ phase: 'Running', reason: 'NodeLost' }, undefined, { deletionTimestamp: '2026-03-01T11:59:30Z' }).status, 'Unknown');
  });
});
