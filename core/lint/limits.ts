// How much text the linter takes on at once, shared by the CLI and the language server so
// that both skip the same files.

/** Larger files are reported as not analysed instead of being linted. */
export const MAX_LINT_BYTES = 5 * 1024 * 1024;

export function formatMegabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Why a text of this many bytes is not linted, or undefined when it is small enough. */
export function tooLargeToLint(bytes: number): string | undefined {
  if (bytes <= MAX_LINT_BYTES) return undefined;
  return `${formatMegabytes(bytes)} is over the ${formatMegabytes(MAX_LINT_BYTES)} that ML Practice ` +
    'lints, so this file was not analysed.';
}
