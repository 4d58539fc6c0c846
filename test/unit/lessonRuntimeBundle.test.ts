// The built client keeps the lesson runtime and the language client library in bundles of their
// own; the lesson runtime loads packs, renders a lesson and checks panel messages on its own.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { bundledPackDirs } from '../../core/lessons/bundled';
import type * as LessonRuntime from '../../client/src/lessons/lessonRuntime';
import { repoRoot } from './practiceFixtures';

const dist = path.join(repoRoot(), 'dist');

describe('the lesson runtime bundle', () => {
  it('is required by the client bundle instead of being part of it', () => {
    const client = fs.readFileSync(path.join(dist, 'client.js'), 'utf8');
    assert.match(client, /require\(["']\.\/lessonRuntime\.js["']\)/);
    for (const heavy of ['node_modules/markdown-it/', 'node_modules/yaml/', 'node_modules/@lezer/']) {
      assert.ok(!client.includes(heavy), `dist/client.js bundles ${heavy}`);
    }
  });

  it('requires the language client library from its own bundle', () => {
    // A method name of the protocol: part of the library's code, minified or not.
    const protocol = 'textDocument/publishDiagnostics';
    const client = fs.readFileSync(path.join(dist, 'client.js'), 'utf8');
    assert.match(client, /require\(["']\.\/languageClient\.js["']\)/);
    assert.ok(!client.includes(protocol), 'dist/client.js bundles the language client library');
    const apart = fs.readFileSync(path.join(dist, 'languageClient.js'), 'utf8');
    assert.ok(apart.includes(protocol), 'dist/languageClient.js holds the library');
    assert.match(apart, /LanguageClient: ?\(\) ?=>/, 'the bundle exports LanguageClient');
  });

  it('loads the bundled packs, renders a lesson and parses a panel message', () => {
    const runtime = require(path.join(dist, 'lessonRuntime.js')) as typeof LessonRuntime;
    const { packs, problems } = runtime.loadPacks(bundledPackDirs());
    assert.deepStrictEqual(problems, []);
    const lesson = packs[0]?.lessons[0];
    assert.ok(lesson, 'no bundled lesson loaded');

    const html = runtime.renderLessonHtml(lesson, {
      nonce: 'bm9uY2U',
      cspSource: 'vscode-resource:',
      styleUri: 'vscode-resource:/media/panel.css',
      scriptUri: 'vscode-resource:/dist/panel.js',
      resourceUri: (file) => `vscode-resource:${file}`,
      packDir: packs[0].dir,
    });
    assert.ok(html.includes(lesson.title), 'the title is rendered');
    assert.ok(html.includes('class="tok-'), 'the example is highlighted');
    assert.deepStrictEqual(runtime.parseWebviewMessage({ type: 'ready' }), {
      ok: true,
      message: { type: 'ready' },
    });
  });
});
