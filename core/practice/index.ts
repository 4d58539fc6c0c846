// The practice runner: runs a learner's Python file and compares its output with a lesson's.
export {
  COMPARISON_MODES,
  compareOutput,
  InvalidPatternError,
  normalizeOutput,
  numberMatches,
} from './compare';
export type { Comparison } from './compare';
export { makeVisible, unifiedDiff } from './diff';
export { findPython, findPythonInfo, PythonNotFoundError } from './python';
export type { PythonInfo } from './python';
export {
  checkPractice,
  DEFAULT_MAX_OUTPUT_BYTES,
  DEFAULT_TIMEOUT_MS,
  PracticeFileError,
} from './run';
export { DIFF_LINES_SHOWN, EDITOR_DIFF_LINES, formatVerdict } from './format';
export { deepestFrameIn, parseTraceback } from './traceback';
export type { ParsedTraceback, TracebackFrame } from './traceback';
export {
  lessonExpectedOutput,
  lessonsForPracticeFile,
  lessonTolerance,
  normalizeRelativePath,
  practiceFilePath,
  requestForLesson,
} from './lessonCheck';
export * from './types';
