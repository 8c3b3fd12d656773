/**
 * The one leveled log channel, created in activate and never at import time. A LogOutputChannel
 * has exactly the methods of the product's Logger (src/core/util/logger.ts), so the same object is
 * handed to every feature (tagged with its component) and to `createClusterService({ log })`.
 */
import * as vscode from 'vscode';

export const LOG_CHANNEL_NAME = 'Rollout Lens';

export function createLogChannel(): vscode.LogOutputChannel {
  return vscode.window.createOutputChannel(LOG_CHANNEL_NAME, { log: true });
}
