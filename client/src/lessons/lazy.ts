// Loads the lesson runtime on first use, so activating the extension does not pay for it.
import type * as LessonRuntime from './lessonRuntime';

let runtime: typeof LessonRuntime | undefined;

/**
 * The bundler keeps this require as it is (see esbuild.mjs), so from dist/client.js it loads
 * dist/lessonRuntime.js, and from the compiled tests the module beside this one.
 */
export function lessonRuntime(): typeof LessonRuntime {
  runtime ??= require('./lessonRuntime') as typeof LessonRuntime;
  return runtime;
}
