// SARIF 2.1.0 output for code scanning services: rule metadata, results with locations
// relative to the source root, and fingerprints that survive unrelated edits.
import { createHash } from 'crypto';
import { PROJECT_URL, renderRuleDoc, ruleDocUrl, TOOL_NAME, TOOL_VERSION } from './ruleDocs';
import type { Finding, NotebookCell, RuleMeta, Severity, Span } from './types';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SRCROOT = '%SRCROOT%';

/** One linted file: its path relative to the working directory (or absolute), and its text. */
export interface LintedFile {
  path: string;
  findings: Finding[];
  /** The script's text, or the notebook's cells; used for fingerprints. */
  source: string | NotebookCell[];
  /** For notebooks: per cell, the 1-based line of the `.ipynb` file holding each source line. */
  fileLines?: number[][];
}

export interface LintError {
  path: string;
  message: string;
}

export interface SarifOptions {
  rules: readonly RuleMeta[];
  /** Absolute working directory the relative paths start from, for `originalUriBaseIds`. */
  cwd?: string;
}

type Json = Record<string, unknown>;

export type SarifLevel = 'error' | 'warning' | 'note';

export function sarifLevel(severity: Severity): SarifLevel {
  if (severity === 'error') return 'error';
  if (severity === 'warning') return 'warning';
  return 'note';
}

/** The whole SARIF log for one run of the linter. */
export function toSarif(files: LintedFile[], errors: LintError[], options: SarifOptions): Json {
  const ruleIndex = new Map(options.rules.map((rule, index) => [rule.code, index]));
  const results = files.flatMap((file) => fileResults(file, ruleIndex));

  const run: Json = {
    tool: { driver: driver(options.rules) },
    columnKind: 'utf16CodeUnits',
    artifacts: files.map((file) => ({ location: artifact(file.path) })),
    results,
    invocations: [invocation(errors)],
  };
  if (options.cwd) {
    run.originalUriBaseIds = { [SRCROOT]: { uri: directoryUri(options.cwd) } };
  }
  return { $schema: SARIF_SCHEMA, version: '2.1.0', runs: [run] };
}

function driver(rules: readonly RuleMeta[]): Json {
  return {
    name: TOOL_NAME,
    version: TOOL_VERSION,
    semanticVersion: TOOL_VERSION,
    informationUri: PROJECT_URL,
    rules: rules.map(ruleDescriptor),
  };
}

function ruleDescriptor(rule: RuleMeta): Json {
  return {
    id: rule.code,
    name: rule.slug,
    shortDescription: { text: rule.summary },
    fullDescription: { text: `${rule.summary} ${plain(rule.explanation)}` },
    help: { text: helpText(rule), markdown: renderRuleDoc(rule) },
    helpUri: ruleDocUrl(rule),
    defaultConfiguration: { level: sarifLevel(rule.defaultSeverity) },
    properties: { tags: ['machine-learning', 'ml-practice'], lesson: rule.lesson },
  };
}

function helpText(rule: RuleMeta): string {
  return `${rule.summary}\n\n${plain(rule.explanation)}\n\nFlagged:\n${rule.bad.trimEnd()}\n\n` +
    `Clean:\n${rule.good.trimEnd()}\n\nMore: ${ruleDocUrl(rule)}`;
}

/** Markdown reduced to readable plain text for the `text` fields. */
function plain(markdown: string): string {
  return markdown.replace(/`([^`]*)`/g, '$1').replace(/\*\*([^*]*)\*\*/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').trim();
}

function fileResults(file: LintedFile, ruleIndex: Map<string, number>): Json[] {
  const lines = typeof file.source === 'string'
    ? [file.source.split('\n')]
    : file.source.map((cell) => cell.source.split('\n'));
  const seen = new Map<string, number>();
  return file.findings.map((finding) => {
    const key = fingerprintKey(file.path, lines, finding);
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    return result(file, finding, ruleIndex, `${hash(key)}:${occurrence}`);
  });
}

function result(
  file: LintedFile,
  finding: Finding,
  ruleIndex: Map<string, number>,
  print: string,
): Json {
  const cellNote = finding.cell === undefined ? '' : `[cell ${finding.cell + 1}] `;
  const sarif: Json = {
    ruleId: finding.code,
    level: sarifLevel(finding.severity),
    message: { text: `${cellNote}${finding.message}` },
    locations: [location(file, finding.span, finding.cell)],
    partialFingerprints: { 'mlPracticeFinding/v1': print },
  };

  const index = ruleIndex.get(finding.code);
  if (index !== undefined) sarif.ruleIndex = index;
  if (finding.related.length > 0) {
    sarif.relatedLocations = finding.related.map((related, id) => ({
      id,
      ...location(file, related.span, related.cell ?? finding.cell),
      message: { text: related.message },
    }));
  }
  if (finding.cell !== undefined) {
    sarif.properties = { cell: finding.cell + 1, severity: finding.severity };
  }
  return sarif;
}

/**
 * A physical location. In a notebook the region names lines of the `.ipynb` file when they are
 * known (else lines of the cell), and properties hold the cell and the region within it.
 */
function location(file: LintedFile, span: Span, cell: number | undefined): Json {
  const region = {
    startLine: span.start.line + 1,
    startColumn: span.start.column + 1,
    endLine: span.end.line + 1,
    endColumn: span.end.column + 1,
  };
  if (cell === undefined) {
    return { physicalLocation: { artifactLocation: artifact(file.path), region } };
  }

  const lines = file.fileLines?.[cell];
  const startLine = lines?.[span.start.line];
  const fileRegion = startLine === undefined
    ? region
    : { startLine, endLine: Math.max(startLine, lines?.[span.end.line] ?? startLine) };
  return {
    physicalLocation: { artifactLocation: artifact(file.path), region: fileRegion },
    properties: { cell: cell + 1, cellRegion: region },
  };
}

export function artifact(path: string): Json {
  const posix = path.split('\\').join('/');
  if (posix.startsWith('/')) return { uri: `file://${encodePath(posix)}` };
  return { uri: encodePath(posix.replace(/^\.\//, '')), uriBaseId: SRCROOT };
}

function encodePath(posix: string): string {
  return posix.split('/').map((segment) => encodeURIComponent(segment)).join('/');
}

function directoryUri(dir: string): string {
  const posix = dir.split('\\').join('/');
  const withSlash = posix.endsWith('/') ? posix : `${posix}/`;
  return `file://${encodePath(withSlash.startsWith('/') ? withSlash : `/${withSlash}`)}`;
}

function invocation(errors: LintError[]): Json {
  return {
    executionSuccessful: errors.length === 0,
    toolExecutionNotifications: errors.map((error) => ({
      level: 'error',
      message: { text: `${error.path}: ${error.message}` },
      locations: [{ physicalLocation: { artifactLocation: artifact(error.path) } }],
    })),
  };
}

/** What identifies a finding across runs: rule, file, cell and the text of its first line. */
function fingerprintKey(path: string, lines: string[][], finding: Finding): string {
  const line = lines[finding.cell ?? 0]?.[finding.span.start.line] ?? '';
  return [finding.code, path, finding.cell ?? '', line.replace(/\s+/g, ' ').trim()].join('\0');
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}
