// What the lesson features need only once packs load or a panel opens (YAML and schema checks,
// markdown, highlighting): bundled on its own as dist/lessonRuntime.js and loaded on first use.
export { loadPacks } from '../../../core/lessons/load';
export { parseWebviewMessage } from './messages';
export { contentSecurityPolicy, renderLessonHtml, resolveInsidePack } from './render';
