/**
 * The extension's settings as one typed value, parsed from whatever the user wrote. Settings files
 * are hand-edited JSON: a wrong type or an unknown severity must not break validation, so every
 * field falls back to its default and the problem is reported once, in words that name the key.
 * The editor adapter (src/vscode/config.ts) supplies the raw values; everything here is pure.
 */
import type { RuleContext } from '../rules/ruleTypes';
import { DEFAULT_MAX_FILE_BYTES } from '../validation/limits';

export const SETTINGS_SECTION = 'rolloutLens';

export type RuleSeverityOverride = 'error' | 'warning' | 'info' | 'off';
export type ArgoSchemaVersion = 'latest' | 'v1.9.1';
/** The Flagger CRD release vendored in schemas/upstream/flagger.app. */
export const FLAGGER_PINNED_VERSION = 'v1.44.0';

export interface RolloutLensSettings {
  validation: {
    enable: boolean;
    /** Validate files in the workspace that are not open in an editor. */
    workspaceScan: boolean;
    /** Files larger than this (bytes) are skipped with one notice. */
    maxFileSize: number;
  };
  /**
   * `schemaVersion` is the pinned CRD release validation uses; the setting's value "cluster" sets
   * `fromCluster` (validate against the CRDs the current context serves) and pins `latest` for
   * whenever the cluster cannot be read.
   */
  argoRollouts: { schemaVersion: ArgoSchemaVersion; fromCluster: boolean };
  /** The setting `rolloutLens.flagger.schemaVersion`: "v1.44.0" (pinned, the only vendored release) or "cluster". */
  flagger: { fromCluster: boolean };
  rules: {
    severity: Record<string, RuleSeverityOverride>;
    /** What the controllers' rules assume of the cluster: `rolloutLens.flagger.noCrossNamespaceRefs`. */
    context: RuleContext;
  };
  cluster: {
    enable: boolean;
    /** Explicit kubeconfig file; empty means KUBECONFIG or ~/.kube/config, as kubectl reads it. */
    kubeconfig: string;
    /** Contexts watched in addition to the current one. */
    watchedContexts: string[];
    /** Namespaces to watch when the user may not list cluster-wide; empty means all that are readable. */
    namespaces: string[];
    /** Notify when a rollout or canary defined in the workspace needs attention. */
    notifications: boolean;
    /** Glob-like patterns (`*` wildcard, case-insensitive) naming production contexts. */
    productionContexts: string[];
    /** Skip the confirmation modal for contexts that do not match productionContexts. */
    skipConfirmationForNonProduction: boolean;
  };
  liveLens: { enable: boolean };
  /** How charts are rendered in the editor (`helm template`): the binary, value files per chart, the Kubernetes version. */
  helm: {
    /** The helm binary; empty means `helm` on the PATH. */
    path: string;
    /** Chart folder (relative to the workspace folder, `/`-separated) → value files (relative to the chart), in order after its values.yaml. */
    valueFiles: Record<string, string[]>;
    /** `--kube-version`; empty means the connected context's server version, else helm's default. */
    kubeVersion: string;
    /**
     * `--api-versions` (`group/version`, `group/version/Kind`), read by `.Capabilities.APIVersions.Has`;
     * empty means what the connected context serves, else helm's built-in set.
     */
    apiVersions: string[];
  };
}

export const DEFAULT_MAX_FILE_SIZE = DEFAULT_MAX_FILE_BYTES;

export const DEFAULT_SETTINGS: RolloutLensSettings = {
  validation: { enable: true, workspaceScan: true, maxFileSize: DEFAULT_MAX_FILE_SIZE },
  argoRollouts: { schemaVersion: 'latest', fromCluster: false },
  flagger: { fromCluster: false },
  rules: { severity: {}, context: { flaggerNoCrossNamespaceRefs: false } },
  cluster: {
    enable: true,
    kubeconfig: '',
    watchedContexts: [],
    namespaces: [],
    notifications: true,
    productionContexts: ['*prod*', '*prd*'],
    skipConfirmationForNonProduction: false,
  },
  liveLens: { enable: true },
  helm: { path: '', valueFiles: {}, kubeVersion: '', apiVersions: [] },
};

export interface ParsedSettings {
  settings: RolloutLensSettings;
  /** One sentence per ignored value, naming the full key. */
  problems: string[];
}

/** `get` returns the raw value of a key under the section (e.g. `validation.enable`) or undefined. */
export function parseSettings(get: (key: string) => unknown): ParsedSettings {
  const problems: string[] = [];
  const d = DEFAULT_SETTINGS;
  const bool = (key: string, def: boolean): boolean => {
    const v = get(key);
    if (v === undefined || v === null) return def;
    if (typeof v === 'boolean') return v;
    problems.push(`${SETTINGS_SECTION}.${key} must be true or false; using ${def}.`);
    return def;
  };
  const str = (key: string, def: string): string => {
    const v = get(key);
    if (v === undefined || v === null) return def;
    if (typeof v === 'string') return v.trim();
    problems.push(`${SETTINGS_SECTION}.${key} must be a string; using "${def}".`);
    return def;
  };
  const strings = (key: string, def: string[]): string[] => {
    const v = get(key);
    if (v === undefined || v === null) return def;
    if (Array.isArray(v) && v.every((s) => typeof s === 'string')) {
      return [...new Set(v.map((s) => s.trim()).filter(Boolean))];
    }
    problems.push(`${SETTINGS_SECTION}.${key} must be a list of strings; using ${JSON.stringify(def)}.`);
    return def;
  };

  const maxFileSize = (() => {
    const key = 'validation.maxFileSize';
    const v = get(key);
    if (v === undefined || v === null) return d.validation.maxFileSize;
    if (typeof v === 'number' && Number.isFinite(v) && v > 0) return Math.floor(v);
    problems.push(`${SETTINGS_SECTION}.${key} must be a positive number of bytes; using ${d.validation.maxFileSize}.`);
    return d.validation.maxFileSize;
  })();

  const argoRollouts = ((): RolloutLensSettings['argoRollouts'] => {
    const key = 'argoRollouts.schemaVersion';
    const v = get(key);
    if (v === undefined || v === null) return d.argoRollouts;
    if (v === 'latest' || v === 'v1.9.1') return { schemaVersion: v, fromCluster: false };
    if (v === 'cluster') return { schemaVersion: 'latest', fromCluster: true };
    problems.push(`${SETTINGS_SECTION}.${key} must be "latest", "v1.9.1" or "cluster"; using "latest".`);
    return d.argoRollouts;
  })();

  const flagger = ((): RolloutLensSettings['flagger'] => {
    const key = 'flagger.schemaVersion';
    const v = get(key);
    if (v === undefined || v === null || v === FLAGGER_PINNED_VERSION) return d.flagger;
    if (v === 'cluster') return { fromCluster: true };
    problems.push(`${SETTINGS_SECTION}.${key} must be "${FLAGGER_PINNED_VERSION}" or "cluster"; using "${FLAGGER_PINNED_VERSION}".`);
    return d.flagger;
  })();

  return {
    settings: {
      validation: {
        enable: bool('validation.enable', d.validation.enable),
        workspaceScan: bool('validation.workspaceScan', d.validation.workspaceScan),
        maxFileSize,
      },
      argoRollouts,
      flagger,
      rules: {
        severity: parseSeverityOverrides(get('rules.severity'), problems),
        context: { flaggerNoCrossNamespaceRefs: bool('flagger.noCrossNamespaceRefs', d.rules.context.flaggerNoCrossNamespaceRefs) },
      },
      cluster: {
        enable: bool('cluster.enable', d.cluster.enable),
        kubeconfig: str('cluster.kubeconfig', d.cluster.kubeconfig),
        watchedContexts: strings('cluster.watchedContexts', d.cluster.watchedContexts),
        namespaces: strings('cluster.namespaces', d.cluster.namespaces),
        notifications: bool('cluster.notifications', d.cluster.notifications),
        productionContexts: strings('cluster.productionContexts', d.cluster.productionContexts),
        skipConfirmationForNonProduction: bool('cluster.skipConfirmationForNonProduction', d.cluster.skipConfirmationForNonProduction),
      },
      liveLens: { enable: bool('liveLens.enable', d.liveLens.enable) },
      helm: {
        path: str('helm.path', d.helm.path),
        valueFiles: parseValueFiles(get('helm.valueFiles'), problems),
        kubeVersion: kubeVersion(str('helm.kubeVersion', d.helm.kubeVersion), problems),
        apiVersions: apiVersions(strings('helm.apiVersions', d.helm.apiVersions), problems),
      },
    },
    problems,
  };
}

/** `rolloutLens.helm.valueFiles`: chart folders normalized to `/` without ./ or a trailing /, lists of non-empty strings. */
function parseValueFiles(raw: unknown, problems: string[]): Record<string, string[]> {
  const key = `${SETTINGS_SECTION}.helm.valueFiles`;
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push(`${key} must be an object mapping chart folders to lists of value files; ignored.`);
    return {};
  }
  const out: Record<string, string[]> = {};
  for (const [chart, files] of Object.entries(raw as Record<string, unknown>)) {
    if (!Array.isArray(files) || !files.every((f) => typeof f === 'string')) {
      problems.push(`${key}["${chart}"] must be a list of value files; ignored.`);
      continue;
    }
    out[chartKey(chart)] = files.map((f) => f.trim()).filter(Boolean);
  }
  return out;
}

/** How a chart folder is named in `rolloutLens.helm.valueFiles`: relative, `/`-separated, no ./ or trailing /. */
export function chartKey(relative: string): string {
  return (
    relative
      .trim()
      .replace(/\\/g, '/')
      .replace(/^(\.\/)+/, '')
      .replace(/\/+$/, '') || '.'
  );
}

/** helm's --kube-version takes a semantic version, with or without the v (v1.32.4, 1.32). */
function kubeVersion(v: string, problems: string[]): string {
  if (!v || /^v?\d+\.\d+(\.\d+)?$/.test(v)) return v;
  problems.push(`${SETTINGS_SECTION}.helm.kubeVersion must be a Kubernetes version such as v1.32.4; ignored.`);
  return '';
}

/** What helm's --api-versions takes: `v1`, `group/version` or `group/version/Kind` (no spaces, no empty part). */
export const API_VERSION_PATTERN = /^[A-Za-z0-9][A-Za-z0-9.-]*(\/[A-Za-z0-9][A-Za-z0-9.-]*){0,2}$/;

function apiVersions(list: string[], problems: string[]): string[] {
  const bad = list.filter((v) => !API_VERSION_PATTERN.test(v));
  if (bad.length)
    problems.push(
      `${SETTINGS_SECTION}.helm.apiVersions: ${bad.map((v) => JSON.stringify(v)).join(', ')} ${bad.length > 1 ? 'are' : 'is'} not an API version such as monitoring.coreos.com/v1 or monitoring.coreos.com/v1/ServiceMonitor; ignored.`,
    );
  return list.filter((v) => API_VERSION_PATTERN.test(v));
}

const SEVERITIES: readonly RuleSeverityOverride[] = ['error', 'warning', 'info', 'off'];

function parseSeverityOverrides(raw: unknown, problems: string[]): Record<string, RuleSeverityOverride> {
  const key = `${SETTINGS_SECTION}.rules.severity`;
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push(`${key} must be an object mapping finding codes to error, warning, info or off; ignored.`);
    return {};
  }
  const out: Record<string, RuleSeverityOverride> = {};
  for (const [code, sev] of Object.entries(raw as Record<string, unknown>)) {
    const norm = typeof sev === 'string' ? sev.trim().toLowerCase() : sev;
    const mapped = norm === 'information' ? 'info' : norm === 'none' ? 'off' : norm;
    if (typeof mapped === 'string' && (SEVERITIES as readonly string[]).includes(mapped)) {
      out[code.trim()] = mapped as RuleSeverityOverride;
    } else {
      problems.push(`${key}["${code}"] is ${JSON.stringify(sev)}; expected error, warning, info or off. Ignored.`);
    }
  }
  return out;
}

/** Which parts of the product must be rebuilt after a settings change (cheap ones are just re-read). */
export function changedAreas(before: RolloutLensSettings, after: RolloutLensSettings): { validation: boolean; cluster: boolean; lens: boolean; helm: boolean } {
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  return {
    validation: !same(before.validation, after.validation) || !same(before.argoRollouts, after.argoRollouts) || !same(before.flagger, after.flagger) || !same(before.rules, after.rules),
    cluster: !same(before.cluster, after.cluster),
    lens: !same(before.liveLens, after.liveLens),
    helm: !same(before.helm, after.helm),
  };
}
