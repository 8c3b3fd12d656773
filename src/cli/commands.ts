/** The registry of `rollout-lens` subcommands; each lives in its own module under src/cli/. */
import type { CliCommand } from './command';
import { LINT_COMMAND } from './lint';
import { STATUS_COMMAND } from './status';
import { ACTION_COMMANDS } from './actions';

export const COMMANDS: CliCommand[] = [LINT_COMMAND, STATUS_COMMAND, ...ACTION_COMMANDS];
