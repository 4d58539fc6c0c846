// Reads lesson packs from disk into the lesson model; anything wrong becomes a LessonProblem
// that names the file, the line and the field, and the broken lesson is left out.
import * as fs from 'fs';
import * as path from 'path';
import type * as z from 'zod';
import { describeFsError } from '../fsErrors';
import { decodeUtf8Text, type DecodedSource } from '../lint/sourceText';
import { parseSections, PROSE_SECTIONS, splitFrontMatter } from './markdown';
import { formatVersionProblem, migrateFrontMatter } from './migrate';
import {
  CURRENT_FORMAT_VERSION,
  lessonFrontMatterSchema,
  packManifestSchema,
  type LessonFrontMatter,
  type PackManifest,
} from './schema';
import { fieldErrors, fieldPath } from './schemaErrors';
import type { CodeFile, Comparison, Lesson, LessonProblem, Pack } from './types';
import { parseYaml, type ParsedYaml } from './yamlSource';
import { LESSON_FILE, PACK_FILE } from './files';

export { LESSON_FILE, PACK_FILE };

export interface PackLoadResult {
  /** Absent when pack.yaml itself cannot be read; otherwise holds every lesson that loaded. */
  pack?: Pack;
  problems: LessonProblem[];
}

export interface PacksLoadResult {
  packs: Pack[];
  problems: LessonProblem[];
}

/** Loads several packs; a pack id or lesson id used twice is reported. */
export function loadPacks(dirs: readonly string[]): PacksLoadResult {
  const packs: Pack[] = [];
  const problems: LessonProblem[] = [];
  const lessonOwners = new Map<string, Pack>();

  for (const dir of dirs) {
    const result = loadPack(dir);
    problems.push(...result.problems);
    const pack = result.pack;
    if (!pack) continue;

    const twin = packs.find((other) => other.id === pack.id);
    if (twin) {
      problems.push({
        file: path.join(pack.dir, PACK_FILE),
        field: 'id',
        message: `pack id '${pack.id}' is already used by the pack in ${twin.dir}; this pack is skipped`,
      });
      continue;
    }

    for (const lesson of pack.lessons) {
      const owner = lessonOwners.get(lesson.id);
      if (owner) {
        problems.push({
          file: lesson.file,
          lesson: lesson.id,
          field: 'id',
          ...frontMatterFieldLine(lesson.file, 'id'),
          message:
            `lesson id '${lesson.id}' is also used in pack '${owner.id}' (${owner.dir}); ` +
            'lesson ids must be unique across packs',
        });
      } else {
        lessonOwners.set(lesson.id, pack);
      }
    }
    packs.push(pack);
  }

  return { packs, problems };
}

/** Loads one pack folder (the one holding pack.yaml). */
export function loadPack(dir: string): PackLoadResult {
  const packDir = path.resolve(dir);
  const file = path.join(packDir, PACK_FILE);
  const read = readText(file);
  if ('error' in read) {
    let message = `cannot read ${PACK_FILE}: ${read.error}`;
    if (!isThere(packDir)) message = `pack folder not found: ${packDir}`;
    else if (!isFolder(packDir)) message = `not a folder: ${packDir}; a pack is a folder`;
    else if (!isThere(file)) {
      message =
        `no ${PACK_FILE} here: a pack folder holds ${PACK_FILE} with ` +
        'id, title, description, formatVersion and lessons';
    }
    return { problems: [{ file, message }] };
  }
  const source = read.text;

  const manifest = readManifest(file, source);
  if (!manifest.value) return { problems: manifest.problems };

  const problems = [...manifest.problems];
  const { value, yaml } = manifest;
  const lessons: Lesson[] = [];
  value.lessons.forEach((id, index) => {
    const lessonDir = path.join(packDir, id);
    if (!isThere(path.join(lessonDir, LESSON_FILE))) {
      const at = yaml.locate(['lessons', index]);
      problems.push({
        file,
        ...at,
        field: `lessons.${index}`,
        lesson: id,
        message: missingLesson(id, lessonDir),
      });
      return;
    }

    const context = {
      packDir,
      packId: value.id,
      id,
      version: manifest.version,
      packRequires: value.requires ?? [],
    };
    const result = loadLesson(context);
    problems.push(...result.problems.map((problem) => ({ ...problem, lesson: id })));
    if (result.lesson) lessons.push(result.lesson);
  });
  problems.push(...unlistedLessons(packDir, file, value, yaml));

  const pack: Pack = {
    id: value.id,
    title: value.title,
    description: value.description,
    formatVersion: CURRENT_FORMAT_VERSION,
    dir: packDir,
    lessons,
  };
  if (manifest.version !== CURRENT_FORMAT_VERSION) pack.migratedFrom = manifest.version;
  return { pack, problems };
}

interface ManifestResult {
  value?: PackManifest;
  version: number;
  yaml: ParsedYaml;
  problems: LessonProblem[];
}

function readManifest(file: string, source: string): ManifestResult {
  const yaml = parseYaml(source, 1);
  const version = CURRENT_FORMAT_VERSION;
  if (yaml.problems.length) {
    return {
      yaml,
      version,
      problems: yaml.problems.map((p) => ({ file, ...p, message: `YAML: ${p.message}` })),
    };
  }

  const raw = isRecord(yaml.data) ? yaml.data : {};
  const versionProblem = formatVersionProblem(raw.formatVersion);
  if (versionProblem && isRecord(yaml.data)) {
    const at = yaml.locate(['formatVersion']);
    return {
      yaml,
      version,
      problems: [{ file, ...at, field: 'formatVersion', message: versionProblem }],
    };
  }

  const written = typeof raw.formatVersion === 'number' ? raw.formatVersion : version;
  const data = isRecord(yaml.data)
    ? { ...yaml.data, formatVersion: CURRENT_FORMAT_VERSION }
    : yaml.data;
  const parsed = checkSchema(packManifestSchema, data, file, yaml, new Map());
  if (!parsed.value) return { yaml, version: written, problems: parsed.problems };

  const problems: LessonProblem[] = [];
  parsed.value.lessons.forEach((id, index) => {
    if (parsed.value!.lessons.indexOf(id) !== index) {
      const at = yaml.locate(['lessons', index]);
      problems.push({
        file,
        ...at,
        field: `lessons.${index}`,
        message: `lesson '${id}' is listed twice`,
      });
    }
  });
  return { value: parsed.value, yaml, version: written, problems };
}

/** Folders that hold a lesson.md the manifest forgot: reported so they are not silently missing. */
function unlistedLessons(
  packDir: string,
  file: string,
  manifest: PackManifest,
  yaml: ParsedYaml,
): LessonProblem[] {
  const entries = fs.readdirSync(packDir, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory() && !manifest.lessons.includes(entry.name))
    .filter((entry) => fs.existsSync(path.join(packDir, entry.name, LESSON_FILE)))
    .map((entry) => ({
      file,
      ...yaml.locate(['lessons']),
      field: 'lessons',
      message:
        `folder '${entry.name}' holds a ${LESSON_FILE} but is not listed under lessons; ` +
        'add it to the list or remove the folder',
    }));
}

interface LessonContext {
  packDir: string;
  packId: string;
  id: string;
  version: number;
  packRequires: string[];
}

function loadLesson(context: LessonContext): { lesson?: Lesson; problems: LessonProblem[] } {
  const dir = path.join(context.packDir, context.id);
  const file = path.join(dir, LESSON_FILE);
  const read = readText(file);
  if ('error' in read) {
    return { problems: [{ file, message: `cannot read ${LESSON_FILE}: ${read.error}` }] };
  }
  const split = splitFrontMatter(read.text);
  if ('message' in split) return { problems: [{ file, ...split }] };

  const yaml = parseYaml(split.yaml, split.yamlLine);
  if (yaml.problems.length) {
    return { problems: yaml.problems.map((p) => ({ file, ...p, message: `YAML: ${p.message}` })) };
  }

  const migrated = migrateFrontMatter(yaml.data, context.version);
  const parsed = checkSchema(
    lessonFrontMatterSchema,
    migrated.data,
    file,
    yaml,
    migrated.writtenAs,
  );
  const sections = parseSections(split.body, split.bodyLine);
  const problems = [...parsed.problems, ...sections.problems.map((p) => ({ file, ...p }))];
  if (!parsed.value) return { problems: sortByLine(problems) };

  const front = parsed.value;
  const at = (field: PropertyKey[]) => ({ file, ...yaml.locate(field), field: fieldPath(field) });
  if (front.id !== context.id) {
    problems.push({
      ...at(['id']),
      message: `expected id '${context.id}', the name of the lesson's folder, got '${front.id}'`,
    });
  }

  const files = new FileResolver(context.packDir, dir, at, problems);
  const example = files.code('example', front.example);
  const starter = files.code('starter', front.starter);
  const solution = files.code('solution', front.solution);
  const expectedOutput =
    front.expectedOutputFile !== undefined
      ? files.text('expectedOutputFile', front.expectedOutputFile)
      : front.expectedOutput;
  const practiceFile = front.practiceFile ?? `practice/${context.id.replace(/-/g, '_')}.py`;
  checkPracticeFile(practiceFile, at, problems);
  if (example) checkLineNotes(front, example, at, problems);

  if (problems.length || !example || !starter || !solution || expectedOutput === undefined) {
    return { problems: sortByLine(problems) };
  }

  const prose = Object.fromEntries(
    PROSE_SECTIONS.map(({ key }) => [key, sections.sections[key] ?? '']),
  );
  const lesson: Lesson = {
    id: front.id,
    title: front.title,
    packId: context.packId,
    tags: front.tags,
    dir,
    file,
    ...(prose as Record<(typeof PROSE_SECTIONS)[number]['key'], string>),
    example,
    starter,
    solution,
    expectedOutput,
    comparison: comparison(front.comparison),
    timeoutSeconds: front.timeout,
    requires: [...new Set([...context.packRequires, ...front.requires])],
    lineByLine: front.lineByLine,
    interviewQuestions: front.interviewQuestions,
    quiz: front.quiz,
    hints: front.hints,
    practiceFile,
    expectFindings: front.expectFindings,
  };
  if (front.stdin !== undefined) lesson.stdin = front.stdin;
  return { lesson, problems: [] };
}

type Locator = (field: PropertyKey[]) => {
  file: string;
  line: number;
  column: number;
  field: string;
};

/** Resolves files a lesson names, keeping them inside the pack folder. */
class FileResolver {
  constructor(
    private readonly packDir: string,
    private readonly lessonDir: string,
    private readonly at: Locator,
    private readonly problems: LessonProblem[],
  ) {}

  code(field: string, relative: string): CodeFile | undefined {
    const resolved = this.resolve(field, relative);
    if (!resolved) return undefined;
    const code = this.read(field, resolved);
    return code === undefined ? undefined : { path: resolved, code };
  }

  text(field: string, relative: string): string | undefined {
    const resolved = this.resolve(field, relative);
    return resolved ? this.read(field, resolved) : undefined;
  }

  private resolve(field: string, relative: string): string | undefined {
    if (path.isAbsolute(relative) || /^[a-zA-Z]:[\\/]/.test(relative)) {
      this.problems.push({
        ...this.at([field]),
        message: `expected a path relative to the lesson folder, got the absolute path '${relative}'`,
      });
      return undefined;
    }
    const resolved = path.resolve(this.lessonDir, relative);
    if (!isInside(this.packDir, resolved)) {
      this.problems.push({
        ...this.at([field]),
        message: `'${relative}' leads outside the pack folder; keep lesson files inside the pack`,
      });
      return undefined;
    }
    if (!isThere(resolved)) {
      this.problems.push({ ...this.at([field]), message: `file not found: ${resolved}` });
      return undefined;
    }
    const unreachable = cannotFollow(resolved);
    if (unreachable !== undefined) {
      this.problems.push({ ...this.at([field]), message: `cannot read ${resolved}: ${unreachable}` });
      return undefined;
    }
    if (!isInside(fs.realpathSync(this.packDir), fs.realpathSync(resolved))) {
      this.problems.push({
        ...this.at([field]),
        message: `'${relative}' is a link to a file outside the pack folder; copy the file into the pack`,
      });
      return undefined;
    }
    return resolved;
  }

  private read(field: string, file: string): string | undefined {
    const read = readText(file);
    if ('text' in read) return read.text;
    this.problems.push({ ...this.at([field]), message: `cannot read ${file}: ${read.error}` });
    return undefined;
  }
}

function checkPracticeFile(practiceFile: string, at: Locator, problems: LessonProblem[]): void {
  const normalized = path.posix.normalize(practiceFile.replace(/\\/g, '/'));
  if (path.isAbsolute(practiceFile) || normalized.startsWith('../') || normalized === '..') {
    problems.push({
      ...at(['practiceFile']),
      message: `expected a path inside the workspace such as practice/name.py, got '${practiceFile}'`,
    });
  }
}

function checkLineNotes(
  front: LessonFrontMatter,
  example: CodeFile,
  at: Locator,
  problems: LessonProblem[],
): void {
  const lineCount = example.code.replace(/\n$/, '').split('\n').length;
  front.lineByLine.forEach((note, index) => {
    if (note.line > lineCount) {
      problems.push({
        ...at(['lineByLine', index, 'line']),
        message: `expected a line of ${path.basename(example.path)} (1 to ${lineCount}), got ${note.line}`,
      });
    }
  });
}

function checkSchema<T extends z.ZodType>(
  schema: T,
  data: unknown,
  file: string,
  yaml: ParsedYaml,
  writtenAs: Map<string, string>,
): { value?: z.output<T>; problems: LessonProblem[] } {
  const result = schema.safeParse(data, { reportInput: true });
  if (result.success) return { value: result.data, problems: [] };

  const problems = fieldErrors(result.error, knownFields()).map((error) => {
    const [head, ...rest] = error.path;
    const written =
      typeof head === 'string' && writtenAs.has(head)
        ? [writtenAs.get(head)!, ...rest]
        : error.path;
    return { file, ...yaml.locate(written), field: fieldPath(written), message: error.message };
  });
  return { problems: sortByLine(problems) };
}

let fieldNames: string[] | undefined;

/** Every field name the format knows, for "did you mean" suggestions. */
function knownFields(): string[] {
  fieldNames ??= [
    ...Object.keys(lessonFrontMatterSchema.shape),
    ...Object.keys(packManifestSchema.shape),
    'absoluteTolerance',
    'relativeTolerance',
    'mode',
    'line',
    'text',
    'question',
    'answer',
    'options',
    'correct',
    'why',
  ];
  return fieldNames;
}

/** The line of a lesson.md where a top-level front matter field is written, when it is. */
export function frontMatterFieldLine(file: string, field: string): { line?: number } {
  const read = readText(file);
  const lines = ('text' in read ? read.text : '').split(/\r?\n/);
  const end = lines.findIndex((line, index) => index > 0 && line.trim() === '---');
  const index = lines
    .slice(0, end === -1 ? lines.length : end)
    .findIndex((line) => line.startsWith(`${field}:`));
  return index === -1 ? {} : { line: index + 1 };
}

function comparison(value: LessonFrontMatter['comparison']): Comparison {
  return typeof value === 'string' ? { mode: value } : value;
}

/**
 * A pack file's text, or why there is none. Only a regular file is opened: reading a FIFO or a
 * device would wait forever. Its bytes must be UTF-8.
 */
function readText(file: string): DecodedSource {
  try {
    const stat = fs.statSync(file);
    if (stat.isDirectory()) return { error: 'is a directory, expected a text file' };
    if (!stat.isFile()) return { error: 'not a regular file (a pipe, socket or device)' };
    if (stat.size > MAX_PACK_FILE_BYTES) {
      const limit = `2 MB (${MAX_PACK_FILE_BYTES} bytes)`;
      return { error: `the file is ${stat.size} bytes; a pack file holds at most ${limit}` };
    }
    return decodeUtf8Text(fs.readFileSync(file), 'lesson packs are UTF-8 text');
  } catch (error) {
    return { error: describeFsError(error) };
  }
}

/** Why a listed lesson has no lesson.md: its folder is not one, or lacks the file. */
function missingLesson(id: string, lessonDir: string): string {
  if (isThere(lessonDir) && !isFolder(lessonDir)) {
    const reason = cannotFollow(lessonDir);
    const why = reason === undefined ? '' : ` (${reason})`;
    return `lesson '${id}' is listed but ${lessonDir} is not a folder${why}`;
  }
  const expected = path.join(lessonDir, LESSON_FILE);
  return `lesson '${id}' is listed but its folder has no ${LESSON_FILE} (expected ${expected})`;
}

/** Lesson texts and programs are small; a larger file is a mistake, and reading it a stall. */
const MAX_PACK_FILE_BYTES = 2 * 2 ** 20;

/** Whether anything is at the path, a broken link or a loop of links included. */
function isThere(file: string): boolean {
  try {
    fs.lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

function isFolder(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

/** Why a path cannot be followed to what it names (a broken link, a loop), if it cannot. */
function cannotFollow(file: string): string | undefined {
  try {
    fs.statSync(file);
    return undefined;
  } catch (error) {
    return describeFsError(error);
  }
}

function isInside(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return (
    relative !== '' &&
    relative !== '..' &&
    !relative.startsWith(`..${path.sep}`) &&
    !path.isAbsolute(relative)
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sortByLine(problems: LessonProblem[]): LessonProblem[] {
  return [...problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}
