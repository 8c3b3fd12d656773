/**
 * Cross-file references in the editor: the workspace index (src/core/workspace) is fed by every
 * validation the diagnostics run (open documents as the user types, other files from the workspace
 * scan), its reference findings join the same diagnostics (src/core/validation/fileFindings.ts), and go-to-definition, find
 * references and document links read from it. A change re-resolves only the files that depend on
 * it; those are the files republished.
 */
import * as vscode from 'vscode';
import { Emitter, type Event } from '../../core/events';
import { lineStarts, positionAt, type TextRange } from '../../core/findings';
import type { ManifestFile } from '../../core/manifest/manifestFile';
import type { Location as IndexLocation, WorkspaceIndex } from '../../core/workspace/workspaceIndex';
import { errorText } from '../../core/util/errors';
import type { Logger } from '../../core/util/logger';
import type { FileValidated, FindingSource } from '../language/validator';

/** What this module needs from the diagnostics (src/vscode/language/diagnostics.ts), structurally. */
export interface ValidatedFiles {
  readonly onDidValidate: Event<FileValidated>;
  readonly onDidForget: Event<string>;
  useCrossFileFindings(source: FindingSource): vscode.Disposable;
  fileFor(doc: vscode.TextDocument): ManifestFile | undefined;
}

export interface ReferenceDeps {
  index: WorkspaceIndex;
  diagnostics: ValidatedFiles;
  log: Logger;
}

const SELECTOR: vscode.DocumentSelector = [{ language: 'yaml' }];

export function registerReferenceFeatures(deps: ReferenceDeps): vscode.Disposable[] {
  const { index, diagnostics, log } = deps;
  const changed = new Emitter<readonly string[]>();
  const out: vscode.Disposable[] = [changed];
  const feed = (uri: string, apply: () => string[]) => {
    try {
      const touched = apply();
      if (touched.length) changed.fire(touched);
    } catch (err) {
      log.error(`workspace index update for ${uri} failed: ${errorText(err)}`);
    }
  };
  // A kustomization that came, went or changed invalidates every file (setFile/removeFile return them
  // all), so files that became or stopped being patch fragments are republished with the rest: their
  // engine findings do not depend on it, the assembly (fileFindings) applies the filter.
  out.push(
    diagnostics.onDidValidate((e) => feed(e.uri, () => index.setFile(e.uri, e.file.text, e.file))),
    diagnostics.onDidForget((uri) => feed(uri, () => index.removeFile(uri))),
    diagnostics.useCrossFileFindings({ referenceFindings: (uri) => index.referenceFindings(uri), isPatchFragment: (uri) => index.isPatchFragment(uri), onDidChange: changed.event }),
  );

  /** Brings the index up to date with the document's current text (a keystroke may be pending). */
  const sync = (doc: vscode.TextDocument) => diagnostics.fileFor(doc);
  const toVsRange = (uri: string, r: TextRange): vscode.Range | undefined => {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
    if (open) return new vscode.Range(open.positionAt(r.start), open.positionAt(r.end));
    const text = index.textOf(uri);
    if (text === undefined) return undefined;
    const starts = lineStarts(text);
    const s = positionAt(starts, r.start);
    const e = positionAt(starts, r.end);
    return new vscode.Range(s.line, s.character, e.line, e.character);
  };
  const toVsLocation = (l: IndexLocation): vscode.Location | undefined => {
    const range = toVsRange(l.uri, l.range);
    return range && new vscode.Location(vscode.Uri.parse(l.uri), range);
  };

  out.push(
    vscode.languages.registerDefinitionProvider(SELECTOR, {
      provideDefinition(doc, position) {
        sync(doc);
        return index
          .definitionAt(doc.uri.toString(), doc.offsetAt(position))
          .map(toVsLocation)
          .filter((l): l is vscode.Location => !!l);
      },
    }),
    vscode.languages.registerReferenceProvider(SELECTOR, {
      provideReferences(doc, position, ctx) {
        sync(doc);
        return index
          .referencesTo(doc.uri.toString(), doc.offsetAt(position), ctx.includeDeclaration)
          .map(toVsLocation)
          .filter((l): l is vscode.Location => !!l);
      },
    }),
    vscode.languages.registerDocumentLinkProvider(SELECTOR, {
      provideDocumentLinks(doc) {
        sync(doc);
        const links: vscode.DocumentLink[] = [];
        for (const l of index.documentLinks(doc.uri.toString())) {
          const target = vscode.Uri.parse(l.target.uri);
          const at = toVsRange(l.target.uri, l.target.range);
          const link = new vscode.DocumentLink(new vscode.Range(doc.positionAt(l.range.start), doc.positionAt(l.range.end)), at ? target.with({ fragment: `L${at.start.line + 1},${at.start.character + 1}` }) : target);
          link.tooltip = 'Open the referenced manifest';
          links.push(link);
        }
        return links;
      },
    }),
  );
  return out;
}
