// Rule metadata for the server: lookup by code, and the links to a rule's doc page and lesson.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RULES, type RuleMeta } from './engine';

const byCode = new Map<string, RuleMeta>(RULES.map((rule) => [rule.code, rule]));

export function ruleFor(code: string): RuleMeta | undefined {
  return byCode.get(code);
}

/**
 * The rule's doc page shipped with the extension. The server runs as dist/server.js, so the
 * docs folder is a sibling of dist/.
 */
export function ruleDocUri(code: string, slug: string): string {
  const name = `${code}-${slug}`;
  let uri = docUris.get(name);
  if (uri === undefined) {
    uri = pathToFileURL(path.resolve(__dirname, '..', 'docs', 'rules', `${name}.md`)).toString();
    docUris.set(name, uri);
  }
  return uri;
}

/** Every diagnostic links its rule's page, so each link is worked out once. */
const docUris = new Map<string, string>();

/** A Markdown link target that runs the client's Open Lesson command on one lesson. */
export function openLessonCommandUri(lessonId: string): string {
  return `command:mlPractice.openLesson?${encodeURIComponent(JSON.stringify([lessonId]))}`;
}
