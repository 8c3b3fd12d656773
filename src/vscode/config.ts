/**
 * Typed settings behind one module (the `rolloutLens` section). Parsing and defaults are pure
 * (src/core/settings/settings.ts); this adapter reads the raw values, reports values it had to ignore
 * (once per distinct problem, so a bad setting does not nag on every keystroke elsewhere in the
 * settings file), and fires only when `affectsConfiguration('rolloutLens')` says our section changed.
 */
import * as vscode from 'vscode';
import { Emitter, type Event } from '../core/events';
import { changedAreas, parseSettings, SETTINGS_SECTION, type RolloutLensSettings } from '../core/settings/settings';
import type { Logger } from '../core/util/logger';

export interface SettingsChange {
  before: RolloutLensSettings;
  after: RolloutLensSettings;
  areas: ReturnType<typeof changedAreas>;
}

export class SettingsStore implements vscode.Disposable {
  private value: RolloutLensSettings;
  private readonly reported = new Set<string>();
  private readonly changed = new Emitter<SettingsChange>();
  private readonly disposables: vscode.Disposable[] = [];
  readonly onDidChange: Event<SettingsChange> = this.changed.event;

  constructor(private readonly log: Logger) {
    this.value = this.read();
    vscode.workspace.onDidChangeConfiguration(
      (e) => {
        if (!e.affectsConfiguration(SETTINGS_SECTION)) return;
        const before = this.value;
        const after = this.read();
        this.value = after;
        const areas = changedAreas(before, after);
        this.log.debug(
          `settings changed: ${
            Object.entries(areas)
              .filter(([, v]) => v)
              .map(([k]) => k)
              .join(', ') || 'nothing relevant'
          }`,
        );
        this.changed.fire({ before, after, areas });
      },
      this,
      this.disposables,
    );
  }

  get current(): RolloutLensSettings {
    return this.value;
  }

  /** Writes the watched-context list (user settings), leaving the kubeconfig file untouched. */
  async setWatchedContexts(contexts: string[]): Promise<void> {
    await vscode.workspace.getConfiguration(SETTINGS_SECTION).update('cluster.watchedContexts', contexts, vscode.ConfigurationTarget.Global);
  }

  /**
   * Sets the value files of one chart (`rolloutLens.helm.valueFiles`, keyed by its folder) in the
   * workspace's settings, where the repository's charts are; an empty list removes the chart's entry.
   */
  async setChartValueFiles(chart: string, files: string[]): Promise<void> {
    const all: Record<string, string[]> = { ...this.value.helm.valueFiles, [chart]: files };
    if (!files.length) delete all[chart];
    const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    await vscode.workspace.getConfiguration(SETTINGS_SECTION).update('helm.valueFiles', all, target);
  }

  private read(): RolloutLensSettings {
    const cfg = vscode.workspace.getConfiguration(SETTINGS_SECTION);
    const { settings, problems } = parseSettings((key) => cfg.get(key));
    for (const p of problems) {
      this.log.warn(p);
      if (!this.reported.has(p)) {
        this.reported.add(p);
        void vscode.window.showWarningMessage(`Rollout Lens: ${p}`);
      }
    }
    return settings;
  }

  dispose(): void {
    this.changed.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
