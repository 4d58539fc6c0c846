// Project configuration: the `[tool.ml-practice]` table of the nearest pyproject.toml,
// read and checked so that the editor and the CLI lint a project the same way.
import * as fs from 'fs';
import * as path from 'path';
import { parse as parseToml, TomlError } from 'smol-toml';
import { describeFsError } from '../fsErrors';
import { SEVERITIES } from './options';
import { decodeUtf8Text } from './sourceText';
import type { LintOptions, Severity } from './types';

export interface ProjectConfig {
  /** The pyproject.toml the settings came from; undefined for the built-in defaults. */
  file?: string;
  /** Directory that `exclude` globs are relative to. */
  root: string;
  options: LintOptions;
  exclude: string[];
}

/** A configuration problem, named by file, line and key. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly detail: string,
    readonly line?: number,
    readonly key?: string,
  ) {
    super(`${file}${line === undefined ? '' : `:${line}`}: ` +
      `${key === undefined ? '' : `${key}: `}${detail}`);
  }
}

const TABLE = 'ml-practice';
const KEYS = ['select', 'ignore', 'severity', 'exclude'] as const;
const HEADER = /^\s*\[\s*tool\s*\.\s*(?:ml-practice|"ml-practice"|'ml-practice')\s*[\].]/m;
// Looser than HEADER: a broken header such as `[tool.ml-practice` still names the table, and
// `ml-practice = ...` under `[tool]` is the table written another way.
const MENTION = /ml-practice/;
const CODE_SHAPE = /^[A-Z]+[0-9]*$/;

/**
 * The closest pyproject.toml at or above `start` (a file or a directory) that has a
 * `[tool.ml-practice]` table, like other Python tools look up their settings. One that cannot
 * be read may have it, so it is the one found, and loading it says why it cannot be read.
 */
export function findConfigFile(start: string): string | undefined {
  let dir = path.resolve(start);
  if (isFile(dir)) dir = path.dirname(dir);

  for (;;) {
    const candidate = path.join(dir, 'pyproject.toml');
    if (isFile(candidate)) {
      const text = readText(candidate);
      if (text === undefined || declaresTable(text)) return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Whether the text holds the table, or mentions it but is not valid TOML: that file is the
 * one meant, and loading it reports the syntax error instead of linting with the defaults.
 */
function declaresTable(text: string): boolean {
  if (HEADER.test(text)) return true;
  if (!MENTION.test(text)) return false;
  let document: Record<string, unknown>;
  try {
    document = parseToml(text) as Record<string, unknown>;
  } catch {
    return true;
  }
  return isTable(document.tool) && document.tool[TABLE] !== undefined;
}

/**
 * Reads and checks a pyproject.toml. Throws ConfigError on a problem, and, when `required`,
 * when the file has no `[tool.ml-practice]` table.
 */
export function loadConfig(
  file: string,
  knownCodes: readonly string[] = [],
  required = false,
): ProjectConfig {
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    throw new ConfigError(file, `cannot be read (${describeFsError(error, file)})`);
  }
  const decoded = decodeUtf8Text(bytes, 'TOML files are UTF-8, so save it as UTF-8');
  if ('error' in decoded) throw new ConfigError(file, decoded.error);
  return parseConfig(decoded.text, file, knownCodes, required);
}

/**
 * Checks the `[tool.ml-practice]` table of pyproject text; a missing table means defaults,
 * or an error when `required`.
 */
export function parseConfig(
  text: string,
  file: string,
  knownCodes: readonly string[] = [],
  required = false,
): ProjectConfig {
  const document = parseDocument(text, file);
  const root = path.dirname(path.resolve(file));
  const config: ProjectConfig = { file, root, options: {}, exclude: [] };
  const missing = (): ProjectConfig => {
    if (!required) return config;
    throw new ConfigError(file, `has no [tool.${TABLE}] table; expected the settings there`);
  };

  const tool = document.tool;
  if (tool === undefined) return missing();
  if (!isTable(tool)) {
    throw new ConfigError(file, 'expected a table', locate(text, ['tool']), 'tool');
  }
  const table = tool[TABLE];
  if (table === undefined) return missing();

  const problem = (key: string[], detail: string): ConfigError =>
    new ConfigError(file, detail, locate(text, key), ['tool', TABLE, ...key].join('.'));
  if (!isTable(table)) {
    throw new ConfigError(file, 'expected a table', locate(text, []), `tool.${TABLE}`);
  }

  for (const key of Object.keys(table)) {
    if (!(KEYS as readonly string[]).includes(key)) {
      throw problem([key], `unknown key; expected one of ${KEYS.join(', ')}`);
    }
  }

  const codes = { known: knownCodes, problem };
  if (table.select !== undefined) config.options.select = readCodes(table.select, 'select', codes);
  if (table.ignore !== undefined) config.options.ignore = readCodes(table.ignore, 'ignore', codes);
  if (table.severity !== undefined) config.options.severity = readSeverity(table.severity, codes);
  if (table.exclude !== undefined) {
    config.exclude = readStrings(table.exclude, ['exclude'], problem);
  }
  return config;
}

/** A glob without a leading `./` or `/`, or trailing slashes. */
function cleanGlob(glob: string): string {
  return glob.replace(/^\.?\//, '').replace(/\/+$/, '');
}

function parseDocument(text: string, file: string): Record<string, unknown> {
  try {
    return parseToml(text) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof TomlError) {
      const firstLine = error.message.split('\n')[0];
      throw new ConfigError(file, `not valid TOML: ${firstLine}`, error.line);
    }
    throw error;
  }
}

type Problem = (key: string[], detail: string) => ConfigError;

interface CodeCheck {
  known: readonly string[];
  problem: Problem;
}

function readStrings(value: unknown, key: string[], problem: Problem): string[] {
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value;
  throw problem(key, 'expected a list of strings');
}

function readCodes(value: unknown, key: string, check: CodeCheck): string[] {
  const codes = readStrings(value, [key], check.problem);
  for (const code of codes) checkCode(code, [key], check);
  return codes;
}

/** A code or prefix must look like one and, when the rules are known, match at least one. */
function checkCode(code: string, key: string[], check: CodeCheck): void {
  if (!CODE_SHAPE.test(code)) {
    throw check.problem(key, `"${code}" is not a rule code or prefix (like ML001 or ML)`);
  }
  if (check.known.length > 0 && !check.known.some((known) => known.startsWith(code))) {
    throw check.problem(key, `"${code}" matches no rule; known rules: ${check.known.join(', ')}`);
  }
}

function readSeverity(value: unknown, check: CodeCheck): Record<string, Severity | 'off'> {
  if (!isTable(value)) {
    throw check.problem(['severity'], 'expected a table like { ML007 = "information" }');
  }

  const allowed = [...SEVERITIES, 'off'];
  const severity: Record<string, Severity | 'off'> = {};
  for (const [code, level] of Object.entries(value)) {
    checkCode(code, ['severity', code], check);
    if (typeof level !== 'string' || !allowed.includes(level)) {
      throw check.problem(['severity', code], `expected one of ${allowed.join(', ')}`);
    }
    severity[code] = level as Severity | 'off';
  }
  return severity;
}

/**
 * The 1-based line where a key of the `[tool.ml-practice]` table is written, found by
 * looking for each part of the key after the table's header; the header line when not found.
 */
function locate(text: string, key: string[]): number | undefined {
  const lines = text.split('\n');
  // The table's header, or where it is written otherwise (`ml-practice = {...}` under `[tool]`,
  // a dotted key, an array of tables).
  let at = lines.findIndex((line) => HEADER.test(line));
  if (at === -1) at = lines.findIndex((line) => MENTION.test(line));
  if (at === -1) return undefined;

  for (const part of key) {
    const escaped = part.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
    const pattern = new RegExp(`(^|[\\s{,.\\[])["']?${escaped}["']?\\s*[=\\]]`);
    const found = lines.findIndex((line, index) => index >= at && pattern.test(line));
    if (found === -1) break;
    at = found;
  }
  return at + 1;
}

/** True when `file` matches one of the config's exclude globs (relative to its root). */
export function isExcluded(config: ProjectConfig, file: string): boolean {
  if (config.exclude.length === 0) return false;
  const relative = path.relative(config.root, path.resolve(file)).split(path.sep).join('/');
  if (relative === '' || relative.startsWith('../') || path.isAbsolute(relative)) return false;

  const segments = relative.split('/');
  return config.exclude.some((glob) => matchesGlob(glob, relative, segments));
}

/**
 * A glob without `/` matches any one path segment (`legacy`, `*_scratch.ipynb`); with `/` it
 * matches the path from the root or any directory leading to it (`notebooks/old`,
 * `src/**\/gen_*.py`).
 */
function matchesGlob(glob: string, relative: string, segments: string[]): boolean {
  const cleaned = cleanGlob(glob);
  if (cleaned === '') return false;
  const pattern = globToRegExp(cleaned);

  if (!cleaned.includes('/')) return segments.some((segment) => pattern.test(segment));
  for (let count = 1; count <= segments.length; count++) {
    if (pattern.test(segments.slice(0, count).join('/'))) return true;
  }
  return pattern.test(relative);
}

/** Translates a glob (`**`, `*`, `?`, `[...]`) into an anchored regular expression. */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i];
    if (char === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      source += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (char === '*') {
      source += '[^/]*';
    } else if (char === '?') {
      source += '[^/]';
    } else if (char === '[' && characterClass(glob, i) !== undefined) {
      const found = characterClass(glob, i) as { source: string; close: number };
      source += found.source;
      i = found.close;
    } else {
      source += char.replace(/[.+^${}()|[\\\]]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}

/**
 * The `[...]` class opening at `open`, read as Python's `fnmatch` reads one: `!` first negates
 * it, a `]` first (or after that `!`) is a member, a range out of order matches nothing, and
 * with no closing `]` the `[` is the character itself (undefined).
 */
function characterClass(glob: string, open: number): { source: string; close: number } | undefined {
  let close = open + 1;
  if (glob[close] === '!') close++;
  if (glob[close] === ']') close++;
  while (close < glob.length && glob[close] !== ']') close++;
  if (close >= glob.length) return undefined;
  const inside = glob.slice(open + 1, close);
  const escaped = (part: string): string => part.replace(/[\\\]]/g, '\\$&');
  let members: string;
  if (!inside.includes('-')) {
    members = escaped(inside);
  } else {
    // Cut at each `-` that makes a range; a `-` first, last or just after a range is itself.
    const chunks: string[] = [];
    let from = 0;
    for (let at = inside.startsWith('!') ? 2 : 1; ; ) {
      const hyphen = inside.indexOf('-', at);
      if (hyphen < 0) break;
      chunks.push(inside.slice(from, hyphen));
      from = hyphen + 1;
      at = hyphen + 3;
    }
    const last = inside.slice(from);
    if (last !== '') chunks.push(last);
    else chunks[chunks.length - 1] += '-';
    for (let k = chunks.length - 1; k > 0; k--) {
      const before = chunks[k - 1];
      if (before !== '' && chunks[k] !== '' && before[before.length - 1] > chunks[k][0]) {
        chunks[k - 1] = before.slice(0, -1) + chunks[k].slice(1);
        chunks.splice(k, 1);
      }
    }
    members = chunks.map((chunk) => escaped(chunk).replace(/-/g, '\\-')).join('-');
  }
  if (members === '') return { source: '(?!)', close };
  if (members === '!') return { source: '[\\s\\S]', close };
  if (members[0] === '!') members = `^${members.slice(1)}`;
  else if (members[0] === '^' || members[0] === '[') members = `\\${members}`;
  return { source: `[${members}]`, close };
}

/**
 * Finds and loads the configuration of each linted path once per directory. `configFile`
 * pins one file for everything (the CLI's `--config`).
 */
export class ConfigResolver {
  private readonly byDir = new Map<string, ProjectConfig | ConfigError>();

  constructor(
    private readonly knownCodes: readonly string[] = [],
    private readonly configFile?: string,
  ) {}

  /** The configuration for a file, or the error that its pyproject.toml has. */
  resolve(file: string): ProjectConfig | ConfigError {
    const dir = path.dirname(path.resolve(file));
    const cached = this.byDir.get(dir);
    if (cached) return cached;

    const found = this.configFile ?? findConfigFile(dir);
    let result: ProjectConfig | ConfigError;
    try {
      result = found
        ? loadConfig(found, this.knownCodes, this.configFile !== undefined)
        : defaults(dir);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      result = error;
    }
    this.byDir.set(dir, result);
    return result;
  }
}

function defaults(dir: string): ProjectConfig {
  return { root: dir, options: {}, exclude: [] };
}

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) &&
    !(value instanceof Date);
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
