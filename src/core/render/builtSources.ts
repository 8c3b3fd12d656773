/**
 * Findings on a built manifest (the output of `kustomize build`), mapped back to the files that made
 * it. For each finding on a built object, the candidates are that object's sources in the order
 * kustomize applies them, last first: the overlay's patches (strategic-merge fragments and JSON 6902
 * operations), then the bases' resources. The first candidate that literally holds the finding's key
 * path, with the same value the build has at a scalar, set the field: the finding goes there, on the
 * key or value it was on in the build. A field no file sets literally (a transformer's doing, a value
 * built from several files) goes to the resource's first line, naming the build and saying what the
 * value is in the built output.
 */
import { formatPath, type Finding, type TextRange } from '../findings';
import { documentHeadRange, locate, rangeForPath, type ManifestDocument, type PathSegment } from '../manifest/manifestDocument';
import type { ManifestFile } from '../manifest/manifestFile';

export interface SourceFile {
  /** As the finding should name it (the CLI's display path, the editor's URI). */
  file: string;
  parsed: ManifestFile;
  /** A patch wins over a base: it is applied later. */
  role: 'patch' | 'base';
}

export interface MappedFinding {
  file: string;
  finding: Finding;
}

/** The built document a file offset falls in. */
export function documentAt(file: ManifestFile, offset: number): ManifestDocument | undefined {
  return file.documents.find((d) => offset >= d.offset && offset <= d.offset + d.text.length);
}

export function valueAt(value: unknown, path: readonly PathSegment[]): unknown {
  let v = value;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
}

const isScalar = (v: unknown) => v === null || typeof v !== 'object';

/** kustomize's namePrefix/nameSuffix change the built name around the source's. */
function sameObject(source: ManifestDocument, kind: string | undefined, name: string | undefined): boolean {
  if (!kind || source.kind !== kind) return false;
  return !name || !source.name || name === source.name || name.includes(source.name);
}

/** A JSON 6902 patch file: a list of {op, path, ...} operations (the target is in the kustomization). */
function isJson6902(doc: ManifestDocument): boolean {
  return Array.isArray(doc.value) && doc.value.length > 0 && doc.value.every((op) => op && typeof op === 'object' && 'op' in op && 'path' in op);
}

function pointerOf(path: readonly PathSegment[]): string {
  return '/' + path.map((s) => String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

function sameRange(a: TextRange, b: TextRange | undefined): boolean {
  return !!b && a.start === b.start && a.end === b.end;
}

/** Where in `candidate` the finding's field is set, if it is set there literally. */
function rangeIn(candidate: ManifestDocument, path: readonly PathSegment[], built: unknown, prefer: 'key' | 'value'): TextRange | undefined {
  if (isJson6902(candidate)) {
    const ops = candidate.value as { op: string; path: string; value?: unknown }[];
    let i = ops.length - 1; // the last operation on the path wins
    while (i >= 0 && !((ops[i].op === 'add' || ops[i].op === 'replace') && ops[i].path === pointerOf(path))) i--;
    if (i < 0 || (isScalar(built) && ops[i].value !== built)) return undefined;
    return rangeForPath(candidate, [i, 'value'], 'value');
  }
  const loc = locate(candidate, path);
  if (!loc.exact) return undefined;
  if (isScalar(built) && valueAt(candidate.value, path) !== built) return undefined;
  return rangeForPath(candidate, path, prefer);
}

export interface MapInput {
  built: ManifestFile;
  findings: readonly Finding[];
  sources: readonly SourceFile[];
  /** Names the build in messages, e.g. `kustomize build overlays/production`. */
  context: string;
  /** Where a finding goes that belongs to no source object (the kustomization file, its first line). */
  fallback: { file: string; range: TextRange };
}

export function mapBuiltFindings({ built, findings, sources, context, fallback }: MapInput): MappedFinding[] {
  const ordered = [...sources.filter((s) => s.role === 'patch'), ...sources.filter((s) => s.role === 'base')];
  return findings.map((f) => {
    const doc = documentAt(built, f.range.start);
    const candidates = doc ? ordered.flatMap((s) => s.parsed.documents.filter((d) => isJson6902(d) || sameObject(d, doc.kind, doc.name)).map((d) => ({ file: s.file, role: s.role, doc: d }))) : [];
    if (doc) {
      const builtValue = valueAt(doc.value, f.path);
      const builtLoc = locate(doc, f.path);
      const prefer = sameRange(f.range, builtLoc.valueRange) && !sameRange(f.range, builtLoc.keyRange) ? 'value' : 'key';
      for (const c of candidates) {
        const range = rangeIn(c.doc, f.path, builtValue, prefer);
        if (range) return { file: c.file, finding: { ...f, range, message: `${f.message} (${context})` } };
      }
      const resource = candidates.find((c) => c.role === 'base' && !isJson6902(c.doc)) ?? candidates.find((c) => !isJson6902(c.doc));
      const shown = builtValue === undefined ? 'not set' : `${JSON.stringify(builtValue)}`;
      const note = `${f.message} (in the output of ${context}, where ${formatPath(f.path) || 'the object'} is ${shown}; no file sets it literally)`;
      if (resource) return { file: resource.file, finding: { ...f, range: documentHeadRange(resource.doc), message: note } };
      return { file: fallback.file, finding: { ...f, range: fallback.range, message: note } };
    }
    return { file: fallback.file, finding: { ...f, range: fallback.range, message: `${f.message} (${context})` } };
  });
}
