/**
 * The one leveled log channel (created in activate, never at import time) and component-tagged views
 * of it. The shape matches the cluster layer's Logger (info/warn/error/debug), so the same object is
 * handed to `createClusterService({ log })`. Callers pass messages that are already free of
 * credentials; the cluster layer redacts its own.
 */
import * as vscode from 'vscode';

export interface Log {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  debug(message: string): void;
  trace(message: string): void;
}

export const LOG_CHANNEL_NAME = 'Rollout Lens';

export function createLogChannel(): vscode.LogOutputChannel {
  return vscode.window.createOutputChannel(LOG_CHANNEL_NAME, { log: true });
}

export function tagged(log: Log, component: string): Log {
  return {
    info: (m) => log.info(`[${component}] ${m}`),
    warn: (m) => log.warn(`[${component}] ${m}`),
    error: (m) => log.error(`[${component}] ${m}`),
    debug: (m) => log.debug(`[${component}] ${m}`),
    trace: (m) => log.trace(`[${component}] ${m}`),
  };
}

export function errorText(err: unknown): string {
  if (err instanceof Error) return err.stack ?? `${err.name}: ${err.message}`;
  return String(err);
}
