// The practice runner: runs a learner's Python file and compares its output with a lesson's.
export { compareOutput, normalizeOutput, numberMatches, COMPARISON_MODES, InvalidPatternError } from './compare';
export type { Comparison } from './compare';
export { unifiedDiff, makeVisible } from './diff';
export { findPython, findPythonInfo, PythonNotFoundError } from './python';
export type { PythonInfo } from './python';
export { checkPractice, PracticeFileError, DEFAULT_TIMEOUT_MS, DEFAULT_MAX_OUTPUT_BYTES } from './run';
export { formatVerdict } from './format';
export { parseTraceback, deepestFrameIn } from './traceback';
export type { ParsedTraceback, TracebackFrame } from './traceback';
export * from './types';
export { lessonsForPracticeFile, lessonTolerance, normalizeRelativePath, practiceFilePath, requestForLesson } from './lessonCheck';
