// The lesson loader: good packs load completely; each kind of broken lesson is reported with
// its file, line and field, and left out.
import * as assert from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  bundledLessonsDir,
  loadPack,
  loadPacks,
  packDirsIn,
  presentSections,
  SECTION_KEYS,
  type LessonProblem,
} from '../../core/lessons';

const root = path.dirname(bundledLessonsDir(__dirname));
const fixtures = path.join(root, 'test', 'fixtures', 'lessons');
const fixture = (name: string) => path.join(fixtures, name);

/** Loads a fixture pack expected to hold one broken lesson, and returns its only problem. */
function onlyProblem(name: string): LessonProblem {
  const result = loadPack(fixture(name));
  assert.deepStrictEqual(result.pack?.lessons ?? [], [], 'a broken lesson must be left out');
  assert.strictEqual(result.problems.length, 1, JSON.stringify(result.problems, null, 2));
  return result.problems[0];
}

function lessonFile(name: string): string {
  return path.join(fixture(name), `${name}-hello`, 'lesson.md');
}

describe('lesson loader', () => {
  describe('a good pack', () => {
    it('loads the pack and its lesson with every field filled', () => {
      const { pack, problems } = loadPack(fixture('good'));
      assert.deepStrictEqual(problems, []);
      assert.ok(pack);
      assert.strictEqual(pack.id, 'good');
      assert.strictEqual(pack.formatVersion, 1);
      assert.strictEqual(pack.migratedFrom, undefined);

      const [lesson] = pack.lessons;
      assert.strictEqual(lesson.id, 'good-hello');
      assert.strictEqual(lesson.packId, 'good');
      assert.strictEqual(lesson.expectedOutput, 'hello from good');
      assert.deepStrictEqual(lesson.comparison, { mode: 'normalized' });
      assert.strictEqual(lesson.timeoutSeconds, 10);
      assert.strictEqual(lesson.practiceFile, 'practice/good_hello.py');
      assert.deepStrictEqual(lesson.expectFindings, []);
      assert.strictEqual(
        lesson.example.path,
        path.join(fixture('good'), 'good-hello', 'example.py'),
      );
      assert.strictEqual(lesson.example.code, "print('hello from good')\n");
      assert.match(lesson.syntax, /print\('hello from good'\)/);
      assert.match(lesson.practiceTask, /Change the starter/);
      assert.strictEqual(lesson.quiz[0].options.filter((option) => option.correct).length, 1);
    });

    it('reports all fifteen sections as present', () => {
      const { pack } = loadPack(fixture('good'));
      assert.deepStrictEqual(presentSections(pack!.lessons[0]), [...SECTION_KEYS]);
    });
  });

  describe('a broken lesson names file, line and field', () => {
    it('a missing required field', () => {
      const problem = onlyProblem('missing-field');
      assert.strictEqual(problem.file, lessonFile('missing-field'));
      assert.strictEqual(problem.field, 'title');
      assert.strictEqual(problem.line, 2);
      assert.match(problem.message, /missing.*string/);
    });

    it('a field of the wrong type, on the line where it is written', () => {
      const problem = onlyProblem('wrong-type');
      assert.strictEqual(problem.file, lessonFile('wrong-type'));
      assert.strictEqual(problem.field, 'timeout');
      assert.strictEqual(problem.line, 5);
      assert.match(problem.message, /expected a number, got a string \("soon"\)/);
    });

    it('YAML that does not parse', () => {
      const problem = onlyProblem('bad-yaml');
      assert.strictEqual(problem.file, lessonFile('bad-yaml'));
      assert.strictEqual(problem.line, 5);
      assert.match(problem.message, /^YAML: .*quote/i);
    });

    it('a misspelt field, with a suggestion', () => {
      const { problems } = loadPack(fixture('typo-field'));
      const unknown = problems.find((problem) => problem.field === 'expectedOuput');
      assert.ok(unknown, JSON.stringify(problems));
      assert.strictEqual(unknown.line, 5);
      assert.match(unknown.message, /did you mean 'expectedOutput'/);
      assert.ok(
        problems.some(
          (problem) => problem.field === 'expectedOutput' && /missing/.test(problem.message),
        ),
      );
    });

    it('a missing Markdown section, by name', () => {
      const problem = onlyProblem('missing-section');
      assert.strictEqual(problem.file, lessonFile('missing-section'));
      assert.strictEqual(problem.field, 'verificationPlan');
      assert.match(problem.message, /missing section '## Verification plan'/);
    });

    it('a quiz question with two correct options', () => {
      const problem = onlyProblem('two-correct');
      assert.strictEqual(problem.field, 'quiz.0.options');
      assert.strictEqual(problem.line, 15);
      assert.match(problem.message, /exactly one option with correct: true, found 2/);
    });

    it('a code file that leaves the pack with ..', () => {
      const problem = onlyProblem('path-escape');
      assert.strictEqual(problem.field, 'example');
      assert.strictEqual(problem.line, 5);
      assert.match(problem.message, /'\.\.\/\.\.\/outside\.py' leads outside the pack folder/);
    });

    it('a code file given as an absolute path', () => {
      const problem = onlyProblem('absolute-path');
      assert.strictEqual(problem.field, 'solution');
      assert.match(problem.message, /expected a path relative to the lesson folder/);
    });

    it('a code file that does not exist', () => {
      const problem = onlyProblem('missing-file');
      assert.strictEqual(problem.field, 'starter');
      assert.match(problem.message, /file not found: .*starter\.py/);
    });

    it('a line note pointing past the end of the example', () => {
      const problem = onlyProblem('line-out-of-range');
      assert.strictEqual(problem.field, 'lineByLine.0.line');
      assert.strictEqual(problem.line, 7);
      assert.match(problem.message, /expected a line of example\.py \(1 to 1\), got 7/);
    });
  });

  describe('fields with several forms', () => {
    let scratch: string;
    let lessonMd: string;
    beforeEach(() => {
      scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'lessons-test-'));
      fs.cpSync(fixture('good'), scratch, { recursive: true });
      lessonMd = path.join(scratch, 'good-hello', 'lesson.md');
    });
    afterEach(() => fs.rmSync(scratch, { recursive: true, force: true }));

    const replaceExpected = (lines: string) => {
      const text = fs.readFileSync(lessonMd, 'utf8');
      fs.writeFileSync(lessonMd, text.replace(/^expectedOutput: .*$/m, lines));
    };

    it('reads the expected output from expectedOutputFile', () => {
      fs.writeFileSync(path.join(scratch, 'good-hello', 'expected.txt'), 'hello from a file\n');
      replaceExpected('expectedOutputFile: expected.txt');
      const { pack, problems } = loadPack(scratch);
      assert.deepStrictEqual(problems, []);
      assert.strictEqual(pack?.lessons[0].expectedOutput, 'hello from a file\n');
    });

    it('refuses expectedOutput and expectedOutputFile together', () => {
      replaceExpected('expectedOutput: a\nexpectedOutputFile: expected.txt');
      const { problems } = loadPack(scratch);
      assert.match(
        problems[0].message,
        /expected only one of expectedOutput and expectedOutputFile/,
      );
    });

    it('accepts a comparison object with tolerances', () => {
      replaceExpected(
        'expectedOutput: "hello from good"\ncomparison: {mode: numeric, relativeTolerance: 0.1}',
      );
      const { pack, problems } = loadPack(scratch);
      assert.deepStrictEqual(problems, []);
      assert.deepStrictEqual(pack?.lessons[0].comparison, {
        mode: 'numeric',
        relativeTolerance: 0.1,
      });
    });

    it('names the allowed modes for an unknown one', () => {
      replaceExpected('expectedOutput: "hello from good"\ncomparison: fuzzy');
      const [problem] = loadPack(scratch).problems;
      assert.strictEqual(problem.field, 'comparison');
      assert.strictEqual(problem.line, 6);
      assert.match(problem.message, /expected one of "normalized", "exact", .*, got "fuzzy"/);
    });

    it('points into a comparison object at the bad tolerance', () => {
      replaceExpected('expectedOutput: "x"\ncomparison: {mode: numeric, absoluteTolerance: -1}');
      const [problem] = loadPack(scratch).problems;
      assert.strictEqual(problem.field, 'comparison.absoluteTolerance');
      assert.strictEqual(problem.column, 29);
      assert.match(problem.message, /expected a number >= 0, got -1$/);
    });

    it('points into a comparison object at an unknown mode', () => {
      replaceExpected('expectedOutput: "x"\ncomparison: {mode: fuzzy, absoluteTolerance: 0.1}');
      const problems = loadPack(scratch).problems;
      assert.deepStrictEqual(
        problems.map((problem) => [problem.field, problem.column]),
        [['comparison.mode', 14]],
      );
      assert.match(problems[0].message, /expected one of "normalized", .*, got "fuzzy"$/);
    });
  });

  describe('files that cannot be read as text', () => {
    let scratch: string;
    beforeEach(() => {
      scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'lessons-test-'));
      fs.cpSync(fixture('good'), scratch, { recursive: true });
    });
    afterEach(() => fs.rmSync(scratch, { recursive: true, force: true }));

    /** Loads the scratch pack in a child process, which a blocked read cannot hang. */
    function problemsInChild(): LessonProblem[] {
      const loader = require.resolve('../../core/lessons');
      const script = `process.stdout.write(JSON.stringify(require(${JSON.stringify(loader)})` +
        `.loadPack(${JSON.stringify(scratch)}).problems))`;
      const child = spawnSync(process.execPath, ['-e', script], {
        encoding: 'utf8',
        timeout: 10000,
      });
      assert.strictEqual(child.status, 0, `the loader did not finish: ${child.stderr}`);
      return JSON.parse(child.stdout) as LessonProblem[];
    }

    for (const file of ['pack.yaml', 'good-hello/lesson.md', 'good-hello/example.py']) {
      it(`reports ${file} as a pipe instead of waiting for a writer`, () => {
        const target = path.join(scratch, file);
        fs.rmSync(target);
        execFileSync('mkfifo', [target]);
        const problems = problemsInChild();
        assert.strictEqual(problems.length, 1, JSON.stringify(problems));
        assert.match(problems[0].message, /not a regular file \(a pipe, socket or device\)/);
        const where = file === 'good-hello/example.py' ? 'good-hello/lesson.md' : file;
        assert.strictEqual(problems[0].file, path.join(scratch, where));
      });
    }

    for (const file of ['pack.yaml', 'good-hello/lesson.md', 'good-hello/starter.py']) {
      it(`reports ${file} linked to itself as a loop of links`, () => {
        const target = path.join(scratch, file);
        fs.rmSync(target);
        fs.symlinkSync(path.basename(target), target);
        const { problems } = loadPack(scratch);
        assert.strictEqual(problems.length, 1, JSON.stringify(problems));
        assert.match(problems[0].message, /too many levels of symbolic links/);
      });
    }

    it('reports a file over 2 MB without reading it', () => {
      fs.writeFileSync(path.join(scratch, 'good-hello', 'starter.py'), 'x = 1\n'.repeat(500_000));
      const { problems } = loadPack(scratch);
      assert.strictEqual(problems.length, 1, JSON.stringify(problems));
      const size = 'x = 1\n'.length * 500_000;
      assert.match(
        problems[0].message,
        new RegExp(`starter\\.py: the file is ${size} bytes; a pack file holds at most 2 MB`),
      );
    });

    for (const [what, make] of [
      ['a file', (dir: string) => fs.writeFileSync(dir, 'x')],
      ['a pipe', (dir: string) => execFileSync('mkfifo', [dir])],
      ['a link to itself', (dir: string) => fs.symlinkSync(path.basename(dir), dir)],
    ] as const) {
      it(`says a listed lesson whose folder is ${what} is not a folder`, () => {
        const lessonDir = path.join(scratch, 'good-hello');
        fs.rmSync(lessonDir, { recursive: true });
        make(lessonDir);
        const { problems } = loadPack(scratch);
        assert.strictEqual(problems.length, 1, JSON.stringify(problems));
        const message = /^lesson 'good-hello' is listed but .*good-hello is not a folder/;
        assert.match(problems[0].message, message);
      });
    }

    it('finds a pack whose pack.yaml is a loop of links among packs, to report it', () => {
      const packs = path.join(scratch, 'packs');
      fs.mkdirSync(packs);
      fs.cpSync(fixture('good'), path.join(packs, 'fine'), { recursive: true });
      fs.mkdirSync(path.join(packs, 'looping'));
      fs.symlinkSync('pack.yaml', path.join(packs, 'looping', 'pack.yaml'));
      const dirs = packDirsIn(packs);
      assert.deepStrictEqual(dirs.map((dir) => path.basename(dir)), ['fine', 'looping']);
      const { packs: loaded, problems } = loadPacks(dirs);
      assert.deepStrictEqual(loaded.map((pack) => pack.id), ['good']);
      assert.match(problems[0].message, /too many levels of symbolic links/);
    });

    it('says a pipe given as the pack folder is not a folder', () => {
      const pipe = path.join(scratch, 'pipe');
      execFileSync('mkfifo', [pipe]);
      const { problems } = loadPack(pipe);
      assert.match(problems[0].message, /^not a folder: .*pipe; a pack is a folder$/);
    });

    it('names the first byte that is not UTF-8 and where it is', () => {
      const lessonMd = path.join(scratch, 'good-hello', 'lesson.md');
      const text = fs.readFileSync(lessonMd, 'utf8').replace('title: ', 'title: Caf\u00e9 ');
      fs.writeFileSync(lessonMd, Buffer.from(text, 'latin1'));
      const { pack, problems } = loadPack(scratch);
      assert.deepStrictEqual(pack?.lessons, []);
      assert.strictEqual(problems.length, 1);
      assert.match(problems[0].message, /^cannot read lesson\.md: not UTF-8 text: byte 0xE9 at/);
      assert.match(problems[0].message, /\(line \d+, column \d+\); lesson packs are UTF-8 text$/);
    });
  });

  describe('packs', () => {
    let scratch: string;
    beforeEach(() => {
      scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'lessons-test-'));
    });
    afterEach(() => fs.rmSync(scratch, { recursive: true, force: true }));

    it('keeps the good lessons of a pack when one is broken', () => {
      fs.cpSync(fixture('good'), path.join(scratch, 'mixed'), { recursive: true });
      fs.cpSync(
        path.join(fixture('wrong-type'), 'wrong-type-hello'),
        path.join(scratch, 'mixed', 'wrong-type-hello'),
        {
          recursive: true,
        },
      );
      fs.appendFileSync(path.join(scratch, 'mixed', 'pack.yaml'), '  - wrong-type-hello\n');

      const { pack, problems } = loadPack(path.join(scratch, 'mixed'));
      assert.deepStrictEqual(
        pack?.lessons.map((lesson) => lesson.id),
        ['good-hello'],
      );
      assert.deepStrictEqual(
        problems.map((problem) => problem.field),
        ['timeout'],
      );
    });

    it('reports a listed lesson without a folder, on its line in pack.yaml', () => {
      fs.cpSync(fixture('good'), path.join(scratch, 'listed'), { recursive: true });
      fs.appendFileSync(path.join(scratch, 'listed', 'pack.yaml'), '  - not-written-yet\n');

      const { pack, problems } = loadPack(path.join(scratch, 'listed'));
      assert.strictEqual(pack?.lessons.length, 1);
      assert.strictEqual(problems.length, 1);
      assert.strictEqual(problems[0].file, path.join(scratch, 'listed', 'pack.yaml'));
      assert.strictEqual(problems[0].line, 7);
      assert.strictEqual(problems[0].field, 'lessons.1');
      assert.match(
        problems[0].message,
        /'not-written-yet' is listed but its folder has no lesson\.md/,
      );
    });

    it('reports a lesson folder that pack.yaml does not list', () => {
      fs.cpSync(fixture('good'), path.join(scratch, 'unlisted'), { recursive: true });
      fs.cpSync(
        path.join(fixture('good'), 'good-hello'),
        path.join(scratch, 'unlisted', 'forgotten'),
        { recursive: true },
      );

      const { problems } = loadPack(path.join(scratch, 'unlisted'));
      assert.strictEqual(problems.length, 1);
      assert.match(problems[0].message, /folder 'forgotten' holds a lesson\.md but is not listed/);
    });

    it('reports a folder without pack.yaml', () => {
      const { pack, problems } = loadPack(scratch);
      assert.strictEqual(pack, undefined);
      assert.match(problems[0].message, /no pack\.yaml here/);
    });

    it('refuses a code file that is a link to a file outside the pack', () => {
      const pack = path.join(scratch, 'linked');
      fs.cpSync(fixture('good'), pack, { recursive: true });
      fs.writeFileSync(path.join(scratch, 'elsewhere.py'), "print('hello from good')\n");
      fs.rmSync(path.join(pack, 'good-hello', 'example.py'));
      fs.symlinkSync(path.join(scratch, 'elsewhere.py'), path.join(pack, 'good-hello', 'example.py'));

      const { problems } = loadPack(pack);
      assert.strictEqual(problems.length, 1, JSON.stringify(problems));
      assert.strictEqual(problems[0].field, 'example');
      assert.match(problems[0].message, /is a link to a file outside the pack folder/);
    });

    it('reports a lesson id used by two packs', () => {
      const { packs, problems } = loadPacks([fixture('duplicate-a'), fixture('duplicate-b')]);
      assert.strictEqual(packs.length, 2);
      assert.strictEqual(problems.length, 1);
      assert.strictEqual(
        problems[0].file,
        path.join(fixture('duplicate-b'), 'shared-lesson', 'lesson.md'),
      );
      assert.strictEqual(problems[0].field, 'id');
      assert.match(problems[0].message, /'shared-lesson' is also used in pack 'duplicate-a'/);
    });

    it('skips a second pack with the same pack id', () => {
      const { packs, problems } = loadPacks([fixture('good'), fixture('good')]);
      assert.strictEqual(packs.length, 1);
      assert.match(problems[0].message, /pack id 'good' is already used/);
    });
  });

  describe('format versions', () => {
    it('migrates format 0, where the expected output was called expected', () => {
      const { pack, problems } = loadPack(fixture('v0-pack'));
      assert.deepStrictEqual(problems, []);
      assert.strictEqual(pack?.formatVersion, 1);
      assert.strictEqual(pack?.migratedFrom, 0);
      assert.strictEqual(pack?.lessons[0].expectedOutput, 'hello from v0-pack');
    });

    it('points a problem in a migrated field at the name written in the file', () => {
      const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'lessons-test-'));
      try {
        fs.cpSync(fixture('v0-pack'), scratch, { recursive: true });
        const file = path.join(scratch, 'v0-pack-hello', 'lesson.md');
        fs.writeFileSync(
          file,
          fs.readFileSync(file, 'utf8').replace(/^expected: .*$/m, 'expected: [1, 2]'),
        );

        const { problems } = loadPack(scratch);
        assert.strictEqual(problems.length, 1, JSON.stringify(problems));
        assert.strictEqual(problems[0].field, 'expected');
        assert.strictEqual(problems[0].line, 5);
        assert.match(problems[0].message, /expected a string, got a list/);
      } finally {
        fs.rmSync(scratch, { recursive: true, force: true });
      }
    });

    it('rejects a newer format, saying what to do', () => {
      const { pack, problems } = loadPack(fixture('newer-version'));
      assert.strictEqual(pack, undefined);
      assert.strictEqual(problems[0].field, 'formatVersion');
      assert.strictEqual(problems[0].line, 4);
      assert.match(
        problems[0].message,
        /format version 2, newer than .* \(1\); update the ML Practice/,
      );
    });
  });

  describe('bundled packs', () => {
    it('finds the lessons folder from the compiled code', () => {
      assert.strictEqual(bundledLessonsDir(__dirname), path.join(root, 'lessons'));
    });

    it('finds the lessons folder of an installed extension from its dist folder', () => {
      const installed = fs.mkdtempSync(path.join(os.tmpdir(), 'installed-extension-'));
      try {
        fs.mkdirSync(path.join(installed, 'dist'));
        fs.mkdirSync(path.join(installed, 'lessons'));
        fs.writeFileSync(path.join(installed, 'package.json'), '{}');
        // A package.json without lessons/ beside it, as tsc emits into out/, is passed over.
        fs.writeFileSync(path.join(installed, 'dist', 'package.json'), '{}');
        assert.strictEqual(
          bundledLessonsDir(path.join(installed, 'dist')),
          path.join(installed, 'lessons'),
        );
      } finally {
        fs.rmSync(installed, { recursive: true, force: true });
      }
    });

    it('says where it looked when there is no lessons folder', () => {
      assert.throws(
        () => bundledLessonsDir(os.tmpdir()),
        /no folder with package\.json and lessons\/ found above/,
      );
    });

    it('loads the first lesson with every section written', () => {
      const { pack, problems } = loadPack(path.join(root, 'lessons', 'ml-systems'));
      const unexpected = problems.filter(
        (problem) => !/is listed but its folder has no lesson\.md/.test(problem.message),
      );
      assert.deepStrictEqual(unexpected, []);

      const lesson = pack?.lessons.find(
        (candidate) => candidate.id === 'scalability-in-ml-systems',
      );
      assert.ok(lesson);
      assert.strictEqual(lesson.title, 'Scalability in ML Systems');
      assert.strictEqual(lesson.expectedOutput, 'Scalability in ML Systems: accepted');
      assert.strictEqual(lesson.example.code.trimEnd().split('\n').length, 3);
      assert.strictEqual(lesson.interviewQuestions.length, 5);
      assert.strictEqual(
        lesson.quiz[0].question,
        'Which practice best supports Scalability in ML Systems?',
      );
      assert.deepStrictEqual(presentSections(lesson), [...SECTION_KEYS]);
    });
  });
});
