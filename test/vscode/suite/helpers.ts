/**
 * Helpers shared by the in-host tests. They use only the public `vscode` API (never src/ modules that
 * import vscode), so the tests see the extension exactly as users do. Waiting is always a poll with a
 * deadline — the extension host has no way to tell us "diagnostics are done", and sleeps are flaky.
 */
import * as assert from 'assert';
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';

/** kubectl against the test cluster (KUBECONFIG of the extension host), fixed argument vector. */
export function kubectl(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('kubectl', args, { env: process.env, maxBuffer: 64 << 20 }, (err, stdout, stderr) => (err ? reject(new Error(`kubectl ${args[0]}: ${stderr || err.message}`)) : resolve(stdout)));
  });
}

/** `kubectl apply|create -f` of a manifest given as text (YAML or JSON), through a temporary file removed after. */
export async function kubectlManifest(verb: 'apply' | 'create', manifest: string): Promise<string> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rollout-lens-it-')), 'manifest.yaml');
  fs.writeFileSync(file, manifest);
  try {
    return await kubectl([verb, '-f', file]);
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
}

export const EXTENSION_ID = 'rollout-lens.rollout-lens';

/** Polls fn every 50 ms until it returns a truthy value; fails with `what` after `ms`. */
export async function waitFor<T>(what: string, fn: () => T | undefined | null | false | Promise<T | undefined | null | false>, ms = 20000): Promise<T> {
  const deadline = Date.now() + ms;
  let lastError: Error | undefined;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      lastError = err instanceof Error ? err : new Error(String(err));
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${ms} ms waiting for ${what}${lastError ? ` (last error: ${String(lastError)})` : ''}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace folder is open');
  return folder.uri;
}

export function fixtureUri(rel: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...rel.split('/'));
}

/** Activates the extension under test (as opening a YAML file would) and returns it. */
export async function activateExtension(): Promise<vscode.Extension<unknown>> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is installed in the extension host`);
  await ext.activate();
  return ext;
}

export async function openFixture(rel: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(fixtureUri(rel));
  return vscode.window.showTextDocument(doc, { preview: false });
}

/** The extension's diagnostics on a document (other extensions' are ignored). */
export function ourDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => /rollout/i.test(String(d.source ?? '')));
}

/** Offset of the first occurrence of `needle` in the document (asserted to exist). */
export function positionOf(doc: vscode.TextDocument, needle: string, nth = 0): vscode.Position {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = doc.getText().indexOf(needle, at + 1);
    assert.ok(at >= 0, `"${needle}" (#${i + 1}) occurs in ${path.basename(doc.uri.fsPath)}`);
  }
  return doc.positionAt(at);
}

/** Text of a hover's contents, whatever form the provider used. */
export function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}

/** Contributed command ids of the extension (from its package.json), to check a command exists. */
export function contributedCommands(): string[] {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  const cmds = (ext?.packageJSON?.contributes?.commands ?? []) as { command: string }[];
  return cmds.map((c) => c.command);
}

/**
 * Resolves once the extension's diagnostics on uri have not changed for quietMs (validation is debounced
 * and there is no "done" event); still a deadline-bounded poll, not a sleep.
 */
export async function settledDiagnostics(uri: vscode.Uri, quietMs = 1500): Promise<vscode.Diagnostic[]> {
  let last = '';
  let since = Date.now();
  await waitFor('diagnostics to settle', () => {
    const now = JSON.stringify(ourDiagnostics(uri).map((d) => [d.message, d.range.start.line]));
    if (now !== last) {
      last = now;
      since = Date.now();
    }
    return Date.now() - since > quietMs;
  });
  return ourDiagnostics(uri);
}

/** A row of the Rollouts tree as the extension's test API returns it (its contextValue lists the actions offered). */
export interface TreeRow {
  label: string;
  contextValue?: string;
  children?: TreeRow[];
}

/** The Rollouts tree down to `depth` levels (contexts, namespaces, workloads…), through the extension's test API. */
export function rolloutsTree(depth: number): TreeRow[] {
  const api = vscode.extensions.getExtension<{ rolloutsTree?(maxDepth?: number): TreeRow[] }>(EXTENSION_ID)!.exports;
  return api.rolloutsTree?.(depth) ?? [];
}

/** The label of the context the Rollouts tree watches, once the tree shows it. */
export function watchedContext(ms = 60000): Promise<string> {
  return waitFor('a watched context in the Rollouts tree', () => rolloutsTree(1).find((n) => n.contextValue?.startsWith('context.'))?.label, ms);
}

/** What `rolloutLens.test.lastChoice` returns: the last choice the extension asked (the GitOps warning) and its answer. */
export interface AskedChoice {
  title: string;
  detail: string;
  options: string[];
  answer?: string;
}

/**
 * A zero-replica canary Rollout labelled as Argo CD labels what it syncs, so actions that change its spec
 * meet the GitOps warning; no pods run, so the demo's rollouts keep their states.
 */
export function gitOpsProbeRollout(name: string, namespace: string, containers: { name: string; image: string }[]): string {
  return `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: ${name}
  namespace: ${namespace}
  labels:
    argocd.argoproj.io/instance: rollout-lens-demo
spec:
  replicas: 0
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
${containers.map((c) => `        - name: ${c.name}\n          image: ${c.image}`).join('\n')}
  strategy:
    canary: {}
`;
}
