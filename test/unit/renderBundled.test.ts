// Every bundled lesson through the panel renderer: all sections shown, every note and question.
import * as assert from 'assert';
import { bundledPackDirs, loadPacks } from '../../core/lessons';
import { SECTION_KEYS } from '../../core/lessons/types';
import { renderLessonHtml } from '../../client/src/lessons/render';

describe('bundled lessons in the panel', () => {
  const { packs } = loadPacks(bundledPackDirs());
  const lessons = packs.flatMap((pack) => pack.lessons.map((lesson) => ({ pack, lesson })));

  it('there are bundled lessons to render', () => {
    assert.ok(lessons.length > 0);
  });

  for (const { pack, lesson } of lessons) {
    it(`${pack.id}/${lesson.id} renders every section, note and question`, () => {
      const html = renderLessonHtml(lesson, {
        nonce: 'bm9uY2U',
        cspSource: 'vscode-resource:',
        styleUri: 'vscode-resource:/media/panel.css',
        scriptUri: 'vscode-resource:/dist/panel.js',
        resourceUri: (file) => `vscode-resource:${file}`,
        packDir: pack.dir,
      });

      for (const key of SECTION_KEYS) assert.ok(html.includes(`id="section-${key}"`), key);
      const notes = html.match(/class="line-note" data-line=/g) ?? [];
      assert.strictEqual(notes.length, lesson.lineByLine.length);
      const questions = html.match(/<fieldset class="quiz-question"/g) ?? [];
      assert.strictEqual(questions.length, lesson.quiz.length);
      const interview = html.match(/<details class="interview"/g) ?? [];
      assert.strictEqual(interview.length, lesson.interviewQuestions.length);
      assert.ok(!html.includes('image-blocked'), 'every image resolves inside the pack');
      assert.strictEqual((html.match(/<script/g) ?? []).length, 1);
    });
  }
});
