/**
 * Differences the status oracle (test/integration/upstream/statusOracle.test.ts) found between
 * `kubectl argo rollouts get rollout` v1.9.1 and our rendering / `rollout-lens status -o json`, kept
 * on purpose, each with the reason. A disagreement not listed here fails the test, and so does an
 * entry that no longer matches anything.
 */
import type { FieldVerdict } from './statusOracle';

export interface StatusKnownDifference {
  /** The phase label (as the test names it) or '*' for every phase. */
  phase: string;
  field: string;
  reason: string;
  /** Narrows the match to the values seen, so a new, different disagreement on the same field still fails. */
  matches?: (v: FieldVerdict) => boolean;
}

/**
 * None left. The status summary's images (untagged template images) and actual weight (unmeasured)
 * differed until `rollout-lens status` summarised with the namespaces' ReplicaSets and Pods.
 */
export const STATUS_KNOWN_DIFFERENCES: StatusKnownDifference[] = [];
