// `ml-practice lessons`: lists the lessons of the bundled packs and of packs given with --pack.
import * as path from 'path';
import {
  bundledPackDirs,
  loadPacks,
  PACK_FILE,
  presentSections,
  type LessonProblem,
  type Pack,
} from '../../core/lessons';
import { choice, parseArgs, UsageError } from '../args';
import { distinctFolders, packFoldersFor } from '../packFolders';

const HELP = `usage: ml-practice lessons [--format text|json] [--pack DIR]...

Lists every lesson of the bundled packs, or of the packs given with --pack (repeatable).
JSON: an array of {id, title, pack, sections}, sections being the section keys with content.
DIR is a pack folder (holding pack.yaml) or a folder of packs.

exit codes: 0 every lesson loaded; 1 a pack loaded but some of its lessons did not (each is
reported on stderr); 2 usage error, or a --pack folder that is missing, holds no pack, or whose
pack.yaml cannot be read at all (the problems are reported on stderr).
`;

export async function lessonsCommand(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(HELP);
    return 0;
  }

  const packDirs = collectPackFlags(argv);
  const args = parseArgs(packDirs.rest, ['format']);
  const format = choice(args, 'format', ['text', 'json'] as const, 'text');
  if (args.positionals.length) {
    process.stderr.write(
      `ml-practice lessons: unexpected argument '${args.positionals[0]}'\n\n${HELP}`,
    );
    return 2;
  }

  const dirs = packDirs.dirs.length
    ? distinctFolders(packDirs.dirs.flatMap((dir) => packFoldersFor(dir, `--pack ${dir}`)))
    : bundledPackDirs();
  const { packs, problems } = loadPacks(dirs);
  const unread = dirs.filter((dir) => unreadablePack(dir, packs, problems));
  const lessons = packs.flatMap((pack) =>
    pack.lessons.map((lesson) => ({
      id: lesson.id,
      title: lesson.title,
      pack: pack.id,
      sections: presentSections(lesson),
    })),
  );

  if (format === 'json') {
    process.stdout.write(`${JSON.stringify(lessons, null, 2)}\n`);
  } else {
    for (const pack of packs) {
      process.stdout.write(`${pack.title} (${pack.id})\n`);
      for (const lesson of pack.lessons)
        process.stdout.write(`  ${lesson.id.padEnd(44)} ${lesson.title}\n`);
    }
  }

  for (const problem of problems) process.stderr.write(`${formatProblem(problem)}\n`);
  if (unread.length) return 2;
  return problems.length ? 1 : 0;
}

/** The pack's own pack.yaml could not be read or parsed, so none of its lessons were tried. */
function unreadablePack(dir: string, packs: readonly Pack[], problems: readonly LessonProblem[]) {
  if (packs.some((pack) => pack.dir === dir)) return false;
  const manifest = path.join(dir, PACK_FILE);
  const skippedAsTwin = problems.some(
    (problem) =>
      problem.file === manifest && problem.field === 'id' && /already used/.test(problem.message),
  );
  return !skippedAsTwin;
}

/** `--pack` may repeat, which the shared parser does not allow; take them out first. */
export function collectPackFlags(argv: string[]): { dirs: string[]; rest: string[] } {
  const dirs: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--pack') {
      const value = argv[++i];
      if (value === undefined || value.startsWith('--'))
        throw new UsageError('--pack needs a folder');
      dirs.push(value);
    } else if (arg.startsWith('--pack=')) {
      dirs.push(arg.slice('--pack='.length));
    } else {
      rest.push(arg);
    }
  }
  return { dirs, rest };
}

/** `file:line:column: field: message`, the form editors and terminals make clickable. */
export function formatProblem(problem: LessonProblem): string {
  const where = [
    shownPath(problem.file),
    problem.line,
    problem.column,
  ]
    .filter((part) => part !== undefined)
    .join(':');
  return `${where}: ${problem.field ? `${problem.field}: ` : ''}${problem.message}`;
}

/** Relative to here when the file is inside this folder, else absolute: never `../../..`. */
export function shownPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return file;
  return relative;
}
