/**
 * The validation engine the editor and the CLI share. Per file (uri) it keeps a
 * ManifestFileParser, which re-parses only the chunks an edit touched; per parsed document it
 * caches the findings (schema + rules + syntax) keyed by the document's parse (its DocumentSource), which the
 * parser reuses for unchanged chunks even when they moved. Cached findings are stored relative to
 * their chunk and shifted to the chunk's current offset, so a one-character edit in a 1,000-document
 * file revalidates one document. Changing options drops the cache (a generation counter).
 *
 * `validate` never throws: a crashing rule becomes an `engine/rule-crashed` finding, and anything
 * else unexpected becomes one `engine/internal-error` finding on the file.
 */
import { codeAndSeverity, type Finding, type FindingCodeInfo, type Severity } from '../findings';
import { documentHeadRange, type DocumentSource, type ManifestDocument } from '../manifest/manifestDocument';
import { ManifestFileParser, type ManifestFile } from '../manifest/manifestFile';
import { DEFAULT_RULE_CONTEXT, RULES } from '../rules/registry';
import type { Rule, RuleContext } from '../rules/ruleTypes';
import type { ArgoSchemaVersion } from '../schema/catalog';
import type { ClusterSchemaSet } from '../schema/clusterSchemas';
import { hasBlockingSyntaxErrors, schemaFindings } from './schemaFindings';
import { errorMessage } from '../util/errors';

const RULE_CRASHED: FindingCodeInfo = { code: 'engine/rule-crashed', defaultSeverity: 'warning', description: 'A rule failed on a document and was skipped (a bug in Rollout Lens; the other checks still ran).' };
// An error, not a warning: a file nothing could check must fail `rollout-lens lint` in CI rather than
// pass as if it had been validated.
const INTERNAL_ERROR: FindingCodeInfo = { code: 'engine/internal-error', defaultSeverity: 'error', description: 'Rollout Lens could not validate the file at all (a bug in Rollout Lens).' };

/** The codes of the findings the engine itself makes, for the finding-code catalogue (findingCodes.ts). */
export const ENGINE_CODES: readonly FindingCodeInfo[] = [RULE_CRASHED, INTERNAL_ERROR];

export interface EngineOptions {
  argoSchemaVersion: ArgoSchemaVersion;
  /** Schemas of the CRDs a kube context serves (schemaVersion "cluster"); kinds it lacks keep argoSchemaVersion. */
  clusterSchemas?: ClusterSchemaSet;
  /** Files larger than this (UTF-8 bytes) are skipped with one notice. */
  maxFileBytes: number;
  /** Per finding code (rule id or schema code): another severity, or 'off' to drop it. */
  severityOverrides?: Record<string, Severity | 'off'>;
  ruleContext?: RuleContext;
}

export interface FileValidation {
  file: ManifestFile;
  findings: Finding[];
  skipped?: { reason: string };
}

interface CachedFindings {
  generation: number;
  /** Findings with ranges relative to the chunk start. */
  findings: Finding[];
}

export class ValidationEngine {
  private options: EngineOptions;
  private readonly parsers = new Map<string, ManifestFileParser>();
  private cache = new WeakMap<DocumentSource, CachedFindings>();
  private generation = 0;
  /** Documents (re)validated by the last `validate` call: lets tests and benchmarks see the incremental work. */
  lastRevalidatedDocuments = 0;

  constructor(
    options: EngineOptions,
    private readonly rules: readonly Rule[] = RULES,
  ) {
    this.options = { ...options };
  }

  setOptions(options: EngineOptions): void {
    this.options = { ...options };
    this.generation++;
    this.cache = new WeakMap();
  }

  /** Drops what is kept for a closed or deleted file. */
  forget(uri: string): void {
    this.parsers.delete(uri);
  }

  validate(uri: string, text: string): FileValidation {
    this.lastRevalidatedDocuments = 0;
    try {
      if (exceedsUtf8Bytes(text, this.options.maxFileBytes)) {
        this.parsers.delete(uri);
        return {
          file: { text, documents: [] },
          findings: [],
          skipped: { reason: `Not validated: the file is larger than the ${formatBytes(this.options.maxFileBytes)} limit (rollout-lens max file size).` },
        };
      }
      if (exceedsFlowDepth(text, MAX_FLOW_DEPTH)) {
        this.parsers.delete(uri);
        return {
          file: { text, documents: [] },
          findings: [],
          skipped: { reason: `Not validated: flow collections ({ or [) are nested more than ${MAX_FLOW_DEPTH} levels deep.` },
        };
      }
      let parser = this.parsers.get(uri);
      if (!parser) this.parsers.set(uri, (parser = new ManifestFileParser()));
      const file = parser.parse(text);
      const findings: Finding[] = [];
      for (const md of file.documents) {
        for (const f of this.documentFindings(md)) findings.push(shift(f, md.offset, text.length));
      }
      return { file, findings };
    } catch (err) {
      this.parsers.delete(uri);
      return { file: { text, documents: [] }, findings: [internalError(text, err)] };
    }
  }

  private documentFindings(md: ManifestDocument): Finding[] {
    const cached = this.cache.get(md.source);
    if (cached && cached.generation === this.generation) return cached.findings;
    this.lastRevalidatedDocuments++;
    const all = [...md.syntaxFindings, ...schemaFindings(md, this.options.argoSchemaVersion, this.options.clusterSchemas), ...this.ruleFindings(md)];
    const findings: Finding[] = [];
    for (const f of all) {
      const severity = this.severityFor(f.code, f.severity);
      if (severity === 'off') continue;
      findings.push({ ...f, severity, range: { start: f.range.start - md.offset, end: f.range.end - md.offset } });
    }
    this.cache.set(md.source, { generation: this.generation, findings });
    return findings;
  }

  private ruleFindings(md: ManifestDocument): Finding[] {
    if (!md.known || md.templated || hasBlockingSyntaxErrors(md)) return [];
    const out: Finding[] = [];
    const ctx = this.options.ruleContext ?? DEFAULT_RULE_CONTEXT;
    for (const rule of this.rules) {
      if (!rule.kinds.includes(md.known.kind)) continue;
      if (this.options.severityOverrides?.[rule.id] === 'off') continue;
      try {
        for (const f of rule.check(md, ctx)) out.push({ ...f, severity: f.severity ?? rule.defaultSeverity });
      } catch (err) {
        out.push({
          ...codeAndSeverity(RULE_CRASHED),
          message: `Rule ${rule.id} failed on this document and was skipped: ${errorMessage(err)}`,
          range: documentHeadRange(md),
          path: [],
          source: 'engine',
        });
      }
    }
    return out;
  }

  private severityFor(code: string, severity: Severity): Severity | 'off' {
    return this.options.severityOverrides?.[code] ?? severity;
  }
}

/** Moves a chunk-relative finding to file offsets, clamped into the text (ranges never leave it). */
function shift(f: Finding, offset: number, length: number): Finding {
  const start = Math.min(Math.max(0, f.range.start + offset), length);
  const end = Math.min(Math.max(start, f.range.end + offset), length);
  return { ...f, range: { start, end } };
}

/**
 * Deeply nested flow collections make the `yaml` package's toJS super-linear (a mapping used as a
 * key is stringified at every level: 150 unclosed `{` take ~0.2 s, 300 take ~14 s). No manifest
 * nests flow collections this deep, so such files are skipped instead of hanging the editor.
 */
export const MAX_FLOW_DEPTH = 64;

export { DEFAULT_MAX_FILE_BYTES } from './limits';

/**
 * Whether `{`/`[` nest deeper than `limit` anywhere (quotes ignored: over-counting is harmless here;
 * depth restarts at each `---`). A regex jumps between brackets, so manifests, which have few, cost
 * next to nothing: this runs on every keystroke over the whole file.
 */
export function exceedsFlowDepth(text: string, limit: number): boolean {
  const brackets = /[{}[\]]|\n---/g;
  let depth = 0;
  for (let m = brackets.exec(text); m; m = brackets.exec(text)) {
    const c = m[0];
    if (c === '{' || c === '[') {
      if (++depth > limit) return true;
    } else if (c === '}' || c === ']') {
      if (depth > 0) depth--;
    } else depth = 0;
  }
  return false;
}

/** Whether the text's UTF-8 encoding is longer than `limit`, without encoding it (stops early either way). */
export function exceedsUtf8Bytes(text: string, limit: number): boolean {
  if (text.length > limit) return true;
  if (text.length * 3 <= limit) return false; // a UTF-16 unit never takes more than 3 UTF-8 bytes
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
    if (bytes > limit) return true;
  }
  return false;
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(n % (1024 * 1024) === 0 ? 0 : 1)} MiB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KiB`;
  return `${n} bytes`;
}

function internalError(text: string, err: unknown): Finding {
  return {
    ...codeAndSeverity(INTERNAL_ERROR),
    message: `Rollout Lens could not validate this file: ${errorMessage(err)}`,
    range: { start: 0, end: Math.min(1, text.length) },
    path: [],
    source: 'engine',
  };
}
