/** The registry of `rollout-lens` subcommands; each lives in its own module under src/cli/. */
import type { CliCommand } from './command';

export const COMMANDS: CliCommand[] = [];
