// Brings packs written in an older format version up to the current one while loading.
import { CURRENT_FORMAT_VERSION } from './schema';

interface Step {
  /** The version this step upgrades from, to from + 1. */
  from: number;
  /** Lesson front matter fields renamed by the step: old name to new name. */
  renamedLessonFields: Record<string, string>;
}

// Format 0 called the expected output `expected`; everything else is unchanged.
const STEPS: Step[] = [{ from: 0, renamedLessonFields: { expected: 'expectedOutput' } }];

export const OLDEST_FORMAT_VERSION = Math.min(...STEPS.map((step) => step.from));

export interface MigratedFrontMatter {
  data: unknown;
  /** New field name to the name written in the file, so problems point at the right line. */
  writtenAs: Map<string, string>;
}

/** Checks a pack's formatVersion; returns a sentence saying what to do when it cannot be read. */
export function formatVersionProblem(version: unknown): string | undefined {
  if (version === undefined) {
    return `is missing: expected formatVersion: ${CURRENT_FORMAT_VERSION}`;
  }
  if (typeof version !== 'number' || !Number.isInteger(version)) {
    return `expected a whole number such as ${CURRENT_FORMAT_VERSION}, got ${JSON.stringify(version)}`;
  }
  if (version > CURRENT_FORMAT_VERSION) {
    return (
      `this pack uses format version ${version}, newer than this ML Practice understands ` +
      `(${CURRENT_FORMAT_VERSION}); update the ML Practice extension or CLI to read it`
    );
  }
  if (version < OLDEST_FORMAT_VERSION) {
    return (
      `format version ${version} is no longer supported; ` +
      `rewrite the pack in format ${CURRENT_FORMAT_VERSION}`
    );
  }
  return undefined;
}

/** Applies every step from `version` up to the current format to a lesson's front matter. */
export function migrateFrontMatter(data: unknown, version: number): MigratedFrontMatter {
  const writtenAs = new Map<string, string>();
  if (!isRecord(data)) return { data, writtenAs };

  let current: Record<string, unknown> = { ...data };
  for (const step of STEPS.filter((s) => s.from >= version)) {
    current = renameFields(current, step.renamedLessonFields, writtenAs);
  }
  return { data: current, writtenAs };
}

/** What a maintainer changes to bring a pack from `version` to the current format by hand. */
export function upgradeAdvice(version: number): string {
  const renames = STEPS.filter((s) => s.from >= version).flatMap((step) =>
    Object.entries(step.renamedLessonFields).map(
      ([from, to]) => `rename '${from}' to '${to}' in each lesson.md`,
    ),
  );
  return [`set formatVersion: ${CURRENT_FORMAT_VERSION} in pack.yaml`, ...renames].join('; ');
}

function renameFields(
  data: Record<string, unknown>,
  renames: Record<string, string>,
  writtenAs: Map<string, string>,
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    const renamed = renames[key];
    if (renamed && !(renamed in data)) {
      result[renamed] = value;
      writtenAs.set(renamed, writtenAs.get(key) ?? key);
    } else {
      result[key] = value;
    }
  }
  return result;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
