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

export const STATUS_KNOWN_DIFFERENCES: StatusKnownDifference[] = [
  {
    phase: '*',
    field: 'status: Images',
    reason:
      "`rollout-lens status` summarises each Rollout from the Rollout object alone (it watches no ReplicaSets for the table), so it lists spec.template's images without the stable/canary/active/preview tags, where the plugin lists the images of the ReplicaSets with pods, tagged. On an aborted or analysis-failed rollout that means we name the new image although the stable one runs. The tree and the details view, which have the ReplicaSets, print the plugin's list (the rendering's Images field agrees in every phase). To fix: have status watch the namespaces' ReplicaSets (ClusterModel.watchRelated) and summarise with them.",
    // Ours is exactly the template's untagged image list (one image here), whatever the plugin lists.
    matches: (v) => v.ours === 'argoproj/rollouts-demo:blue' || v.ours === 'argoproj/rollouts-demo:green',
  },
  {
    phase: '*',
    field: 'status: ActualWeight',
    reason:
      "Without ReplicaSets the summary cannot count the canary's available pods: the JSON says weights.measured=false and repeats the set weight, where the plugin computes the actual weight from available replicas (0 while the canary pod is Pending, 33 for one of three).",
    matches: (v) => v.ours.startsWith('unmeasured'),
  },
];
