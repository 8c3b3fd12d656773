/**
 * A manifest file as a list of independently parsed documents. `ManifestFileParser` keeps the last
 * parse of every chunk keyed by its text, so after an edit only the touched document is re-parsed
 * (the others are reused with their new offsets). This is what makes a one-character edit in a
 * 1,000-document file cheap.
 */
import { splitDocuments } from './splitDocuments';
import { parseManifestDocument, withPosition, type ManifestDocument } from './manifestDocument';

export interface ManifestFile {
  text: string;
  documents: ManifestDocument[];
}

export class ManifestFileParser {
  private cache = new Map<string, ManifestDocument>();
  /** Newlines per chunk text, so an edit does not recount the untouched chunks. */
  private lineCounts = new Map<string, number>();

  parse(text: string): ManifestFile {
    const chunks = splitDocuments(text);
    const next = new Map<string, ManifestDocument>();
    const nextCounts = new Map<string, number>();
    let line = 0;
    const documents = chunks.map((c, index) => {
      const cached = this.cache.get(c.text) ?? next.get(c.text);
      let md: ManifestDocument;
      if (cached && (cached.line === line || !namesLines(cached))) {
        md = cached.offset === c.start && cached.index === index && cached.line === line ? cached : relocate(cached, c.start, index, line);
      } else {
        md = parseManifestDocument(c.text, c.start, index, true, line);
      }
      next.set(c.text, md);
      let n = this.lineCounts.get(c.text) ?? nextCounts.get(c.text);
      if (n === undefined) n = countLines(c.text);
      nextCounts.set(c.text, n);
      line += n;
      return md;
    });
    this.cache = next;
    this.lineCounts = nextCounts;
    return { text, documents };
  }
}

/**
 * A duplicate-key message names the line of the first occurrence, so a chunk that has one is
 * parsed again when lines are added or removed above it (a new parse also renews the engine's
 * cached findings); duplicate keys are rare enough for that to cost nothing.
 */
function namesLines(md: ManifestDocument): boolean {
  return md.syntaxFindings.some((f) => f.code === 'yaml/duplicate-key');
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** The same parse at another offset: node ranges stay chunk-relative, only findings move. */
function relocate(md: ManifestDocument, offset: number, index: number, line: number): ManifestDocument {
  const delta = offset - md.offset;
  return withPosition(
    { ...md, line },
    offset,
    index,
    md.syntaxFindings.map((f) => ({ ...f, range: { start: f.range.start + delta, end: f.range.end + delta } })),
  );
}

export function parseManifestFile(text: string): ManifestFile {
  return new ManifestFileParser().parse(text);
}
