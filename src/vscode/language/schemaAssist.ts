/**
 * Hover and completion from the CRD schemas: thin adapters over the pure schemaHoverAt /
 * schemaCompletionsAt (core/schema/schemaAssist.ts), which work on the same incremental parse the
 * diagnostics use (so a hover right after a keystroke sees the current text). Completion insert
 * texts carry absolute indentation; VS Code re-indents the lines after the first by the current
 * line's indentation, so that indentation is taken off first.
 */
import * as vscode from 'vscode';
import type { SchemaCompletion, SchemaHover } from '../../core/schema/schemaAssist';
import type { ArgoSchemaVersion } from '../../core/schema/catalog';
import type { ClusterSchemaSet } from '../../core/schema/clusterSchemas';
import type { ManifestFile } from '../../core/manifest/manifestFile';
import type { SettingsStore } from '../config';
import type { ManifestDiagnostics } from './diagnostics';

export interface SchemaAssistDeps {
  diagnostics: ManifestDiagnostics;
  settings: SettingsStore;
  hoverAt(file: ManifestFile, offset: number, version: ArgoSchemaVersion, cluster?: ClusterSchemaSet): SchemaHover | undefined;
  completionsAt(file: ManifestFile, offset: number, version: ArgoSchemaVersion, cluster?: ClusterSchemaSet): SchemaCompletion[];
  /** The current context's CRD schemas when schemaVersion is "cluster" and they were read. */
  clusterSchemas?(): ClusterSchemaSet | undefined;
}

const SELECTOR: vscode.DocumentSelector = [{ language: 'yaml' }];
/** Characters of a key or scalar being typed (the part the completion replaces). */
const TOKEN_BEFORE_CURSOR = /[A-Za-z0-9_.\-/"'$]*$/;

export function registerSchemaAssist(context: vscode.ExtensionContext, deps: SchemaAssistDeps): void {
  const version = () => deps.settings.current.argoRollouts.schemaVersion;
  const hover: vscode.HoverProvider = {
    provideHover(doc, position) {
      const file = deps.diagnostics.fileFor(doc);
      if (!file) return undefined;
      const h = deps.hoverAt(file, doc.offsetAt(position), version(), deps.clusterSchemas?.());
      if (!h) return undefined;
      const md = new vscode.MarkdownString(h.markdown);
      return new vscode.Hover(md, new vscode.Range(doc.positionAt(h.range.start), doc.positionAt(h.range.end)));
    },
  };
  const completion: vscode.CompletionItemProvider = {
    provideCompletionItems(doc, position, _token, ctx) {
      const line = doc.lineAt(position.line).text.slice(0, position.character);
      if (/^\s*#/.test(line)) return undefined;
      // A space only opens completion for a value (`key: `), not for every space typed.
      if (ctx.triggerKind === vscode.CompletionTriggerKind.TriggerCharacter && ctx.triggerCharacter === ' ' && !/:\s$/.test(line)) return undefined;
      const file = deps.diagnostics.fileFor(doc);
      if (!file) return undefined;
      const items = deps.completionsAt(file, doc.offsetAt(position), version(), deps.clusterSchemas?.());
      if (items.length === 0) return undefined;
      const token = TOKEN_BEFORE_CURSOR.exec(line)?.[0] ?? '';
      const range = new vscode.Range(position.translate(0, -token.length), position);
      const lineIndent = /^[ \t]*/.exec(line)![0].length;
      return items.map((c, i) => {
        const item = new vscode.CompletionItem(c.label, c.kind === 'property' ? vscode.CompletionItemKind.Property : vscode.CompletionItemKind.EnumMember);
        item.detail = c.detail;
        if (c.documentation) item.documentation = new vscode.MarkdownString(c.documentation);
        item.insertText = relativeIndent(c.insertText, lineIndent);
        item.range = range;
        item.sortText = String(i).padStart(4, '0');
        if (c.insertText.endsWith('\n') || /\n\s*(- )?$/.test(c.insertText)) {
          // Nested objects and lists: keep suggesting at the new line.
          item.command = { command: 'editor.action.triggerSuggest', title: 'Suggest' };
        }
        return item;
      });
    },
  };
  context.subscriptions.push(vscode.languages.registerHoverProvider(SELECTOR, hover), vscode.languages.registerCompletionItemProvider(SELECTOR, completion, ':', ' '));
}

/** Absolute → relative indentation for the lines after the first (VS Code adds the line's own back). */
function relativeIndent(text: string, lineIndent: number): string {
  if (!text.includes('\n') || lineIndent === 0) return text;
  return text
    .split('\n')
    .map((l, i) => (i === 0 ? l : l.slice(Math.min(lineIndent, /^ */.exec(l)![0].length))))
    .join('\n');
}
