/**
 * An overlay validated as built (`rollout-lens lint --kustomize DIR`, the editor's rendered
 * diagnostics): the overlay is built (renderTools.ts), the built
 * objects are validated by the same engine and index as plain files, and each finding is reported on
 * the source file that set the offending field (src/core/render/builtSources.ts): the overlay's
 * patch, else the base's resource, else the resource's first line naming the build. So a patch
 * fragment is checked completely, in the context of the overlay that uses it. A build that fails is
 * one error on the kustomization file with kustomize's message.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { codeAndSeverity, type Finding, type TextRange } from '../core/findings';
import { KUSTOMIZE_BUILD_FAILED } from '../core/validation/renderCodes';
import { documentHeadRange } from '../core/manifest/manifestDocument';
import { ManifestFileParser, type ManifestFile } from '../core/manifest/manifestFile';
import { mapBuiltFindings, type MappedFinding, type SourceFile } from '../core/render/builtSources';
import type { ValidationEngine } from '../core/validation/engine';
import { withSeverityOverrides, type SeverityOverrides } from '../core/validation/fileFindings';
import { readKustomization } from '../core/workspace/kustomization';
import type { RenderOutcome } from './renderTools';
import { validateOutput, type RenderedReport } from './validateOutput';

const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

export function kustomizationFile(dir: string): string | undefined {
  return KUSTOMIZATION_NAMES.map((n) => path.join(dir, n)).find((f) => fs.existsSync(f));
}

interface Read {
  text: string;
  parsed: ManifestFile;
}

function read(file: string, cache: Map<string, Read>): Read | undefined {
  if (!cache.has(file)) {
    try {
      const raw = fs.readFileSync(file, 'utf8');
      const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
      cache.set(file, { text, parsed: new ManifestFileParser().parse(text) });
    } catch {
      return undefined;
    }
  }
  return cache.get(file);
}

/** The files a build reads, outer overlay first: each kustomization's patches, then its resources (directories followed). */
function sourcesOf(dir: string, cache: Map<string, Read>, seen = new Set<string>()): { patches: string[]; bases: string[] } {
  const out = { patches: [] as string[], bases: [] as string[] };
  const kfile = kustomizationFile(dir);
  if (!kfile || seen.has(kfile)) return out;
  seen.add(kfile);
  const k = read(kfile, cache);
  const info = k && readKustomization(kfile, k.parsed.documents[0]?.value);
  if (!info) return out;
  out.patches.push(...info.patches.filter((p) => fs.statSync(p, { throwIfNoEntry: false })?.isFile()));
  const nested: { patches: string[]; bases: string[] }[] = [];
  for (const r of info.resources) {
    const st = fs.statSync(r, { throwIfNoEntry: false });
    if (st?.isFile()) out.bases.push(r);
    else if (st?.isDirectory()) nested.push(sourcesOf(r, cache, seen));
  }
  for (const n of nested) out.patches.push(...n.patches);
  for (const n of nested) out.bases.push(...n.bases);
  return out;
}

export interface KustomizeLintInput {
  /** The overlay's directory, absolute. */
  dir: string;
  /** How messages name a file or directory (the CLI: relative to its working directory). */
  label: (abs: string) => string;
  engine: ValidationEngine;
  severityOverrides: SeverityOverrides;
  build: (dir: string) => Promise<RenderOutcome>;
}

/** The findings of one overlay's build, one report per source file with findings; undefined when `dir` holds no kustomization. */
export async function validateKustomization({ dir: abs, label, engine, severityOverrides, build }: KustomizeLintInput): Promise<RenderedReport[] | undefined> {
  const kfile = kustomizationFile(abs);
  if (!kfile) return undefined;
  const cache = new Map<string, Read>();
  const kread = read(kfile, cache)!;
  const headOf = (r: Read): TextRange => (r.parsed.documents[0] ? documentHeadRange(r.parsed.documents[0]) : { start: 0, end: 0 });
  const context = `kustomize build ${label(abs) || '.'}`;
  const outcome = await build(abs);
  const reports = new Map<string, { text: string; findings: Finding[] }>();
  const add = ({ file, finding }: MappedFinding) => {
    if (!reports.has(file)) reports.set(file, { text: read(file, cache)?.text ?? '', findings: [] });
    reports.get(file)!.findings.push(finding);
  };
  if (!outcome.ok) {
    const failed: Finding = { ...codeAndSeverity(KUSTOMIZE_BUILD_FAILED), source: 'engine', message: `${outcome.tool} failed: ${outcome.message}`, range: headOf(kread), path: [] };
    for (const finding of withSeverityOverrides([failed], severityOverrides)) add({ file: kfile, finding });
  } else {
    const built = validateOutput(engine, `${context} (built)`, outcome.output, severityOverrides);
    const { patches, bases } = sourcesOf(abs, cache);
    const sources: SourceFile[] = [
      ...patches.flatMap((f) => (read(f, cache) ? [{ file: f, parsed: read(f, cache)!.parsed, role: 'patch' as const }] : [])),
      ...bases.flatMap((f) => (read(f, cache) ? [{ file: f, parsed: read(f, cache)!.parsed, role: 'base' as const }] : [])),
    ];
    for (const m of mapBuiltFindings({ built: built.file, findings: built.findings, sources, context, fallback: { file: kfile, range: headOf(kread) } })) add(m);
  }
  return [...reports].map(([file, r]) => ({ file, text: r.text, findings: r.findings.sort((a, b) => a.range.start - b.range.start || a.code.localeCompare(b.code)) }));
}
