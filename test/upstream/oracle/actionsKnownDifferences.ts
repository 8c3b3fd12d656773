/**
 * Differences the actions oracle (test/integration/upstream/actionsOracle.test.ts) found between our
 * actions and `kubectl argo rollouts` v1.9.1 on a twin, kept on purpose, each with the reason. A
 * difference not listed here fails the test, and so does an entry that no longer matches anything.
 */
export interface ActionsKnownDifference {
  state: string;
  action: string;
  /** `requests`: what was sent differs; `outcome`: where the controller took the two differs. */
  aspect: 'requests' | 'outcome';
  reason: string;
}

export const ACTIONS_KNOWN_DIFFERENCES: ActionsKnownDifference[] = [
  {
    state: 'canary healthy',
    action: 'promote',
    aspect: 'requests',
    reason:
      'On a canary with every step done, promote.go still sends {"status":{"currentStepIndex":N,"pauseConditions":null}} with N capped at len(steps), which changes nothing; we say "nothing to advance" and send nothing. The controller leaves both twins Healthy at the last step (the outcome agrees).',
  },
  {
    state: 'canary healthy',
    action: 'abort',
    aspect: 'requests',
    reason:
      'abort.go sends {"status":{"abort":true}} whatever the state; on a fully promoted rollout the controller clears it again and the rollout stays Healthy (the outcome agrees). We send nothing and say there is no update in flight to abort.',
  },
  {
    state: 'canary healthy',
    action: 'set image',
    aspect: 'requests',
    reason:
      "set_image.go reads the rollout and sends all of it back with the container's new image (a PUT carrying the resourceVersion, re-read and re-sent on a 409, up to five times). We send a JSON Patch that tests the container's name at its index and replaces its image: only the change, applied by the API server to the current object, and a template changed since our read fails the test instead of being overwritten. The template the controller then rolls out is the same (the outcome agrees).",
  },
];
