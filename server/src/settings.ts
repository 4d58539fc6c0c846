// Lint settings: what the editor's mlPractice.lint.* settings say, checked, and merged with a
// pyproject.toml [tool.ml-practice] table (the table wins for each key it sets).
import { mergeOptions, RULES, type LintOptions, type Severity } from './engine';

export interface EditorLintSettings {
  enable: boolean;
  select?: string[];
  ignore?: string[];
  severity: Record<string, Severity | 'off'>;
}

export const DEFAULT_SETTINGS: EditorLintSettings = { enable: true, severity: {} };

const SEVERITIES = new Set(['error', 'warning', 'information', 'hint', 'off']);

/**
 * Reads the `mlPractice.lint` section as the editor sent it. Values of the wrong type are
 * reported through `warn` and replaced by their defaults, so one typo never stops linting.
 */
export function parseEditorSettings(
  raw: unknown,
  warn: (message: string) => void,
): EditorLintSettings {
  if (raw === undefined || raw === null) return { ...DEFAULT_SETTINGS };
  if (typeof raw !== 'object') {
    warn(`mlPractice.lint: expected an object, got ${typeof raw}`);
    return { ...DEFAULT_SETTINGS };
  }

  const section = raw as Record<string, unknown>;
  return {
    enable: readBoolean(section.enable, 'mlPractice.lint.enable', warn),
    select: readCodes(section.select, 'mlPractice.lint.select', warn),
    ignore: readCodes(section.ignore, 'mlPractice.lint.ignore', warn),
    severity: readSeverities(section.severity, warn),
  };
}

function readBoolean(value: unknown, name: string, warn: (message: string) => void): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'boolean') return value;
  warn(`${name}: expected true or false, got ${JSON.stringify(value)}`);
  return true;
}

function readCodes(
  value: unknown,
  name: string,
  warn: (message: string) => void,
): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value) && value.every((code) => typeof code === 'string')) {
    const given = value.map((code) => code.trim().toUpperCase()).filter((code) => code !== '');
    const known = given.filter((code) => RULES.some((rule) => rule.code.startsWith(code)));
    for (const code of given.filter((each) => !known.includes(each))) {
      const codes = RULES.map((rule) => rule.code).join(', ');
      warn(`${name}: "${code}" matches no rule; known rules: ${codes}`);
    }
    // A list left with no rule it names would select or ignore nothing: the default instead.
    return known.length === 0 && given.length > 0 ? undefined : known;
  }
  warn(`${name}: expected a list of rule codes such as ["ML001"], got ${JSON.stringify(value)}`);
  return undefined;
}

function readSeverities(
  value: unknown,
  warn: (message: string) => void,
): Record<string, Severity | 'off'> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    warn(`mlPractice.lint.severity: expected an object mapping rule codes to severities`);
    return {};
  }

  const result: Record<string, Severity | 'off'> = {};
  for (const [code, level] of Object.entries(value as Record<string, unknown>)) {
    if (typeof level === 'string' && SEVERITIES.has(level)) {
      result[code] = level as Severity | 'off';
    } else {
      warn(
        `mlPractice.lint.severity.${code}: expected error, warning, information, hint or off, ` +
          `got ${JSON.stringify(level)}`,
      );
    }
  }
  return result;
}

/** Project options override editor settings key by key; severities merge code by code. */
export function lintOptions(
  editor: EditorLintSettings,
  project: LintOptions | undefined,
): LintOptions {
  const fromEditor: LintOptions = {
    select: editor.select,
    ignore: editor.ignore,
    severity: editor.severity,
  };
  return mergeOptions(fromEditor, project);
}
