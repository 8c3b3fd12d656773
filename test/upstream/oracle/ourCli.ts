/**
 * Runs `rollout-lens` in-process (src/cli `main`, the code the shipped CLI bundles) with captured
 * output and a non-interactive terminal, on a given kubeconfig: how the oracles run our side.
 */
import path from 'node:path';
import { main } from '../../../src/cli';
import type { CliIO } from '../../../src/cli/command';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runOurCli(args: string[], kubeconfig: string): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = {
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    readStdin: () => Promise.resolve(''),
    isInteractive: false,
    prompt: () => Promise.resolve(''),
    cwd: path.resolve(__dirname, '../../..'),
    env: { ...process.env, KUBECONFIG: kubeconfig },
  };
  const code = await main([...args, '--kubeconfig', kubeconfig], io);
  return { code, stdout: out.join(''), stderr: err.join('') };
}
