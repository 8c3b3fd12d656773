/**
 * Diagnostics for manifest files: one DiagnosticCollection fed by the validation engine.
 *
 * Open YAML documents revalidate as the user types, debounced per document (~200 ms) so a burst of
 * keystrokes costs one validation; the engine caches each file's documents, so an edit re-checks
 * only the document it touched, and only that file's diagnostics are replaced. Files that are not
 * open are validated from disk by the WorkspaceScanner (workspaceScan.ts), which publishes through
 * `publishFromDisk` here. What is published is the file's findings as src/core/validation/fileFindings.ts
 * assembles them (the engine's, the workspace index's cross-file references, severity overrides, the
 * patch-fragment filter), republished when the index says a file's references changed.
 */
import * as vscode from 'vscode';
import { Emitter, type Event } from '../../core/events';
import type { Finding } from '../../core/findings';
import type { ManifestFile } from '../../core/manifest/manifestFile';
import { KeyedDebouncer } from '../../core/util/debounce';
import { findingsToSpecs, oversizedNotice, type DiagnosticSpec } from '../../core/validation/diagnosticSpecs';
import { fileFindings, type CrossFileFindings } from '../../core/validation/fileFindings';
import type { RolloutLensSettings } from '../../core/settings/settings';
import { errorText } from '../../core/util/errors';
import type { Logger } from '../../core/util/logger';
import { documentPositions, toDiagnostic, type OffsetToPosition } from './positions';
import type { DocumentValidator, FileValidated, FindingSource } from './validator';

export const TYPING_DEBOUNCE_MS = 200;

/** Schemes whose documents are the user's files; diff views (`git:`), output panes and the like are not. */
const VALIDATED_SCHEMES = new Set(['file', 'untitled', 'vscode-vfs', 'vscode-remote', 'vscode-test-web']);

export function isManifestCandidate(doc: vscode.TextDocument): boolean {
  if (!VALIDATED_SCHEMES.has(doc.uri.scheme)) return false;
  return doc.languageId === 'yaml' || /\.ya?ml$/i.test(doc.uri.path);
}

interface Published {
  findings: readonly Finding[];
  textLength: number;
  positions: OffsetToPosition;
  /** Oversized files keep their notice and nothing else. */
  notice?: DiagnosticSpec;
}

export class ManifestDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('rollout-lens');
  private readonly debouncer = new KeyedDebouncer<string>(TYPING_DEBOUNCE_MS);
  /** Latest parse of each open document, for hover/completion/lenses. */
  private readonly latest = new Map<string, { version: number; file: ManifestFile }>();
  private readonly published = new Map<string, Published>();
  private crossFile: FindingSource | undefined;
  private readonly oversizeNotified = new Set<string>();
  private readonly validated = new Emitter<FileValidated>();
  private readonly forgotten = new Emitter<string>();
  private readonly disposables: vscode.Disposable[] = [];
  /** Fires after every validation (open or from disk) with the parsed file. */
  readonly onDidValidate: Event<FileValidated> = this.validated.event;
  /** Fires when a file's diagnostics were dropped (closed without scan, deleted, validation off). */
  readonly onDidForget: Event<string> = this.forgotten.event;

  constructor(
    private readonly validator: DocumentValidator,
    private readonly settings: () => RolloutLensSettings,
    private readonly log: Logger,
    /** Called when an open document closes, so the workspace scan can take the file back from disk. */
    private readonly onClosed: (uri: vscode.Uri) => boolean = () => false,
  ) {
    vscode.workspace.onDidOpenTextDocument((d) => this.validateSoon(d, 0), this, this.disposables);
    vscode.workspace.onDidChangeTextDocument(
      (e) => {
        if (e.contentChanges.length > 0) this.validateSoon(e.document, TYPING_DEBOUNCE_MS);
      },
      this,
      this.disposables,
    );
    vscode.workspace.onDidCloseTextDocument((d) => this.closed(d), this, this.disposables);
    // Validate what is already open without holding up activation.
    const initial = setTimeout(() => this.revalidateOpen(), 0);
    this.disposables.push({ dispose: () => clearTimeout(initial) });
  }

  get enabled(): boolean {
    return this.settings().validation.enable;
  }

  /** Merges the workspace index's findings into every file's diagnostics (one source: it also says which files are patch fragments). */
  useCrossFileFindings(source: FindingSource): vscode.Disposable {
    this.crossFile = source;
    const sub = source.onDidChange?.((uris) => {
      for (const u of uris) this.republish(u);
    });
    return new vscode.Disposable(() => {
      if (this.crossFile === source) this.crossFile = undefined;
      sub?.dispose();
    });
  }

  /** The parse of an open document at its current version (validating now if a keystroke is pending). */
  fileFor(doc: vscode.TextDocument): ManifestFile | undefined {
    const key = doc.uri.toString();
    const cached = this.latest.get(key);
    if (cached && cached.version === doc.version) return cached.file;
    this.debouncer.cancel(key);
    if (this.enabled) {
      this.validateNow(doc);
      return this.latest.get(key)?.file;
    }
    // Validation is off: hover, completion and lenses still need the parse; nothing is published.
    if (doc.isClosed || !isManifestCandidate(doc)) return undefined;
    const text = doc.getText();
    if (Buffer.byteLength(text, 'utf8') > this.settings().validation.maxFileSize) return undefined;
    const file = this.validator.validate(key, text).file;
    this.latest.set(key, { version: doc.version, file });
    return file;
  }

  isOpenDocument(uri: string): boolean {
    return this.latest.has(uri) || vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri && isManifestCandidate(d));
  }

  /** Re-checks every open document, e.g. after the schema version or severity settings changed. */
  revalidateOpen(): void {
    for (const d of vscode.workspace.textDocuments) this.validateSoon(d, 0);
  }

  /** Drops every diagnostic (validation turned off). */
  clearAll(): void {
    for (const uri of [...this.published.keys()]) this.forget(uri);
    this.collection.clear();
  }

  /** Publishes findings computed from a file's text on disk (not open in an editor). */
  publishFromDisk(uri: vscode.Uri, text: string, positions: OffsetToPosition): void {
    const key = uri.toString();
    const result = this.validator.validate(key, text);
    if (result.skipped) return this.publishOversized(uri, Buffer.byteLength(text, 'utf8'));
    this.publish(uri, { findings: result.findings, textLength: text.length, positions });
    this.validated.fire({ uri: key, file: result.file });
  }

  publishOversized(uri: vscode.Uri, sizeBytes: number): void {
    const notice = oversizedNotice(sizeBytes, this.settings().validation.maxFileSize);
    this.validator.forget(uri.toString());
    this.publish(uri, { findings: [], textLength: 0, positions: () => new vscode.Position(0, 0), notice });
  }

  /** Drops the engine's per-file cache but keeps the diagnostics (files validated from disk). */
  releaseCache(uri: string): void {
    if (!this.latest.has(uri)) this.validator.forget(uri);
  }

  forget(uri: string): void {
    this.debouncer.cancel(uri);
    this.latest.delete(uri);
    this.published.delete(uri);
    this.validator.forget(uri);
    this.collection.delete(vscode.Uri.parse(uri));
    this.forgotten.fire(uri);
  }

  private validateSoon(doc: vscode.TextDocument, delay: number): void {
    if (!this.enabled || !isManifestCandidate(doc)) return;
    const key = doc.uri.toString();
    if (delay === 0) {
      this.debouncer.cancel(key);
      this.validateNow(doc);
      return;
    }
    this.debouncer.schedule(key, () => this.validateNow(doc));
  }

  private validateNow(doc: vscode.TextDocument): void {
    if (!this.enabled || doc.isClosed || !isManifestCandidate(doc)) return;
    const key = doc.uri.toString();
    try {
      const text = doc.getText();
      const size = Buffer.byteLength(text, 'utf8');
      const max = this.settings().validation.maxFileSize;
      if (size > max) {
        this.latest.delete(key);
        this.publishOversized(doc.uri, size);
        if (!this.oversizeNotified.has(key)) {
          this.oversizeNotified.add(key);
          void vscode.window.showInformationMessage(oversizedNotice(size, max).message);
        }
        return;
      }
      const t0 = performance.now();
      const result = this.validator.validate(key, text);
      if (result.skipped) {
        this.latest.delete(key);
        return this.publishOversized(doc.uri, size);
      }
      this.latest.set(key, { version: doc.version, file: result.file });
      this.publish(doc.uri, { findings: result.findings, textLength: text.length, positions: documentPositions(doc) });
      this.log.trace(`validated ${doc.uri.fsPath || key} v${doc.version}: ${result.findings.length} finding(s) in ${(performance.now() - t0).toFixed(1)} ms`);
      this.validated.fire({ uri: key, version: doc.version, file: result.file });
    } catch (err) {
      // The engine is built never to throw; if it does, keep the editor working and say where.
      this.log.error(`validation of ${key} failed: ${errorText(err)}`);
    }
  }

  private closed(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    if (!this.latest.has(key) && !this.published.has(key)) return;
    this.debouncer.cancel(key);
    this.latest.delete(key);
    // The saved file may still be in the workspace: the scan re-validates it from disk; else drop it.
    if (!this.onClosed(doc.uri)) this.forget(key);
  }

  private publish(uri: vscode.Uri, p: Published): void {
    const key = uri.toString();
    this.published.set(key, p);
    this.render(uri, p);
  }

  private republish(uri: string): void {
    const p = this.published.get(uri);
    if (p) this.render(vscode.Uri.parse(uri), p);
  }

  private render(uri: vscode.Uri, p: Published): void {
    const key = uri.toString();
    let specs: DiagnosticSpec[];
    if (p.notice) specs = [p.notice];
    else {
      const assemble = (crossFile: CrossFileFindings | undefined) => fileFindings({ uri: key, validation: { findings: p.findings }, textLength: p.textLength, crossFile, severityOverrides: this.settings().rules.severity });
      let findings: Finding[];
      try {
        findings = assemble(this.crossFile);
      } catch (err) {
        // The index is built never to throw; if it does, the engine's findings still show.
        this.log.error(`cross-file findings failed for ${key}: ${errorText(err)}`);
        findings = assemble(undefined);
      }
      specs = findingsToSpecs(findings);
    }
    this.collection.set(
      uri,
      specs.map((s) => toDiagnostic(s, p.positions)),
    );
  }

  dispose(): void {
    this.debouncer.dispose();
    this.validated.dispose();
    this.forgotten.dispose();
    for (const d of this.disposables) d.dispose();
    this.collection.dispose();
  }
}
