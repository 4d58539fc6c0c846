// Shapes of the JSON the editor sends, checked before a library trusts them.

export type Fields = Record<string, unknown>;

/** A JSON object: not null, not a list. */
export const isObject = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const hasUri = (value: unknown): boolean =>
  isObject(value) && typeof value.uri === 'string';

/** A notebook cell as LSP sends it: at least the URI of its document. */
export const isCell = (value: unknown): boolean =>
  isObject(value) && typeof value.document === 'string';

/**
 * What keeps `value`, at `where` in the params, from being a text document to open: a URI,
 * a language and a text. A version of any kind is kept (diagnostics name it only when it is an
 * integer).
 */
export function textDocumentProblem(value: unknown, where: string): string | undefined {
  if (!isObject(value)) return `\`${where}\` is not an object`;
  if (typeof value.uri !== 'string') return `\`${where}.uri\` is not a string`;
  if (typeof value.languageId !== 'string') return `\`${where}.languageId\` is not a string`;
  if (typeof value.text !== 'string') return `\`${where}.text\` is not a string`;
  return undefined;
}
