/**
 * Every finding code Rollout Lens reports, with its default severity, a one-line description and
 * the part of the engine that reports it. One owner per fact: the rules' ids, severities and
 * descriptions come from the rule registry (src/core/rules/registry.ts); the other codes from the
 * module that makes their findings (YAML_CODES, SCHEMA_CODES, the workspace index's reference checks,
 * ENGINE_CODES, RENDER_CODES of a failed kustomize build or helm render).
 *
 * Read by the CLI (`--severity` rejects an unknown code) and by scripts/generateContributions.ts,
 * which generates the `rolloutLens.rules.severity` properties of package.json and the README's
 * code table from it (test/unit/packaging/contributions.test.ts fails when they differ).
 */
import type { Finding, FindingCodeInfo } from '../findings';
import { YAML_CODES } from '../manifest/yamlCodes';
import { RULES } from '../rules/registry';
import { SCHEMA_CODES } from '../schema/schemaCodes';
import { REFERENCE_CHECK_CODES } from '../workspace/referenceChecks';
import { TRAFFIC_ROUTER_CODES } from '../workspace/trafficRouterChecks';
import { UNRESOLVED } from '../workspace/workspaceIndex';
import { OVERSIZED_CODE_INFO } from './diagnosticSpecs';
import { ENGINE_CODES } from './engine';
import { RENDER_CODES } from './renderCodes';

export type Reporter = Finding['source'];

export interface FindingCode extends FindingCodeInfo {
  /** The parts of the engine that report it, in catalogue order (a rule may also be checked across files). */
  reportedBy: Reporter[];
  /** False for a notice no severity setting reaches (the oversized-file notice). */
  overridable: boolean;
}

/** How the README and the settings name each part of the engine. */
export const REPORTER_LABELS: Readonly<Record<Reporter, string>> = {
  yaml: 'YAML parser',
  schema: 'CRD schema',
  rules: 'controller rules',
  references: 'workspace references',
  engine: 'engine',
};

function buildCatalogue(): FindingCode[] {
  const byCode = new Map<string, FindingCode>();
  const add = (info: FindingCodeInfo, reporter: Reporter, overridable = true) => {
    const known = byCode.get(info.code);
    if (!known) return void byCode.set(info.code, { code: info.code, defaultSeverity: info.defaultSeverity, description: info.description, reportedBy: [reporter], overridable });
    // A code two checkers report keeps its first entry's words; its default must not differ.
    if (known.defaultSeverity !== info.defaultSeverity) throw new Error(`finding code ${info.code}: default severity ${known.defaultSeverity} (${known.reportedBy.join(', ')}) and ${info.defaultSeverity} (${reporter})`);
    if (!known.reportedBy.includes(reporter)) known.reportedBy.push(reporter);
  };
  for (const c of YAML_CODES) add(c, 'yaml');
  for (const c of SCHEMA_CODES) add(c, 'schema');
  for (const r of RULES) add({ code: r.id, defaultSeverity: r.defaultSeverity, description: r.description }, 'rules');
  for (const c of [UNRESOLVED, ...REFERENCE_CHECK_CODES, ...TRAFFIC_ROUTER_CODES]) add(c, 'references');
  for (const c of ENGINE_CODES) add(c, 'engine');
  for (const c of RENDER_CODES) add(c, 'engine');
  add(OVERSIZED_CODE_INFO, 'engine', false);
  return [...byCode.values()];
}

export const FINDING_CODES: readonly FindingCode[] = buildCatalogue();

const BY_CODE = new Map(FINDING_CODES.map((c) => [c.code, c]));

export function findingCode(code: string): FindingCode | undefined {
  return BY_CODE.get(code);
}

/** The codes `rolloutLens.rules.severity` and `--severity` accept. */
export function overridableCodes(): string[] {
  return FINDING_CODES.filter((c) => c.overridable).map((c) => c.code);
}
