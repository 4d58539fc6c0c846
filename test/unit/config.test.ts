// The [tool.ml-practice] table of pyproject.toml: lookup, checking, errors and exclusions.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  ConfigError,
  ConfigResolver,
  findConfigFile,
  globToRegExp,
  isExcluded,
  loadConfig,
  parseConfig,
} from '../../core/lint/config';

const KNOWN = ['ML000', 'ML001', 'ML002', 'ML007', 'NB001'];

function configError(text: string): ConfigError {
  try {
    parseConfig(text, 'proj/pyproject.toml', KNOWN);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  assert.fail('expected a ConfigError');
}

describe('pyproject configuration', () => {
  let tmp: string;

  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-practice-config-'));
  });

  afterEach(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('reads select, ignore, severity and exclude', () => {
    const text = [
      '[project]',
      'name = "demo"',
      '',
      '[tool.ml-practice]',
      'select = ["ML"]',
      'ignore = ["ML002"]',
      'severity = { ML007 = "information", NB001 = "off" }',
      'exclude = ["scratch/**"]',
    ].join('\n');
    const config = parseConfig(text, path.join(tmp, 'pyproject.toml'), KNOWN);
    assert.deepStrictEqual(config.options, {
      select: ['ML'],
      ignore: ['ML002'],
      severity: { ML007: 'information', NB001: 'off' },
    });
    assert.deepStrictEqual(config.exclude, ['scratch/**']);
    assert.strictEqual(config.root, tmp);
  });

  it('accepts severities as a sub-table', () => {
    const text = '[tool.ml-practice.severity]\nML001 = "error"\n';
    assert.deepStrictEqual(parseConfig(text, 'pyproject.toml', KNOWN).options.severity, {
      ML001: 'error',
    });
  });

  it('means defaults when the table is absent', () => {
    const config = parseConfig('[tool.black]\nline-length = 100\n', 'pyproject.toml', KNOWN);
    assert.deepStrictEqual(config.options, {});
    assert.deepStrictEqual(config.exclude, []);
  });

  it('names file, line and key for an unknown key', () => {
    const error = configError(
      '[project]\nname = "x"\n\n[tool.ml-practice]\nselect = ["ML"]\nselcet = ["ML001"]\n',
    );
    assert.strictEqual(error.file, 'proj/pyproject.toml');
    assert.strictEqual(error.line, 6);
    assert.strictEqual(error.key, 'tool.ml-practice.selcet');
    assert.match(
      error.message,
      /^proj\/pyproject\.toml:6: tool\.ml-practice\.selcet: unknown key; expected one of select/,
    );
  });

  it('names the line of a bad severity inside an inline table', () => {
    const error = configError(
      '[tool.ml-practice]\nignore = []\nseverity = { ML001 = "error", ML007 = "loud" }\n',
    );
    assert.strictEqual(error.line, 3);
    assert.strictEqual(error.key, 'tool.ml-practice.severity.ML007');
    assert.match(error.detail, /expected one of error, warning, information, hint, off/);
  });

  it('rejects codes that match no rule and values of the wrong type', () => {
    const unknown = configError('[tool.ml-practice]\nignore = ["ML099"]\n');
    assert.strictEqual(unknown.line, 2);
    assert.match(unknown.detail, /"ML099" matches no rule/);

    const shape = configError('[tool.ml-practice]\nselect = "ML001"\n');
    assert.strictEqual(shape.key, 'tool.ml-practice.select');
    assert.match(shape.detail, /expected a list of strings/);

    const notCode = configError('[tool.ml-practice]\nselect = ["unvalidated-predict"]\n');
    assert.match(notCode.detail, /is not a rule code or prefix/);
  });

  it('reports invalid TOML with its line', () => {
    const error = configError('[tool.ml-practice]\nselect = ["ML001"\nignore = []\n');
    assert.match(error.detail, /^not valid TOML: /);
    assert.ok(error.line !== undefined && error.line >= 2, `line ${error.line}`);
  });

  it('finds the nearest pyproject.toml that has the table, walking up', () => {
    const project = path.join(tmp, 'project');
    const nested = path.join(project, 'pkg', 'sub');
    fs.mkdirSync(nested, { recursive: true });
    fs.writeFileSync(path.join(tmp, 'pyproject.toml'), '[tool.ml-practice]\nignore = ["ML001"]\n');
    fs.writeFileSync(path.join(project, 'pkg', 'pyproject.toml'), '[tool.black]\n');
    const script = path.join(nested, 'train.py');
    fs.writeFileSync(script, 'x = 1\n');

    assert.strictEqual(findConfigFile(script), path.join(tmp, 'pyproject.toml'));
    fs.writeFileSync(
      path.join(project, 'pyproject.toml'),
      '[tool."ml-practice"]\nselect = ["ML"]\n',
    );
    assert.strictEqual(findConfigFile(nested), path.join(project, 'pyproject.toml'));
  });

  it('finds a pyproject.toml whose ml-practice header is broken, to report its TOML error', () => {
    const file = path.join(tmp, 'pyproject.toml');
    fs.writeFileSync(file, '[tool.ml-practice\nignore = ["ML001"]\n');
    assert.strictEqual(findConfigFile(tmp), file);

    const result = new ConfigResolver(KNOWN).resolve(path.join(tmp, 'a.py'));
    assert.ok(result instanceof ConfigError);
    assert.match(result.detail, /^not valid TOML: /);
    assert.strictEqual(result.line, 1);

    fs.writeFileSync(file, '[tool.black]\n# see tool.ml-practice in setup docs\n');
    assert.strictEqual(findConfigFile(tmp), undefined);
  });

  it('resolves each directory once and returns errors instead of throwing', () => {
    fs.writeFileSync(path.join(tmp, 'pyproject.toml'), '[tool.ml-practice]\nseverity = "high"\n');
    const resolver = new ConfigResolver(KNOWN);
    const result = resolver.resolve(path.join(tmp, 'a.py'));
    assert.ok(result instanceof ConfigError);
    assert.strictEqual(result.line, 2);
    assert.strictEqual(resolver.resolve(path.join(tmp, 'b.py')), result);

    const pinned = path.join(tmp, 'other.toml');
    fs.writeFileSync(pinned, '[tool.ml-practice]\nignore = ["NB"]\n');
    const fromPinned = new ConfigResolver(KNOWN, pinned).resolve(path.join(tmp, 'a.py'));
    assert.ok(!(fromPinned instanceof ConfigError));
    assert.deepStrictEqual(fromPinned.options.ignore, ['NB']);
  });

  it('excludes by segment globs and by anchored paths under the config root', () => {
    const config = {
      root: tmp,
      options: {},
      exclude: ['legacy', '*_scratch.ipynb', 'notebooks/old', 'src/**/gen_*.py'],
    };
    const excluded = (relative: string): boolean => isExcluded(config, path.join(tmp, relative));
    assert.strictEqual(excluded('legacy/train.py'), true);
    assert.strictEqual(excluded('a/legacy/b/train.py'), true);
    assert.strictEqual(excluded('explore_scratch.ipynb'), true);
    assert.strictEqual(excluded('notebooks/old/eda.ipynb'), true);
    assert.strictEqual(excluded('src/gen_model.py'), true);
    assert.strictEqual(excluded('src/a/b/gen_model.py'), true);
    assert.strictEqual(excluded('notebooks/new/eda.ipynb'), false);
    assert.strictEqual(excluded('src/model.py'), false);
    assert.strictEqual(isExcluded(config, path.join(path.dirname(tmp), 'legacy', 'x.py')), false);
  });

  it('reads character classes as Python\'s fnmatch does, a lone bracket as itself', () => {
    const matches = (glob: string, names: string[]): string[] =>
      names.filter((name) => globToRegExp(glob).test(name));
    const names = ['a', 'b', 'c', 'z', '-', ']', 'x', '^', '!'];
    assert.deepStrictEqual(matches('[z-a]', names), []);
    assert.deepStrictEqual(matches('[!z-a]', names), names);
    assert.deepStrictEqual(matches('[ab-a]', names), ['a']);
    assert.deepStrictEqual(matches('[b-a-c]', names), ['c', '-']);
    assert.deepStrictEqual(matches('[!]x]', names), ['a', 'b', 'c', 'z', '-', '^', '!']);
    assert.deepStrictEqual(matches('[]x]', names), [']', 'x']);
    assert.deepStrictEqual(matches('[^a]', names), ['a', '^']);
    assert.deepStrictEqual(matches('[!].py', ['[!].py', 'a.py']), ['[!].py']);

    const config = parseConfig('[tool.ml-practice]\nexclude = ["[abc", "[z-a]"]\n', path.join(tmp, 'p'));
    assert.ok(isExcluded(config, path.join(tmp, '[abc', 'a.py')));
    assert.ok(!isExcluded(config, path.join(tmp, 'a', 'a.py')));
  });

  it('takes `ml-practice` under [tool] for the table, and rejects one that is not a table', () => {
    const project = path.join(tmp, 'project');
    fs.mkdirSync(project);
    const file = path.join(project, 'pyproject.toml');
    fs.writeFileSync(file, '[tool]\nml-practice = { select = ["ML001"] }\n');
    assert.strictEqual(findConfigFile(project), file);

    fs.writeFileSync(file, '[tool]\nname = "x"\nml-practice = 5\n');
    assert.strictEqual(findConfigFile(project), file);
    assert.throws(() => loadConfig(file, KNOWN), (error: ConfigError) =>
      error.line === 3 && error.key === 'tool.ml-practice' && error.detail === 'expected a table');

    // Written as an inline table, a dotted key or an array of tables, mistakes keep their line.
    for (const [text, line] of [
      ['[tool]\nname = 1\nml-practice = { select = ["ML9"] }\n', 3],
      ['x = 1\ntool.ml-practice.select = ["ML9"]\n', 2],
      ['x = 1\n[[tool.ml-practice]]\nselect = ["ML001"]\n', 2],
    ] as const) {
      assert.strictEqual(configError(text).line, line, text);
    }
  });

  it('rejects a pyproject.toml that is not UTF-8, naming the byte', () => {
    const file = path.join(tmp, 'pyproject.toml');
    fs.writeFileSync(file, Buffer.from('[tool.ml-practice]\n# caf\xe9\n', 'latin1'));
    assert.throws(() => loadConfig(file, KNOWN), (error: ConfigError) =>
      /not UTF-8 text: byte 0xE9 at offset 24 \(line 2, column 6\)/.test(error.detail));
  });

  it('requires the table in a file given on purpose', () => {
    const file = path.join(tmp, 'other.toml');
    fs.writeFileSync(file, '[project]\nname = "x"\n');
    assert.deepStrictEqual(loadConfig(file, KNOWN).options, {});
    assert.throws(() => loadConfig(file, KNOWN, true), /has no \[tool\.ml-practice\] table/);
    const pinned = new ConfigResolver(KNOWN, file).resolve(path.join(tmp, 'a.py'));
    assert.ok(pinned instanceof ConfigError, 'a pinned file without the table is an error');
  });

  it('translates globs', () => {
    assert.ok(globToRegExp('*.py').test('train.py'));
    assert.ok(!globToRegExp('*.py').test('dir/train.py'));
    assert.ok(globToRegExp('data[0-9].py').test('data7.py'));
    assert.ok(!globToRegExp('data[!0-9].py').test('data7.py'));
    assert.ok(globToRegExp('a/**/b.py').test('a/b.py'));
    assert.ok(globToRegExp('a.?y').test('a.py'));
    assert.ok(!globToRegExp('a.py').test('aXpy'));
  });
});
