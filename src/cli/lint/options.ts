/**
 * `rollout-lens lint`'s flags, parsed into options or an error sentence (the command prints it with
 * the usage and exits 2). A new flag is one branch here and one line in the usage (src/cli/lint.ts).
 */
import type { Severity } from '../../core/findings';
import type { ArgoSchemaVersion } from '../../core/schema/catalog';
import { API_VERSION_PATTERN } from '../../core/settings/settings';
import { findingCode, overridableCodes } from '../../core/validation/findingCodes';
import { DEFAULT_MAX_FILE_BYTES } from '../../core/validation/limits';
import { LINT_FORMATS, isLintFormat, type LintFormat } from './formats';

export interface LintOptions {
  paths: string[];
  format: LintFormat;
  argoVersion: ArgoSchemaVersion;
  maxFileBytes: number;
  flaggerNoCrossNamespaceRefs: boolean;
  severityOverrides: Record<string, Severity | 'off'>;
  /** --schema-from-context [CONTEXT]: validate against the CRDs that context serves (context undefined: the current one). */
  schemaFromContext?: { context?: string };
  /** --root DIR: the repository explicit files are judged in (default: their git root). */
  root?: string;
  /** --kustomize DIR (repeatable): overlays to build and validate as built. */
  kustomize: string[];
  /** --helm CHART [-f VALUES ...] (repeatable): charts to render and validate as rendered. */
  helm: { chart: string; valueFiles: string[] }[];
  /** --kube-version V: the Kubernetes version charts are rendered for (helm template --kube-version). */
  kubeVersion?: string;
  /** --api-versions V (repeatable): what `.Capabilities.APIVersions.Has` finds (helm template --api-versions). */
  apiVersions: string[];
}

/** `isPath` tells a path from a context name after --schema-from-context (the CLI asks the file system). */
export function parseLintArgs(args: string[], isPath: (arg: string) => boolean = () => false): LintOptions | string {
  const o: LintOptions = { paths: [], format: 'human', argoVersion: 'latest', maxFileBytes: DEFAULT_MAX_FILE_BYTES, flaggerNoCrossNamespaceRefs: false, severityOverrides: {}, kustomize: [], helm: [], apiVersions: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => inline ?? args[++i];
    if (flag === '--format') {
      const v = value();
      if (!isLintFormat(v)) return `--format must be ${orList(LINT_FORMATS)}, got ${v ?? 'nothing'}`;
      o.format = v;
    } else if (flag === '--argo-version') {
      const v = value();
      if (v !== 'latest' && v !== 'v1.9.1') return `--argo-version must be latest or v1.9.1, got ${v ?? 'nothing'}`;
      o.argoVersion = v;
    } else if (flag === '--severity') {
      const v = value();
      const m = v ? /^([^=\s]+)=(error|warning|info|off)$/.exec(v) : null;
      if (!m) return `--severity takes CODE=error|warning|info|off, got ${v ?? 'nothing'}`;
      if (!findingCode(m[1])?.overridable) return `--severity: unknown finding code ${m[1]}; the known codes are:\n${wrapped(overridableCodes(), 100)}`;
      o.severityOverrides[m[1]] = m[2] as Severity | 'off';
    } else if (flag === '--schema-from-context') {
      // The context is optional: `=CONTEXT`, or a next argument that is neither an option nor a path.
      const next = inline ?? (args[i + 1] !== undefined && !args[i + 1].startsWith('-') && !isPath(args[i + 1]) ? args[++i] : undefined);
      if (next === '') return '--schema-from-context= needs a context name';
      o.schemaFromContext = next === undefined ? {} : { context: next };
    } else if (flag === '--root') {
      const v = value();
      if (!v || v.startsWith('-')) return '--root needs a directory';
      o.root = v;
    } else if (flag === '--kustomize') {
      const v = value();
      if (!v || v.startsWith('-')) return '--kustomize needs a directory holding a kustomization.yaml';
      o.kustomize.push(v);
    } else if (flag === '--helm') {
      const v = value();
      if (!v || v.startsWith('-')) return '--helm needs a chart directory';
      o.helm.push({ chart: v, valueFiles: [] });
    } else if (flag === '-f' || flag === '--values') {
      const v = value();
      if (!o.helm.length) return `${flag} gives a values file to the --helm chart before it; there is none`;
      if (!v || v.startsWith('-')) return `${flag} needs a values file`;
      o.helm[o.helm.length - 1].valueFiles.push(v);
    } else if (flag === '--kube-version') {
      const v = value();
      if (!v || !/^v?\d+\.\d+(\.\d+)?$/.test(v)) return `--kube-version takes a Kubernetes version such as v1.32.4, got ${v ?? 'nothing'}`;
      o.kubeVersion = v;
    } else if (flag === '--api-versions') {
      const v = value();
      if (!v || !API_VERSION_PATTERN.test(v)) return `--api-versions takes an API version such as monitoring.coreos.com/v1 or monitoring.coreos.com/v1/ServiceMonitor, got ${v ?? 'nothing'}`;
      o.apiVersions.push(v);
    } else if (a === '--flagger-no-cross-namespace-refs') {
      o.flaggerNoCrossNamespaceRefs = true;
    } else if (flag === '--max-file-size') {
      const v = value();
      const n = parseSize(v);
      if (n === undefined) return `--max-file-size must be a positive number of bytes (e.g. 1048576 or 1m), got ${v ?? 'nothing'}`;
      o.maxFileBytes = n;
    } else if (a.startsWith('--') || (a.startsWith('-') && a !== '-')) {
      return `unknown option ${a}`;
    } else o.paths.push(a);
  }
  // With overlays or charts to render, no path means no plain files (not ".").
  if (o.paths.length === 0 && !o.kustomize.length && !o.helm.length) o.paths.push('.');
  return o;
}

function parseSize(v: string | undefined): number | undefined {
  const m = v ? /^(\d+)([kKmM]?)$/.exec(v) : null;
  if (!m) return undefined;
  const n = Number(m[1]) * (m[2] ? (m[2].toLowerCase() === 'k' ? 1024 : 1024 * 1024) : 1);
  return n > 0 ? n : undefined;
}

/** Comma-separated, indented by two, in lines of at most `width` characters. */
function wrapped(items: readonly string[], width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const item of items) {
    if (line && line.length + item.length + 2 > width) {
      lines.push(line);
      line = '';
    }
    line += line ? ` ${item},` : `  ${item},`;
  }
  lines.push(line.slice(0, -1));
  return lines.join('\n');
}

/** "a", "a or b", "a, b or c". */
function orList(items: readonly string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}
