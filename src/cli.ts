/**
 * `rollout-lens`: the command-line face of the same core the extension uses (lint for CI pipelines,
 * status and actions for scripts). Dispatches to the subcommands registered in src/cli/commands.ts;
 * the cluster commands load lazily from there, so `lint` never pays for @kubernetes/client-node.
 */
import type * as Readline from 'node:readline';
import { allCommands, findCommand } from './cli/commands';
import { EXIT_USAGE, type CliIO } from './cli/command';
import { errorMessage } from './core/util/errors';

export function usage(): string {
  const lines = ['Usage: rollout-lens <command> [options]', '', 'Commands:'];
  for (const c of allCommands()) lines.push(`  ${c.name.padEnd(12)} ${c.summary}`);
  lines.push('', 'Run `rollout-lens <command> --help` for the options of a command.');
  return lines.join('\n') + '\n';
}

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    (name ? io.stdout : io.stderr)(usage());
    return name ? 0 : EXIT_USAGE;
  }
  if (name === '--version' || name === 'version') {
    io.stdout(`rollout-lens ${process.env.ROLLOUT_LENS_VERSION ?? '0.1.0'}\n`);
    return 0;
  }
  const cmd = findCommand(name);
  if (!cmd) {
    io.stderr(`rollout-lens: unknown command '${name}'\n\n${usage()}`);
    return EXIT_USAGE;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(cmd.usage.endsWith('\n') ? cmd.usage : cmd.usage + '\n');
    return 0;
  }
  return cmd.run(rest, io);
}

/**
 * The real process's IO. Standard input and readline are touched only when a command asks for them:
 * creating process.stdin (even to read `isTTY`) and loading readline cost a lint run several ms.
 */
export function processIO(): CliIO {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    readStdin: () =>
      new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        process.stdin.on('data', (c: Buffer) => chunks.push(c));
        process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        process.stdin.on('error', reject);
      }),
    get isInteractive() {
      return Boolean(process.stdout.isTTY && process.stdin.isTTY);
    },
    prompt: (question) =>
      new Promise((resolve) => {
        const readline = require('node:readline') as typeof Readline;
        const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
        rl.question(question, (answer) => {
          rl.close();
          resolve(answer);
        });
      }),
    cwd: process.cwd(),
    env: process.env,
  };
}

if (require.main === module) {
  main(process.argv.slice(2), processIO()).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`rollout-lens: ${errorMessage(err)}\n`);
      process.exit(EXIT_USAGE);
    },
  );
}
