// Public entry of the lesson model: loading packs, finding the bundled ones, the format schema.
import { SECTION_KEYS, type Lesson, type SectionKey } from './types';

export * from './types';
export { bundledLessonsDir, bundledPackDirs, holdsPackFile, packDirsIn } from './bundled';
export {
  LESSON_FILE,
  loadPack,
  loadPacks,
  PACK_FILE,
  type PackLoadResult,
  type PacksLoadResult,
} from './load';
export { PROSE_SECTIONS, type ProseKey } from './markdown';
export {
  CURRENT_FORMAT_VERSION,
  lessonFrontMatterSchema,
  packManifestSchema,
  type LessonFrontMatter,
  type PackManifest,
} from './schema';

/** The section keys a lesson has content for, in SECTION_KEYS order. */
export function presentSections(lesson: Lesson): SectionKey[] {
  return SECTION_KEYS.filter((key) => hasContent(lesson[key]));
}

function hasContent(value: Lesson[SectionKey]): boolean {
  if (typeof value === 'string') return value.trim().length > 0;
  if (Array.isArray(value)) return value.length > 0;
  return value.code.trim().length > 0;
}
export { scaffoldPack, ScaffoldError } from './scaffold';
