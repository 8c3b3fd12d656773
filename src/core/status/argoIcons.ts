/**
 * The status icons `kubectl argo rollouts get` prints, and which status gets which icon.
 * Mirrors argoproj/argo-rollouts `pkg/kubectl-argo-rollouts/info/info.go` (status icons) and
 * `cmd/get/get.go` (the tree's kind icons).
 */
export const ICON = {
  waiting: '◷',
  progressing: '◌',
  warning: '⚠',
  unknown: '?',
  ok: '✔',
  bad: '✖',
  paused: '॥',
  neutral: '•',
  // Kind icons of the tree.
  rollout: '⟳',
  revision: '#',
  replicaSet: '⧉',
  pod: '□',
  job: '⊞',
  experiment: 'Σ',
  analysis: 'α',
} as const;

export function rolloutIcon(status: string): string {
  switch (status) {
    case 'Progressing':
      return ICON.progressing;
    case 'Error':
    case 'InvalidSpec':
      return ICON.warning;
    case 'Paused':
      return ICON.paused;
    case 'Healthy':
      return ICON.ok;
    case 'Degraded':
      return ICON.bad;
    case 'Unknown':
      return ICON.unknown;
    case 'ScaledDown':
      return ICON.neutral;
  }
  return ' ';
}

export function replicaSetIcon(status: string): string {
  switch (status) {
    case 'Progressing':
      return ICON.progressing;
    case 'Healthy':
      return ICON.ok;
    case 'ReplicaFailure':
      return ICON.bad;
    case 'ScaledDown':
      return ICON.neutral;
  }
  return ' ';
}

/** AnalysisRun, Experiment and Job (measurement) phases. */
export function analysisIcon(phase: string): string {
  switch (phase) {
    case 'Successful':
      return ICON.ok;
    case 'Inconclusive':
      return ICON.unknown;
    case 'Failed':
      return ICON.bad;
    case 'Error':
      return ICON.warning;
    case 'Running':
      return ICON.progressing;
    case 'Pending':
      return ICON.waiting;
  }
  return ' ';
}

/** Pod statuses as kubectl computes them (`Init:…`, `ImagePullBackOff`, `ExitCode:1`…). */
export function podIcon(status: string): string {
  if (status.startsWith('Init:')) return ICON.progressing;
  if (status.startsWith('Signal:') || status.startsWith('ExitCode:')) return ICON.bad;
  // kubelet's image and runtime errors: ErrImagePull, CreateContainerConfigError, RunContainerError...
  if (status.endsWith('Error') || status.startsWith('Err')) return ICON.warning;
  switch (status) {
    case 'Pending':
    case 'Terminating':
    case 'ContainerCreating':
      return ICON.progressing;
    case 'Running':
    case 'Completed':
      return ICON.ok;
    case 'Failed':
    case 'InvalidImageName':
    case 'CrashLoopBackOff':
      return ICON.bad;
    case 'ImagePullBackOff':
    case 'RegistryUnavailable':
      return ICON.warning;
    case 'Unknown':
      return ICON.unknown;
  }
  return ' ';
}
