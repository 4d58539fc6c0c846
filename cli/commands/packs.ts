// `ml-practice packs`: validate lesson packs before learners meet them, or scaffold a new one.
import * as fs from 'fs';
import * as path from 'path';
import {
  bundledPackDirs,
  scaffoldPack,
  ScaffoldError,
} from '../../core/lessons';
import { validatePacks, type PackReport } from '../../core/lessons/validate';
import { findPythonInfo, PythonNotFoundError } from '../../core/practice';
import { choice, parseArgs, stringFlag, UsageError } from '../args';
import { distinctFolders, packFoldersFor } from '../packFolders';
import { stopOnSignals, stopped } from '../signals';
import { formatProblem } from './lessons';

const HELP = `usage: ml-practice packs validate [DIR...] [--format text|json] [--python PATH]
       ml-practice packs new ID [--dir DIR]

validate  Checks packs (default: the bundled ones). DIR is a pack folder (holding pack.yaml)
          or a folder of packs. Checks the format, unique ids, that referenced files exist
          inside the pack, and runs each lesson: the example prints the expected output, twice
          the same, the starter does not pass yet, the solution passes, and the example lints
          clean except for the codes listed in expectFindings.
          Exit 0 when every pack is valid, 1 when any is not, 2 on usage errors, 128 plus
          the signal's number when stopped by Ctrl-C, SIGTERM or a hangup.
new       Creates DIR/ID (DIR defaults to the current folder): a pack with one lesson that
          validates as created. DIR itself may be new, but the folder holding it must exist.
`;

export async function packsCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h' || rest.includes('--help')) {
    process.stdout.write(HELP);
    return sub === undefined ? 2 : 0;
  }
  if (sub === 'validate') return validateCommand(rest);
  if (sub === 'new') return newCommand(rest);
  throw new UsageError(`unknown subcommand '${sub}': expected validate or new`);
}

async function validateCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['format', 'python']);
  const format = choice(args, 'format', ['text', 'json'] as const, 'text');
  const dirs = args.positionals.length
    ? distinctFolders(args.positionals.flatMap((dir) => packFoldersFor(dir, dir)))
    : bundledPackDirs();

  const stop = stopOnSignals();
  let python: string;
  let reports: PackReport[];
  try {
    python = await interpreter(stringFlag(args, 'python'), stop.signal);
    reports = await validatePacks(dirs, { python, signal: stop.signal });
  } catch (error) {
    if (stop.received === undefined) throw error;
    return stopped('packs validate', stop.received, "the lessons' programs were ended");
  } finally {
    stop.dispose();
  }
  if (stop.received !== undefined) {
    return stopped('packs validate', stop.received, "the lessons' programs were ended");
  }
  const valid = reports.every((report) => report.valid);
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify({ valid, python, packs: reports }, null, 2)}\n`);
  } else {
    process.stdout.write(textReport(reports));
  }
  return valid ? 0 : 1;
}

/** The interpreter to run the lessons with, confirmed to be Python 3. */
async function interpreter(explicit: string | undefined, signal: AbortSignal): Promise<string> {
  try {
    return (await findPythonInfo(explicit, undefined, signal)).executable;
  } catch (error) {
    if (error instanceof PythonNotFoundError) throw new UsageError(error.message);
    throw error;
  }
}

function textReport(reports: PackReport[]): string {
  const lines: string[] = [];
  for (const report of reports) {
    for (const problem of report.problems) lines.push(formatProblem(problem));
    for (const note of report.notes) lines.push(`note: ${report.id ?? report.dir}: ${note}`);
  }
  if (lines.length) lines.push('');
  for (const report of reports) lines.push(summaryLine(report));
  return `${lines.join('\n')}\n`;
}

/** One line per pack: its verdict and counts. */
function summaryLine(report: PackReport): string {
  const name = report.id ?? (path.relative(process.cwd(), report.dir) || report.dir);
  const lessons = `${report.lessons} lesson${report.lessons === 1 ? '' : 's'}`;
  const notRun = report.notRun ? `, ${report.notRun} not run` : '';
  const counted = `${lessons}, ${report.validLessons} valid${notRun}`;
  const problems = `${report.problems.length} problem${report.problems.length === 1 ? '' : 's'}`;
  if (!report.id) return `${name}: invalid, not loaded (${problems})`;
  return report.valid
    ? `${name}: valid (${counted})`
    : `${name}: invalid (${counted}, ${problems})`;
}

async function newCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['dir']);
  if (args.positionals.length !== 1) throw new UsageError('packs new takes exactly one pack id');

  const id = args.positionals[0];
  const given = stringFlag(args, 'dir');
  if (given !== undefined) ensureParentFolder(given);

  try {
    scaffoldPack(id, given ?? process.cwd());
    const shown = given === undefined ? id : path.join(given, id);
    process.stdout.write(
      `created ${shown}\nnext: edit it, then run: ml-practice packs validate ${shown}\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof ScaffoldError) throw new UsageError(error.message);
    throw error;
  }
}

/** --dir may name one new folder; a missing parent is more likely a typo than a wish. */
function ensureParentFolder(dir: string): void {
  const resolved = path.resolve(dir);
  if (fs.existsSync(resolved)) {
    if (!fs.statSync(resolved).isDirectory()) throw new UsageError(`--dir ${dir}: not a folder`);
    return;
  }
  const parent = path.dirname(resolved);
  if (!fs.existsSync(parent) || !fs.statSync(parent).isDirectory()) {
    throw new UsageError(`--dir ${dir}: no such folder ${parent} to create it in`);
  }
}
