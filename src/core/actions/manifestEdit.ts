/**
 * "Change the manifest instead": the same change an action would patch into the cluster (a Flagger
 * Canary's spec.skipAnalysis or spec.suspend), written into the YAML document that defines the
 * object, so a GitOps controller does not revert it. The edit sets one path in one document and
 * replaces only that document's text; comments and the other documents are left as they are.
 */
import { isMap, isScalar, isSeq, type Document } from 'yaml';
import type { ManifestFile } from '../manifest/manifestFile';
import { manifestPathText, type ManifestPath } from './plan';

export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

/**
 * The path with each `{ name }` replaced by the index of the list item of that name in `doc`, or why it
 * cannot be (the manifest has no such item).
 */
function resolvePath(doc: Document.Parsed, path: ManifestPath): (string | number)[] | { error: string } {
  const out: (string | number)[] = [];
  for (const seg of path) {
    if (typeof seg === 'string') {
      out.push(seg);
      continue;
    }
    const list = doc.getIn(out, true);
    const index = isSeq(list) ? list.items.findIndex((item) => isMap(item) && item.get('name') === seg.name) : -1;
    if (index < 0) return { error: `The manifest has no item named '${seg.name}' at ${manifestPathText(out.map(String))}.` };
    out.push(index);
  }
  return out;
}

/** The edit that sets `path` to `value` in the document at `offset` (its first content line), or an error. */
export function setFieldEdit(file: ManifestFile, offset: number, path: ManifestPath, value: unknown): TextEdit | { error: string } {
  const md = file.documents.find((d) => offset >= d.offset && offset < d.offset + Math.max(d.text.length, 1));
  if (!md) return { error: 'The document is no longer in the file.' };
  if (md.syntaxFindings.some((f) => f.code !== 'yaml/duplicate-key')) return { error: 'The document has YAML syntax errors; fix them first.' };
  if (md.templated) return { error: 'The document is a Helm/Go template; change the chart values instead.' };
  const doc = md.doc.clone() as Document.Parsed;
  if (!isMap(doc.contents)) return { error: 'The document is not a mapping.' };
  const resolved = resolvePath(doc, path);
  if ('error' in resolved) return resolved;
  const current = doc.getIn(resolved, true);
  if (isScalar(current) && current.value === value) return { error: `${manifestPathText(path)} is already ${JSON.stringify(value)} in the manifest.` };
  doc.setIn(resolved, value);
  let text = doc.toString({ lineWidth: 0 });
  // Keep the chunk's own leading marker line and trailing blank lines exactly as they were.
  const lead = /^(?:---[^\n]*\n)?/.exec(md.text)![0];
  if (lead && !text.startsWith('---')) text = lead + text;
  else if (!lead && text.startsWith('---\n')) text = text.slice(4);
  const trailing = /\n*$/.exec(md.text)![0];
  text = text.replace(/\n*$/, '') + (trailing || '');
  return { start: md.offset, end: md.offset + md.text.length, newText: text };
}
