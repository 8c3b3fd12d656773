/**
 * The stack's child processes: each started with its own log file, recorded by pid (in memory and in
 * the run directory's `pids` file, so a later run can end what a crashed one left behind), and
 * stopped by pid in reverse start order: SIGTERM, then SIGKILL after a grace period.
 *
 * Wrappers (`ip netns exec`, `unshare … sh -c 'mount … && exec …'`) exec the real binary, so the pid we
 * record is the component's own.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface StartedProcess {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  readonly child: ChildProcess;
  /** Set once the process has exited (code or signal). */
  exit?: string;
}

export class ProcessGroup {
  private readonly procs: StartedProcess[] = [];

  constructor(
    private readonly runDir: string,
    private readonly log: (line: string) => void,
  ) {}

  get all(): readonly StartedProcess[] {
    return this.procs;
  }

  start(name: string, command: string, args: string[], env: NodeJS.ProcessEnv = process.env): StartedProcess {
    const logFile = path.join(this.runDir, `${name}.log`);
    const fd = fs.openSync(logFile, 'a');
    const child = spawn(command, args, { stdio: ['ignore', fd, fd], env });
    fs.closeSync(fd);
    if (child.pid === undefined) throw new Error(`${name}: could not start ${command}`);
    const p: StartedProcess = { name, pid: child.pid, logFile, child };
    child.on('exit', (code, signal) => {
      p.exit = signal ? `signal ${signal}` : `exit ${code}`;
    });
    child.on('error', (e) => {
      p.exit = `error ${e.message}`;
    });
    this.procs.push(p);
    fs.appendFileSync(path.join(this.runDir, 'pids'), `${child.pid} ${name}\n`);
    this.log(`started ${name} (pid ${child.pid}, log ${logFile})`);
    return p;
  }

  /** Throws with the tail of the log when a process has exited (for readiness loops). */
  assertRunning(p: StartedProcess): void {
    if (p.exit === undefined) return;
    throw new Error(`${p.name} exited (${p.exit}); last lines of ${p.logFile}:\n${tail(p.logFile, 25)}`);
  }

  /** Stops one process (SIGTERM, SIGKILL after the grace period); resolves when it has exited. */
  stop(p: StartedProcess, graceMs = 5000): Promise<void> {
    return stopOne(p, graceMs);
  }

  /** Stops every process in reverse start order; resolves when all have exited. */
  async stopAll(graceMs = 5000): Promise<void> {
    for (const p of [...this.procs].reverse()) await stopOne(p, graceMs);
  }
}

async function stopOne(p: StartedProcess, graceMs: number): Promise<void> {
  if (p.exit !== undefined) return;
  const exited = new Promise<void>((resolve) => {
    if (p.exit !== undefined) resolve();
    p.child.once('exit', () => resolve());
  });
  try {
    process.kill(p.pid, 'SIGTERM');
  } catch {
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(true), graceMs);
  });
  if (await Promise.race([exited.then(() => false), timedOut])) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      /* gone meanwhile */
    }
    await exited;
  }
  clearTimeout(timer);
}

export function tail(file: string, lines: number): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Ends what a crashed run left behind: every `rollout-lens-upstream-*` run directory under `parent`
 * whose owner (the pid in its `owner` file) is gone. Only pids listed in that run's `pids` file whose
 * command line still names the binary directory are killed, so a recycled pid is left alone.
 */
export function reapStaleRuns(parent: string, binDir: string, log: (line: string) => void): string[] {
  const reaped: string[] = [];
  for (const entry of fs.readdirSync(parent)) {
    if (!entry.startsWith('rollout-lens-upstream-')) continue;
    const dir = path.join(parent, entry);
    const owner = Number(readOr(path.join(dir, 'owner'), '0'));
    if (!owner || pidAlive(owner)) continue;
    for (const line of readOr(path.join(dir, 'pids'), '').split('\n')) {
      const pid = Number(line.split(' ')[0]);
      if (!pid || !pidAlive(pid)) continue;
      const cmdline = readOr(`/proc/${pid}/cmdline`, '');
      if (!cmdline.includes(binDir) && !cmdline.includes(dir)) continue;
      try {
        process.kill(pid, 'SIGKILL');
        log(`killed stale ${line.trim()} of a crashed run (${dir})`);
      } catch {
        /* gone */
      }
    }
    reaped.push(dir);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return reaped;
}

function readOr(file: string, fallback: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return fallback;
  }
}
