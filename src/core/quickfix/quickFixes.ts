/**
 * Quick fixes for findings, as pure text edits: the editor wraps them in code actions, a future
 * `lint --fix` could apply them. Each FixHint a checker attaches (validator: replaceKey, insertKey;
 * rules: insertKey, removeKey; references: addAnalysisArg) maps to one fix here.
 */
import type { Finding, FixHint } from '../findings';
import { locate, type ManifestDocument, type PathSegment } from '../manifest/manifestDocument';
import { isMap } from 'yaml';
import { appendSeqItemEdit, insertKeyEdit, removeKeyEdit, replaceKeyEdit, type TextEdit } from './yamlEdits';

export interface QuickFix {
  title: string;
  edits: TextEdit[];
  /** The fix the editor may apply with "auto fix" (only one per finding). */
  preferred?: boolean;
}

/** The mapping a key-level hint acts on: the finding's own node when it is that mapping, else its parent. */
function parentFor(md: ManifestDocument, path: readonly PathSegment[], key: string): PathSegment[] {
  const loc = locate(md, path);
  if (loc.exact && isMap(loc.node) && path[path.length - 1] !== key) return [...path];
  return path.slice(0, -1);
}

export function quickFixesFor(md: ManifestDocument, finding: Finding): QuickFix[] {
  const out: QuickFix[] = [];
  const hints = finding.fixes ?? [];
  for (const hint of hints) {
    const fix = fixFor(md, finding, hint, hints.length === 1);
    if (fix) out.push(fix);
  }
  return out;
}

function fixFor(md: ManifestDocument, finding: Finding, hint: FixHint, only: boolean): QuickFix | undefined {
  switch (hint.kind) {
    case 'replaceKey':
      return { title: `Change to '${hint.with}'`, edits: [replaceKeyEdit(finding.range, hint.with)], preferred: only };
    case 'insertKey': {
      const edit = insertKeyEdit(md, parentFor(md, finding.path, hint.key), hint.key, hint.placeholder);
      return edit && { title: `Add '${hint.key}'`, edits: [edit], preferred: only };
    }
    case 'removeKey': {
      const edit = removeKeyEdit(md, parentFor(md, finding.path, hint.key), hint.key);
      return edit && { title: `Remove '${hint.key}'`, edits: [edit] };
    }
    case 'addAnalysisArg':
      return addAnalysisArg(md, finding.path, hint.name);
    default:
      return undefined;
  }
}

/** Adds `- name: <arg>` with an empty value to the analysis' args (creating `args:` if needed). */
function addAnalysisArg(md: ManifestDocument, path: readonly PathSegment[], name: string): QuickFix | undefined {
  const title = `Add analysis argument '${name}'`;
  if (path[path.length - 1] === 'args') {
    const edit = appendSeqItemEdit(md, path, [`name: ${name}`, 'value: ""'], `{name: ${name}, value: ""}`);
    return edit && { title, edits: [edit], preferred: true };
  }
  const t = path.lastIndexOf('templates');
  const block = t >= 0 ? path.slice(0, t) : path.slice(0, -1);
  const edit = insertKeyEdit(md, block, 'args', `- name: ${name}\n  value: ""`);
  return edit && { title, edits: [edit], preferred: true };
}
