/** A kubeconfig pointing at a closed loopback port, and a capturing CliIO, for CLI unit tests. */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CliIO } from '../../../src/cli/command';

/** A port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

export function writeKubeconfig(server: string, opts: { current?: string; namespace?: string } = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rl-cli-'));
  const file = path.join(dir, 'config');
  fs.writeFileSync(
    file,
    [
      'apiVersion: v1',
      'kind: Config',
      ...(opts.current === '' ? [] : [`current-context: ${opts.current ?? 'dev'}`]),
      'clusters:',
      '- name: c',
      '  cluster:',
      `    server: ${server}`,
      '    insecure-skip-tls-verify: true',
      'users:',
      '- name: u',
      '  user:',
      '    token: sekret-token-value',
      'contexts:',
      '- name: dev',
      '  context:',
      '    cluster: c',
      '    user: u',
      ...(opts.namespace ? [`    namespace: ${opts.namespace}`] : []),
      '',
    ].join('\n'),
  );
  return file;
}

/** A CliIO that records what the CLI prints; `cwd` is where relative paths resolve (default: this process's). */
export function captureIO(env: NodeJS.ProcessEnv = {}, interactive = false, cwd = process.cwd()) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = {
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    readStdin: () => Promise.resolve(''),
    isInteractive: interactive,
    prompt: () => Promise.resolve('n'),
    cwd,
    env: { HOME: os.tmpdir(), ...env },
  };
  return { io, out: () => out.join(''), err: () => err.join('') };
}
