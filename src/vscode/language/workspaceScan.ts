/**
 * Validates the workspace's YAML files that are not open, so the Problems panel shows the whole
 * repository. Files are found once (findFiles) and kept current by a FileSystemWatcher; the work runs
 * in small batches through a BackgroundQueue that yields between batches, so a repository with
 * thousands of manifests never freezes the extension host. Open documents belong to the editor path
 * (diagnostics.ts) and are skipped here; files above the size limit are stat'ed, never read.
 */
import * as fs from 'node:fs/promises';
import * as vscode from 'vscode';
import { BackgroundQueue } from '../../core/util/backgroundQueue';
import { isScannablePath, WORKSPACE_SCAN_EXCLUDE, WORKSPACE_SCAN_INCLUDE } from '../../core/validation/diagnosticSpecs';
import type { RolloutLensSettings } from '../../core/settings/settings';
import { errorText } from '../../core/util/errors';
import type { Logger } from '../../core/util/logger';
import type { ManifestDiagnostics } from './diagnostics';
import { textPositions } from './positions';

const BATCH_SIZE = 20;
/** Upper bound on files found by the initial scan, so a giant monorepo cannot exhaust memory. */
const MAX_FILES = 20000;

export class WorkspaceScanner implements vscode.Disposable {
  private queue: BackgroundQueue<string> | undefined;
  private watcher: vscode.FileSystemWatcher | undefined;
  private scanCancel: vscode.CancellationTokenSource | undefined;
  /** The initial listing (findFiles), so whenIdle also waits for files not queued yet. */
  private listing: Promise<void> = Promise.resolve();
  private readonly watcherSubs: vscode.Disposable[] = [];
  /** Files this scanner published, so turning the scan off removes exactly those. */
  private readonly owned = new Set<string>();
  private readonly decoder = new TextDecoder('utf-8');
  /** Where the scan's time goes (file system vs validation), for the log. */
  private timing = { ioMs: 0, validateMs: 0 };

  constructor(
    private readonly diagnostics: ManifestDiagnostics,
    private readonly settings: () => RolloutLensSettings,
    private readonly log: Logger,
  ) {}

  get active(): boolean {
    return this.queue !== undefined;
  }

  /** Starts or stops according to the settings (validation.enable && validation.workspaceScan). */
  applySettings(): void {
    const s = this.settings().validation;
    const want = s.enable && s.workspaceScan && (vscode.workspace.workspaceFolders?.length ?? 0) > 0;
    if (want && !this.active) this.start();
    else if (!want && this.active) this.stop();
  }

  /** Re-reads every known file (schema version or severities changed). */
  rescan(): void {
    if (!this.active) return;
    this.stop();
    this.start();
  }

  /** Takes a file back after its editor closed; returns whether the scan owns it now. */
  adoptClosed(uri: vscode.Uri): boolean {
    if (!this.queue || uri.scheme !== 'file' || !isScannablePath(workspacePath(uri)) || !vscode.workspace.getWorkspaceFolder(uri)) return false;
    this.queue.enqueue([uri.toString()]);
    return true;
  }

  /** Resolves when the current scan has drained (used by tests through the extension's API). */
  whenIdle(): Promise<void> {
    return this.listing.then(() => this.queue?.whenIdle());
  }

  private start(): void {
    const t0 = performance.now();
    this.queue = new BackgroundQueue<string>({
      batchSize: BATCH_SIZE,
      process: (key) => this.validateFile(key),
      onError: (key, err) => this.log.warn(`could not validate ${key}: ${errorText(err)}`),
    });
    this.watcher = vscode.workspace.createFileSystemWatcher(WORKSPACE_SCAN_INCLUDE);
    const enqueue = (uri: vscode.Uri) => {
      if (isScannablePath(workspacePath(uri)) && !this.diagnostics.isOpenDocument(uri.toString())) this.queue?.enqueue([uri.toString()]);
    };
    this.watcher.onDidCreate(enqueue, this, this.watcherSubs);
    this.watcher.onDidChange(enqueue, this, this.watcherSubs);
    this.watcher.onDidDelete(
      (uri) => {
        const key = uri.toString();
        this.queue?.remove(key);
        this.owned.delete(key);
        if (!this.diagnostics.isOpenDocument(key)) this.diagnostics.forget(key);
      },
      this,
      this.watcherSubs,
    );
    const cancel = (this.scanCancel = new vscode.CancellationTokenSource());
    this.listing = Promise.resolve(vscode.workspace.findFiles(WORKSPACE_SCAN_INCLUDE, WORKSPACE_SCAN_EXCLUDE, MAX_FILES, cancel.token)).then(
      (uris) => {
        if (cancel.token.isCancellationRequested || !this.queue) return;
        const keys = uris.filter((u) => isScannablePath(workspacePath(u)) && !this.diagnostics.isOpenDocument(u.toString())).map((u) => u.toString());
        this.log.info(`workspace scan: ${keys.length} YAML file(s) queued (found in ${(performance.now() - t0).toFixed(0)} ms)${uris.length >= MAX_FILES ? `; stopped at ${MAX_FILES} files` : ''}`);
        const queue = this.queue;
        const started = performance.now();
        this.timing = { ioMs: 0, validateMs: 0 };
        queue.enqueue(keys);
        void queue.whenIdle().then(() => {
          if (this.queue === queue) {
            const t = this.timing;
            this.log.info(`workspace scan: ${queue.processedCount} file(s) validated in ${(performance.now() - started).toFixed(0)} ms (reading ${t.ioMs.toFixed(0)} ms, validating ${t.validateMs.toFixed(0)} ms)`);
          }
        });
      },
      (err) => this.log.warn(`workspace scan could not list files: ${errorText(err)}`),
    );
  }

  private stop(): void {
    this.scanCancel?.cancel();
    this.scanCancel?.dispose();
    this.scanCancel = undefined;
    this.queue?.dispose();
    this.queue = undefined;
    this.watcher?.dispose();
    this.watcher = undefined;
    for (const d of this.watcherSubs.splice(0)) d.dispose();
    for (const key of this.owned) if (!this.diagnostics.isOpenDocument(key)) this.diagnostics.forget(key);
    this.owned.clear();
  }

  private async validateFile(key: string): Promise<void> {
    if (this.diagnostics.isOpenDocument(key)) return; // the editor path owns it
    const uri = vscode.Uri.parse(key);
    let stat: { size: number; directory: boolean };
    const t0 = performance.now();
    try {
      stat = await statFile(uri);
    } catch {
      // Gone between the listing and now: nothing to show.
      this.owned.delete(key);
      this.diagnostics.forget(key);
      return;
    }
    if (stat.directory) return;
    this.owned.add(key);
    const max = this.settings().validation.maxFileSize;
    if (stat.size > max) {
      this.diagnostics.publishOversized(uri, stat.size);
      return;
    }
    const bytes = await readFile(uri);
    if (this.diagnostics.isOpenDocument(key) || !this.queue) return; // opened or stopped while reading
    const t1 = performance.now();
    this.timing.ioMs += t1 - t0;
    const text = this.decoder.decode(bytes);
    this.diagnostics.publishFromDisk(uri, text, textPositions(text));
    this.timing.validateMs += performance.now() - t1;
    // Files that are not open change rarely; keeping their parse would only cost memory.
    if (!this.diagnostics.isOpenDocument(key)) this.diagnostics.releaseCache(key);
  }

  dispose(): void {
    this.stop();
  }
}

/**
 * The path the exclusions apply to: relative to the workspace folder, as findFiles' exclude glob is.
 * Testing the absolute path would drop every file of a workspace that itself lives under, say, a
 * `.vscode-test/` or `node_modules/` folder (the test harness and the demo copy their repo there).
 */
function workspacePath(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri, false);
}

/**
 * Local files are read with Node directly: the extension host runs where the files are (also in
 * remote setups), and going through workspace.fs costs an IPC round trip per call (measured ~190 ms
 * per file in code-server under load, against ~1 ms). Other schemes go through workspace.fs.
 */
async function statFile(uri: vscode.Uri): Promise<{ size: number; directory: boolean }> {
  if (uri.scheme === 'file') {
    const s = await fs.stat(uri.fsPath);
    return { size: s.size, directory: s.isDirectory() };
  }
  const s = await vscode.workspace.fs.stat(uri);
  return { size: s.size, directory: (s.type & vscode.FileType.Directory) !== 0 };
}

function readFile(uri: vscode.Uri): Promise<Uint8Array> {
  return uri.scheme === 'file' ? fs.readFile(uri.fsPath) : Promise.resolve(vscode.workspace.fs.readFile(uri));
}
