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

  parse(text: string): ManifestFile {
    const chunks = splitDocuments(text);
    const next = new Map<string, ManifestDocument>();
    const documents = chunks.map((c, index) => {
      const cached = this.cache.get(c.text) ?? next.get(c.text);
      let md: ManifestDocument;
      if (cached) {
        md = cached.offset === c.start && cached.index === index ? cached : relocate(cached, c.start, index);
      } else {
        md = parseManifestDocument(c.text, c.start, index);
      }
      next.set(c.text, md);
      return md;
    });
    this.cache = next;
    return { text, documents };
  }
}

/** The same parse at another offset: node ranges stay chunk-relative, only findings move. */
function relocate(md: ManifestDocument, offset: number, index: number): ManifestDocument {
  const delta = offset - md.offset;
  return withPosition(
    md,
    offset,
    index,
    md.syntaxFindings.map((f) => ({ ...f, range: { start: f.range.start + delta, end: f.range.end + delta } })),
  );
}

export function parseManifestFile(text: string): ManifestFile {
  return new ManifestFileParser().parse(text);
}
