// The ml-practice command line: the editor's features for terminals and CI.
import { isUsageError } from './args';

/** What a command returns: the process exit code (0 ok, 1 findings or not passed, 2 usage). */
export type Command = (argv: string[]) => Promise<number>;

// Each command's module is required when it runs: a check need not load the linter's parser.
const COMMANDS: Record<string, { load: () => Command; summary: string }> = {
  lessons: {
    load: () =>
      (require('./commands/lessons') as typeof import('./commands/lessons')).lessonsCommand,
    summary: 'list the lessons of the bundled packs, or of those given with --pack',
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

/** What went wrong writing the output; a reader that stopped early is not a failure. */
const output: { failure?: string; readerGone: boolean } = { readerGone: false };

/**
 * A reader that stops early (`ml-practice lint src | head`) is not an error: the command goes
 * on and exits with its own code. Any other failure to write stdout (a full disk) is noted and
 * makes the exit code 2. A failing stderr has nowhere to be reported; the exit code still is.
 */
function watchOutput(): void {
  process.stdout.on('error', noteOutputError);
  process.stderr.on('error', () => undefined);
}

function noteOutputError(error: NodeJS.ErrnoException | null | undefined): void {
  if (!error || error.code === 'ERR_STREAM_DESTROYED') return;
  if (error.code === 'EPIPE') output.readerGone = true;
  else output.failure ??= error.message;
}

/**
 * Exits once stdout and stderr have taken everything written to them. A command has finished
 * all its work when it returns, so nothing is lost; what is saved is Node winding down
 * (cleaning up its environment and heap), which takes a few milliseconds after every check.
 * Writes complete in order, so an empty write's callback runs when those before it are done.
 */
function exitWhenWritten(code: number): void {
  process.exitCode = code;
  process.stdout.write('', (error) => {
    noteOutputError(error);
    if (output.failure !== undefined) {
      process.stderr.write(`ml-practice: could not write the output: ${output.failure}\n`);
      process.exitCode = 2;
    }
    process.stderr.write('', () => process.exit(process.exitCode));
  });
}

if (require.main === module) {
  // The command runs first: `check` spawns the program before its first await, so the program
  // starts while Node creates the stdout stream. Write errors arrive later, as events.
  const running = main(process.argv.slice(2));
  watchOutput();
  running.then(
    (code) => exitWhenWritten(code),
    (error: unknown) => {
      process.stderr.write(`ml-practice: internal error: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
