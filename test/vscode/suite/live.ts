/**
 * Finding live objects from the suite: the workspace copy of the demo repo (under demo/) holds manifests
 * that match the test cluster's demo scenario; their code lenses carry the live state. Everything goes
 * through the public API (vscode.executeCodeLensProvider), as a user's editor would.
 */
import * as vscode from 'vscode';
import { waitFor, workspaceRoot } from './helpers';

export interface LensLine {
  doc: vscode.TextDocument;
  /** The state lens ("● Paused · step 1/4 · 20% in ctx/ns") and the action lenses on the same line. */
  state: string;
  actions: vscode.CodeLens[];
  line: number;
}

/** YAML files under demo/ declaring a Rollout or a Canary. */
export async function liveManifests(): Promise<vscode.Uri[]> {
  const files = await vscode.workspace.findFiles(new vscode.RelativePattern(workspaceRoot(), 'demo/**/*.{yaml,yml}'));
  const out: vscode.Uri[] = [];
  for (const uri of files.sort((a, b) => a.fsPath.localeCompare(b.fsPath))) {
    const text = Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
    if (/^kind:\s*(Rollout|Canary)\s*$/m.test(text) && !/typo/i.test(uri.fsPath)) out.push(uri);
  }
  return out;
}

/** Resolved code lenses of a document, grouped by line. */
export async function lensLines(uri: vscode.Uri): Promise<LensLine[]> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ?? [];
  const byLine = new Map<number, vscode.CodeLens[]>();
  for (const l of lenses) {
    if (!l.command) continue;
    byLine.set(l.range.start.line, [...(byLine.get(l.range.start.line) ?? []), l]);
  }
  return [...byLine.entries()].map(([line, ls]) => ({
    doc,
    line,
    state: ls[0].command!.title,
    actions: ls.slice(1),
  }));
}

const LIVE = /Paused|Healthy|Progressing|Degraded|Succeeded|Waiting|Failed|Promoting|Initialized|Finalising|Not deployed/;

/** The first live lens line (across the demo manifests) whose state matches and that offers `action`. */
export async function findLiveLens(state: RegExp, action: RegExp, exclude: string[] = [], ms = 30000): Promise<LensLine & { action: vscode.CodeLens }> {
  const files = await liveManifests();
  if (!files.length) throw new Error('no Rollout/Canary manifests under demo/ in the test workspace (test/demo/workspace missing?)');
  return waitFor(
    `a live code lens in state ${state} offering ${action} (in ${files.length} demo manifests)`,
    async () => {
      for (const uri of files) {
        for (const line of await lensLines(uri)) {
          if (!LIVE.test(line.state) || !state.test(line.state) || exclude.some((e) => line.state.includes(e))) continue;
          const a = line.actions.find((l) => action.test(l.command!.title));
          if (a) return { ...line, action: a };
        }
      }
      return undefined;
    },
    ms,
  );
}

/** The state lens at a line of a document, re-resolved (lenses update from watch events). */
export async function stateAt(uri: vscode.Uri, line: number): Promise<string | undefined> {
  return (await lensLines(uri)).find((l) => l.line === line)?.state;
}
