/**
 * The network namespace that makes in-cluster services reachable without a cluster network.
 *
 * kube-apiserver's service proxy (`/api/v1/namespaces/N/services/S:P/proxy/...`) dials the address
 * of an Endpoints entry whose targetRef is a Pod with that IP, and endpoint validation refuses
 * loopback, link-local and unspecified addresses. These machines allow traffic only to loopback and
 * to network namespaces a run creates itself, so each run creates one:
 *
 *   host  ── veth rlu<pid>h  10.213.a.b+1/29
 *   netns rlu<pid> ── veth rlu<pid>n  10.213.a.b+2/29 (the loadtester "pod")  and  +3/29 (other "services")
 *
 * The /29 is picked from 10.213.0.0/16 by our pid and checked against every address already on the
 * host, so concurrent runs never collide; the addresses exist only on this veth pair. Processes
 * started in the namespace (`ip netns exec`) listen there; Flagger and the Argo Rollouts controller
 * run in the host namespace but in a private mount namespace whose /etc/hosts maps the in-cluster
 * names (flagger-loadtester.test, …) to these addresses, which is what cluster DNS would do.
 *
 * Requires root (CAP_NET_ADMIN, CAP_SYS_ADMIN) and iproute2. A crashed run's namespace and veth are
 * deleted by the next run (`reapStaleNamespaces`).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { pidAlive } from './processes';

export interface NetworkNamespace {
  readonly name: string;
  readonly hostVeth: string;
  /** The host end (the API server's advertise address). */
  readonly hostIp: string;
  /** The loadtester pod's address. */
  readonly podIp: string;
  /** The address of the other simulated in-cluster services (metrics, web analysis). */
  readonly servicesIp: string;
  /** `ip netns exec <name> <command...>` as [command, args]. */
  exec(command: string, args: string[]): [string, string[]];
  remove(): void;
}

const PREFIX = 'rlu';

function ip(args: string[]): string {
  return execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Checks that the tools and privileges exist, with a message naming what to install. */
export function checkNetnsSupport(): void {
  try {
    ip(['-V']);
  } catch {
    throw new Error('the upstream stack needs iproute2 (`ip netns`, veth): apt-get install iproute2');
  }
  try {
    execFileSync('unshare', ['--version'], { stdio: 'ignore' });
  } catch {
    throw new Error('the upstream stack needs unshare (util-linux): apt-get install util-linux');
  }
  if (process.getuid?.() !== 0) throw new Error('the upstream stack creates a network namespace and must run as root (CAP_NET_ADMIN, CAP_SYS_ADMIN)');
}

/** Deletes namespaces (and their veth pairs) of runs whose process is gone. */
export function reapStaleNamespaces(log: (line: string) => void): string[] {
  const out: string[] = [];
  let list: string;
  try {
    list = ip(['netns', 'list']);
  } catch {
    return out;
  }
  for (const line of list.split('\n')) {
    const name = line.split(' ')[0];
    const m = new RegExp(`^${PREFIX}(\\d+)$`).exec(name);
    if (!m || pidAlive(Number(m[1]))) continue;
    removeNamespace(name);
    log(`removed stale network namespace ${name}`);
    out.push(name);
  }
  return out;
}

function removeNamespace(name: string): void {
  try {
    ip(['netns', 'del', name]);
  } catch {
    /* already gone */
  }
  try {
    // Deleting the namespace destroys its veth end and with it the pair; this covers a half-made one.
    ip(['link', 'del', `${name}h`]);
  } catch {
    /* already gone */
  }
}

function usedAddresses(): Set<string> {
  const used = new Set<string>();
  for (const m of ip(['-o', '-4', 'addr', 'show']).matchAll(/inet (\d+\.\d+\.\d+)\.(\d+)\//g)) used.add(`${m[1]}.${Number(m[2]) & ~7}`);
  return used;
}

export function createNamespace(pid = process.pid): NetworkNamespace {
  const name = `${PREFIX}${pid}`;
  const hostVeth = `${name}h`;
  const nsVeth = `${name}n`;
  removeNamespace(name);
  const used = usedAddresses();
  let block = pid % 8192;
  let base = '';
  for (let i = 0; i < 8192; i++, block = (block + 1) % 8192) {
    const candidate = `10.213.${block >> 5}.${(block & 31) * 8}`;
    if (!used.has(candidate)) {
      base = candidate;
      break;
    }
  }
  if (!base) throw new Error('no free /29 in 10.213.0.0/16 for the network namespace');
  const [a, b, c, d] = base.split('.').map(Number);
  const at = (n: number) => `${a}.${b}.${c}.${d + n}`;
  const hostIp = at(1);
  const podIp = at(2);
  const servicesIp = at(3);
  try {
    ip(['netns', 'add', name]);
    ip(['link', 'add', hostVeth, 'type', 'veth', 'peer', 'name', nsVeth]);
    ip(['link', 'set', nsVeth, 'netns', name]);
    ip(['addr', 'add', `${hostIp}/29`, 'dev', hostVeth]);
    ip(['link', 'set', hostVeth, 'up']);
    ip(['netns', 'exec', name, 'ip', 'addr', 'add', `${podIp}/29`, 'dev', nsVeth]);
    ip(['netns', 'exec', name, 'ip', 'addr', 'add', `${servicesIp}/29`, 'dev', nsVeth]);
    ip(['netns', 'exec', name, 'ip', 'link', 'set', nsVeth, 'up']);
    ip(['netns', 'exec', name, 'ip', 'link', 'set', 'lo', 'up']);
  } catch (e) {
    removeNamespace(name);
    const err = e as { stderr?: Buffer | string; message: string };
    throw new Error(`could not create network namespace ${name}: ${String(err.stderr ?? err.message).trim()}`, { cause: e });
  }
  return {
    name,
    hostVeth,
    hostIp,
    podIp,
    servicesIp,
    exec: (command, args) => ['ip', ['netns', 'exec', name, command, ...args]],
    remove: () => removeNamespace(name),
  };
}

/**
 * [command, args] that run `command` in the host network namespace but with `hostsFile` bound over
 * /etc/hosts in a private mount namespace (the in-cluster names resolve; nothing else changes).
 */
export function withHostsFile(hostsFile: string, command: string, args: string[]): [string, string[]] {
  if (!fs.existsSync(hostsFile)) throw new Error(`hosts file ${hostsFile} is missing`);
  return ['unshare', ['--mount', '--propagation', 'private', '--', 'sh', '-c', 'mount --bind "$0" /etc/hosts && exec "$@"', hostsFile, command, ...args]];
}

/** /etc/hosts content: loopback names, then every in-cluster name in its short, .svc and .svc.cluster.local forms. */
export function hostsFileContent(entries: { ip: string; service: string; namespace: string }[]): string {
  const lines = ['127.0.0.1 localhost', '::1 localhost ip6-localhost ip6-loopback'];
  for (const e of entries) {
    const base = `${e.service}.${e.namespace}`;
    lines.push(`${e.ip} ${base} ${base}.svc ${base}.svc.cluster.local`);
  }
  return lines.join('\n') + '\n';
}
