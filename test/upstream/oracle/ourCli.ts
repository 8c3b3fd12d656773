/**
 * Runs `rollout-lens` in-process (src/cli `main`, the code the shipped CLI bundles) with captured
 * output and a non-interactive terminal, on a given kubeconfig: how the oracles run our side.
 */
import path from 'node:path';
import { main } from '../../../src/cli';
import { captureIO } from '../../unit/cli/clusterFixture';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runOurCli(args: string[], kubeconfig: string): Promise<CliRun> {
  const c = captureIO({ ...process.env, KUBECONFIG: kubeconfig }, false, path.resolve(__dirname, '../../..'));
  const code = await main([...args, '--kubeconfig', kubeconfig], c.io);
  return { code, stdout: c.out(), stderr: c.err() };
}
