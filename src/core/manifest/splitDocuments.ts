/**
 * Splits a multi-document YAML text into per-document chunks without parsing it.
 *
 * Why not `parseAllDocuments`: incremental validation must re-parse only the document an edit
 * touched, so the split has to be cheap and stable. YAML makes this sound: a line that starts
 * with `---` or `...` followed by a blank or the line end is always a document marker (YAML 1.2
 * §9.1.1 forbids that prefix inside any content, block scalars and quoted strings included), so a
 * line scan finds exactly the boundaries the full parser would.
 */
export interface DocumentChunk {
  /** Offset of the chunk's first character in the file. */
  start: number;
  /** Offset one past the chunk's last character. */
  end: number;
  text: string;
}

const MARKER = /^(---|\.\.\.)(?=[ \t\r\n]|$)/;

export function splitDocuments(text: string): DocumentChunk[] {
  const chunks: DocumentChunk[] = [];
  let chunkStart = 0;
  let lineStart = 0;
  const len = text.length;
  while (lineStart <= len) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = len;
    const c = text.charCodeAt(lineStart);
    if ((c === 45 /* - */ || c === 46) /* . */ && MARKER.test(text.slice(lineStart, Math.min(lineEnd + 1, lineStart + 4)))) {
      const isEnd = c === 46;
      if (isEnd) {
        // `...` closes the current document: it belongs to it.
        const next = lineEnd < len ? lineEnd + 1 : len;
        chunks.push({ start: chunkStart, end: next, text: text.slice(chunkStart, next) });
        chunkStart = next;
      } else if (lineStart > chunkStart) {
        chunks.push({ start: chunkStart, end: lineStart, text: text.slice(chunkStart, lineStart) });
        chunkStart = lineStart;
      }
    }
    if (lineEnd >= len) break;
    lineStart = lineEnd + 1;
  }
  if (chunkStart < len || chunks.length === 0) chunks.push({ start: chunkStart, end: len, text: text.slice(chunkStart) });
  return mergeDirectiveOnlyChunks(chunks);
}

/** `%YAML`/`%TAG` directives belong to the document that follows their `---`. */
function mergeDirectiveOnlyChunks(chunks: DocumentChunk[]): DocumentChunk[] {
  const out: DocumentChunk[] = [];
  for (let i = 0; i < chunks.length; i++) {
    const c = chunks[i];
    const next = chunks[i + 1];
    if (next && isDirectivesOnly(c.text)) {
      chunks[i + 1] = { start: c.start, end: next.end, text: c.text + next.text };
      continue;
    }
    out.push(c);
  }
  return out;
}

function isDirectivesOnly(text: string): boolean {
  let sawDirective = false;
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (t === '' || t.startsWith('#')) continue;
    if (t.startsWith('%')) sawDirective = true;
    else return false;
  }
  return sawDirective;
}
