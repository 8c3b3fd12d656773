/**
 * The one logger shape every layer writes to. The editor hands over its LogOutputChannel (which has
 * exactly these methods), the CLI a stderr logger, tests a silent or recording one. Lines carry a
 * component tag (`[cluster prod] …`) so one channel reads like several. What is logged must already
 * be free of credentials; the cluster layer redacts its own (src/k8s/log.ts `redact`).
 */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  debug(message: string): void;
  trace(message: string): void;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {}, debug() {}, trace() {} };

/** A logger that prefixes every line with `[tag]`. */
export function taggedLogger(log: Logger, tag: string): Logger {
  return {
    info: (m) => log.info(`[${tag}] ${m}`),
    warn: (m) => log.warn(`[${tag}] ${m}`),
    error: (m) => log.error(`[${tag}] ${m}`),
    debug: (m) => log.debug(`[${tag}] ${m}`),
    trace: (m) => log.trace(`[${tag}] ${m}`),
  };
}
