// The names of a pack's files, apart from the loader so finding packs does not load the parser.
export const PACK_FILE = 'pack.yaml';
export const LESSON_FILE = 'lesson.md';
