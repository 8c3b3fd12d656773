/**
 * The contract every `rollout-lens` subcommand implements. Commands get their arguments and an IO
 * object instead of touching process.* directly, so tests run them in-process with captured output.
 */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Reads standard input to the end (for `lint -`). */
  readStdin: () => Promise<string>;
  /** Whether standard input is an interactive terminal (actions refuse to prompt otherwise). */
  isInteractive: boolean;
  /** Asks a question on the terminal and returns the answer line. */
  prompt: (question: string) => Promise<string>;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** Exit codes shared by all subcommands: 0 clean, 1 findings / action refused or failed, 2 usage or I/O error. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  run: (args: string[], io: CliIO) => Promise<number>;
}
