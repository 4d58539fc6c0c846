// The ml-practice command line: the editor's features for terminals and CI.
import { isUsageError } from './args';

/** What a command returns: the process exit code (0 ok, 1 findings or not passed, 2 usage). */
export type Command = (argv: string[]) => Promise<number>;

// Each command's module is required when it runs: a check need not load the linter's parser.
const COMMANDS: Record<string, { load: () => Command; summary: string }> = {
  lessons: {
    load: () =>
      (require('./commands/lessons') as typeof import('./commands/lessons')).lessonsCommand,
    summary: 'list the lessons of the bundled and given packs',
  },
  lint: {
    load: () =>
      (require('./commands/lint') as typeof import('./commands/lint')).lintCommand,
    summary: 'lint Python files and notebooks for ML contract gaps',
  },
  check: {
    load: () =>
      (require('./commands/check') as typeof import('./commands/check')).checkCommand,
    summary: "run a practice file and compare its output with a lesson's",
  },
  packs: {
    load: () =>
      (require('./commands/packs') as typeof import('./commands/packs')).packsCommand,
    summary: 'validate or scaffold lesson packs',
  },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(9)} ${c.summary}`);
  return `usage: ml-practice <command> [options]\n\ncommands:\n${lines.join('\n')}\n\n` +
    `Run 'ml-practice <command> --help' for a command's options.\n`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name === undefined ? 2 : 0;
  }

  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`ml-practice: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }

  try {
    return await command.load()(rest);
  } catch (error) {
    if (isUsageError(error)) {
      process.stderr.write(`ml-practice ${name}: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

/** A reader that stops early (`ml-practice lessons | head`) is not an error. */
function endQuietlyOnClosedPipe(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
}

/**
 * Exits once stdout and stderr have taken everything written to them. A command has finished
 * all its work when it returns, so nothing is lost; what is saved is Node winding down
 * (cleaning up its environment and heap), which takes a few milliseconds after every check.
 * Writes complete in order, so an empty write's callback runs when those before it are done.
 */
function exitWhenWritten(code: number): void {
  process.exitCode = code;
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

if (require.main === module) {
  // The command runs first: `check` spawns the program before its first await, so the program
  // starts while Node creates the stdout stream. Pipe errors arrive later, as events.
  const running = main(process.argv.slice(2));
  endQuietlyOnClosedPipe();
  running.then(
    (code) => exitWhenWritten(code),
    (error: unknown) => {
      process.stderr.write(`ml-practice: internal error: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
