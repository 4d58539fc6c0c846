// `ml-practice lint`: lints Python scripts and notebooks for ML contract gaps and reports them
// as text, JSON or SARIF, with the same rules, options and suppressions as the editor.
import * as fs from 'fs';
import * as path from 'path';
import { describeFsError } from '../../core/fsErrors';
import { choice, parseArgs, stringFlag, UsageError } from '../args';
import { discoverInputs, Input, readInput } from '../lintInputs';
import { ConfigError, ConfigResolver, isExcluded } from '../../core/lint/config';
import { lintNotebook, lintSource, mergeOptions } from '../../core/lint';
import { NotebookError, notebookSourceLines, parseNotebook } from '../../core/lint/notebook';
import { RULES } from '../../core/lint/rules';
import { LintedFile, LintError, toSarif } from '../../core/lint/sarif';
import type { Finding, LintOptions } from '../../core/lint/types';

const FORMATS = ['text', 'json', 'sarif'] as const;
const CODE_SHAPE = /^[A-Z]+[0-9]*$/;

const HELP = `usage: ml-practice lint PATH... [options]

Lints Python files (.py) and Jupyter notebooks (.ipynb). Directories are searched
recursively, skipping hidden directories, node_modules, __pycache__ and virtual environments.

options:
  --select CODES     only these rules (comma-separated codes or prefixes, e.g. ML001,ML00)
  --ignore CODES     skip these rules
  --format FORMAT    text (default), json or sarif
  --config FILE      use this pyproject.toml instead of the nearest one with [tool.ml-practice]
  --help             show this help

Settings come from [tool.ml-practice] in the nearest pyproject.toml; --select and --ignore
replace the file's select and ignore lists. Exit status: 0 no findings, 1 findings,
2 an input could not be read or the command was used wrongly.
`;

interface Report {
  files: LintedFile[];
  errors: LintError[];
  /** How many files found were left out by a configuration's `exclude`. */
  excluded?: number;
}

export async function lintCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['select', 'ignore', 'format', 'config'], ['help']);
  if (args.flags.has('help')) {
    process.stdout.write(HELP);
    return 0;
  }

  const format = choice(args, 'format', FORMATS, 'text');
  const cliOptions = commandLineOptions(stringFlag(args, 'select'), stringFlag(args, 'ignore'));
  const given = stringFlag(args, 'config');
  // Named in full in messages, as a pyproject.toml found by looking up is.
  const configFile = given === undefined ? undefined : path.resolve(given);
  if (args.positionals.length === 0) {
    throw new UsageError('give at least one file or directory to lint');
  }
  const configProblem = configFile === undefined ? undefined : notAFile(configFile);
  if (configProblem !== undefined) throw new UsageError(`--config ${given}: ${configProblem}`);

  const cwd = process.cwd();
  const report = lintPaths(args.positionals, cwd, cliOptions, configFile);
  process.stdout.write(render(format, report, cwd));
  if (format !== 'text') writeErrors(report.errors);
  if (report.files.length === 0 && report.errors.length === 0) {
    process.stderr.write(`ml-practice lint: warning: ${nothingLinted(report.excluded ?? 0)}\n`);
  }

  if (report.errors.length > 0) return 2;
  return report.files.some((file) => file.findings.length > 0) ? 1 : 0;
}

/** Why no file was linted, for a warning: a mistyped folder should not pass unnoticed. */
function nothingLinted(excluded: number): string {
  if (excluded > 0) {
    return `nothing was linted: the ${excluded} file${excluded === 1 ? '' : 's'} found ` +
      `${excluded === 1 ? 'is' : 'are'} excluded by the configuration's exclude list`;
  }
  return 'nothing was linted: no Python file (.py) or notebook (.ipynb) was found; hidden ' +
    'folders, node_modules, __pycache__ and virtual environments are skipped';
}

/** `--select` and `--ignore` as options; each code must name or prefix a known rule. */
function commandLineOptions(select: string | undefined, ignore: string | undefined): LintOptions {
  const options: LintOptions = {};
  if (select !== undefined) options.select = parseCodes('select', select);
  if (ignore !== undefined) options.ignore = parseCodes('ignore', ignore);
  return options;
}

function parseCodes(flag: string, list: string): string[] {
  const codes = list.split(',').map((code) => code.trim().toUpperCase()).filter((code) => code);
  if (codes.length === 0) {
    // An empty list would select (or ignore) nothing, and so silently run every rule.
    throw new UsageError(`--${flag}: expected comma-separated rule codes or prefixes ` +
      `(e.g. ML001,ML00), got ${JSON.stringify(list)}`);
  }
  const known = RULES.map((rule) => rule.code);
  for (const code of codes) {
    const matches = known.length === 0 || known.some((rule) => rule.startsWith(code));
    if (!CODE_SHAPE.test(code) || !matches) {
      throw new UsageError(`--${flag}: "${code}" is not a rule code or prefix` +
        (known.length > 0 ? `; known rules: ${known.join(', ')}` : ''));
    }
  }
  return codes;
}

/** Why `file` is not a file the configuration can be read from; undefined when it is. */
function notAFile(file: string): string | undefined {
  try {
    const stats = fs.statSync(file);
    if (stats.isDirectory()) return 'is a folder; expected a pyproject.toml file';
    if (!stats.isFile()) return 'is not a regular file; expected a pyproject.toml file';
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? 'no such file' : describeFsError(error, file);
  }
}

/** Lints every input; unreadable ones and configuration problems are collected as errors. */
export function lintPaths(
  targets: string[],
  cwd: string,
  cliOptions: LintOptions,
  configFile?: string,
): Report {
  const { inputs, errors } = discoverInputs(targets, cwd);
  const resolver = new ConfigResolver(RULES.map((rule) => rule.code), configFile);
  const reportedConfigs = new Set<string>();
  const files: LintedFile[] = [];
  let excluded = 0;

  for (const input of inputs) {
    const config = resolver.resolve(input.absolute);
    if (config instanceof ConfigError) {
      if (!reportedConfigs.has(config.message)) {
        errors.push({ path: config.file, message: configMessage(config) });
      }
      reportedConfigs.add(config.message);
    } else if (isExcluded(config, input.absolute)) {
      excluded++;
      continue;
    }

    const options = mergeOptions(config instanceof ConfigError ? {} : config.options, cliOptions);
    const linted = lintInput(input, options);
    if ('error' in linted) errors.push({ path: input.path, message: linted.error });
    else files.push(linted);
  }
  return { files, errors, excluded };
}

function configMessage(error: ConfigError): string {
  const place = error.line === undefined ? '' : `line ${error.line}: `;
  const key = error.key === undefined ? '' : `${error.key}: `;
  return `${place}${key}${error.detail} (linting with the default settings)`;
}

function lintInput(input: Input, options: LintOptions): LintedFile | { error: string } {
  const read = readInput(input);
  if ('error' in read) return read;

  try {
    if (input.kind === 'script') {
      const findings = sortFindings(lintSource(read.text, options));
      return { path: input.path, findings, source: read.text };
    }
    const cells = parseNotebook(read.text, input.path);
    const findings = sortFindings(lintNotebook(cells, options));
    return { path: input.path, findings, source: cells, fileLines: notebookSourceLines(read.text) };
  } catch (error) {
    if (error instanceof NotebookError) return { error: error.detail };
    const message = error instanceof Error ? error.message : String(error);
    return { error: `internal error while linting, please report it: ${message}` };
  }
}

function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort((a, b) =>
    (a.cell ?? 0) - (b.cell ?? 0) ||
    a.span.start.line - b.span.start.line ||
    a.span.start.column - b.span.start.column ||
    a.code.localeCompare(b.code));
}

function render(format: (typeof FORMATS)[number], report: Report, cwd: string): string {
  if (format === 'json') return `${JSON.stringify(toJson(report), null, 2)}\n`;
  if (format === 'sarif') {
    const sarif = toSarif(report.files, report.errors, { rules: RULES, cwd });
    return `${JSON.stringify(sarif, null, 2)}\n`;
  }
  return renderText(report);
}

/** The JSON report: 1-based lines and columns, and `cell` as a 1-based position. */
export function toJson(report: Report): { findings: unknown[]; errors: LintError[] } {
  const findings = report.files.flatMap((file) => file.findings.map((finding) => ({
    path: file.path,
    ...(finding.cell === undefined ? {} : { cell: finding.cell + 1 }),
    line: finding.span.start.line + 1,
    column: finding.span.start.column + 1,
    endLine: finding.span.end.line + 1,
    endColumn: finding.span.end.column + 1,
    code: finding.code,
    slug: finding.slug,
    severity: finding.severity,
    message: finding.message,
  })));
  return { findings, errors: report.errors };
}

function renderText(report: Report): string {
  const lines: string[] = [];
  let count = 0;
  for (const file of report.files) {
    for (const finding of file.findings) {
      const cell = finding.cell === undefined ? '' : `[cell ${finding.cell + 1}]`;
      const { line, column } = finding.span.start;
      const where = `${file.path}${cell}:${line + 1}:${column + 1}`;
      lines.push(`${where}: ${finding.code} ${finding.slug} ${finding.message}`);
      count++;
    }
  }
  writeErrors(report.errors);

  const checked = `${report.files.length} file${report.files.length === 1 ? '' : 's'}`;
  const withFindings = report.files.filter((file) => file.findings.length > 0).length;
  const where = withFindings === report.files.length ? checked : `${withFindings} of ${checked}`;
  const errors = report.errors.length;
  const failed = errors === 0 ? '' : ` (${errors} error${errors === 1 ? '' : 's'} on stderr)`;
  lines.push(count === 0
    ? `No findings in ${checked}${failed}.`
    : `${count} finding${count === 1 ? '' : 's'} in ${where}${failed}.`);
  return `${lines.join('\n')}\n`;
}

function writeErrors(errors: LintError[]): void {
  for (const error of errors) process.stderr.write(`${error.path}: error: ${error.message}\n`);
}
