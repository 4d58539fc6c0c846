// The fast Python parser must give, node for node, the tree @lezer/python gives for valid code,
// and nothing (undefined) for invalid code or constructs it leaves to lezer.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parser } from '@lezer/python';
import type { Tree } from '@lezer/common';
import { fastParse, tryFastParse } from '../../core/lint/engine/fastParse';
import { tokens } from '../../core/lint/engine/fastTokens';
import { fillGrammarGaps } from '../../core/lint/engine/grammarGaps';
import { maskIPython } from '../../core/lint/engine/ipython';
import { withLineFeeds } from '../../core/lint/engine/source';
import { generateCorpus } from '../../bench/corpus';
import { cellsFromIpynb, compiles, repoRoot } from './lint-engine-helpers';

/** Every node as `name#id from-to`, in document order. */
function nodes(tree: Tree): string[] {
  const listed: string[] = [];
  const cursor = tree.cursor();
  do listed.push(`${cursor.type.name}#${cursor.type.id} ${cursor.from}-${cursor.to}`);
  while (cursor.next());
  return listed;
}

function hasError(tree: Tree): boolean {
  let found = false;
  tree.iterate({ enter: (node) => { if (node.type.isError) found = true; } });
  return found;
}

/** Asserts the fast tree equals lezer's, which must be error-free for the comparison to count. */
function assertSameTree(text: string, label: string): void {
  const expected = parser.parse(text);
  assert.equal(hasError(expected), false, `${label}: lezer finds an error, so the case is invalid`);
  const fast = fastParse(text);
  assert.ok(fast, `${label}: the fast parser fell back`);
  const want = nodes(expected);
  const got = nodes(fast);
  let at = 0;
  while (at < want.length && want[at] === got[at]) at++;
  assert.deepEqual(
    got.slice(at, at + 4),
    want.slice(at, at + 4),
    `${label}: trees differ at node ${at}`,
  );
  assert.equal(got.length, want.length, `${label}: node counts differ`);
}

const SNIPPETS: Record<string, string> = {
  imports:
    'import os\nimport a.b.c as d, e\nfrom . import x\nfrom ..pkg.mod import (a, b as c,)\n' +
    'from ... import *\nfrom .... import y\n',
  assignments:
    'x = 1\na, *b = c, d = e\nx: int = 5\ny: list[int]\nz += 1\nw //= 2\nv **= 3\nu @= m\n' +
    'q = yield_ = 0\nt = *a, b\n',
  numbers:
    'n = [0, 1_000, 3.14, .5, 1e-3, 2E+5j, 0x_ff, 0o17, 0b1010, 1j]\nm = 1.e5 + 2.j + 0x1f.real\n' +
    'k = 1if a else 2\n',
  strings:
    's = "a\\n" \'b\' r"\\d" b"x" rb\'y\' BR"z" u"\\x41\\u00e9\\N{DASH}"\n' +
    "t = '''one\n'two'\n''' \"\"\"q\\\"\"\"\"\nempty = '' \"\"\n" +
    's2 = ("implicit"\n      "concatenation"  # between\n      f"{x}")\n',
  fStrings:
    'f"{x!r:>{width}} {y=} {{literal}} {z:.3f}"\nf\'{a["k"]} {b[0]:{c}.{d}f} {e!s}\'\n' +
    'f"""{x}\n{y}"""\nrf"\\d{x}" fr\'{y}\'\nf"{a, b} {*c,}" f"{x if y else z}" f"{ {1: 2}[1] }"\n' +
    'f"{d[\'a\']!a:^10}" F"{f\'{inner}\'}" f"{x:{y=}}" f"{(lambda: 1)()}" f"\\{x}"\n' +
    'f"{y:\\t}" f"{z:\\x41>9}" f"{w:\\\\}" f"{v:\\t{width}}" f"{u:\\"}" f\'{t:\\\'}\'\n',
  operators:
    'r = a | b & c ^ d << e >> f + g - h * i @ j / k // l % m ** n ** o\n' +
    's = -a ** -b * ~c + +d\nt = not a and b or not c\nu = a < b <= c == d != e > f >= g\n' +
    'v = a in b and a not in c and a is d and a is not e\n',
  conditionalAndLambda:
    'x = a if b else c if d else e\nf = lambda: 0\ng = lambda a, b=1, *c, d, **e: a + b\n' +
    'h = lambda *, k: k\nk = lambda x: x if x else -x\nm = lambda : 0\nn = (lambda\n     : 1)\n',
  comprehensions:
    '[x for x in y]\n[x for x in y if x if not x]\n{k: v for k, v in d.items()}\n' +
    '{x for x in y}\n(x for x in y for z in x)\nsum(x for x in y)\n' +
    '[a async for a in b]\n[(x, y) for x, in z if lambda: 1]\n{**a, "b": 1}\n{*a, b}\n',
  walrus: 'if (n := len(a)) > 10:\n    pass\nwhile chunk := f.read():\n    pass\nf(x := 1)\n',
  calls:
    'f()\nf(a, *b, k=1, **c)\nobj.method(x)[0].attr(y=2)\nf(x,)\n' +
    'print(*args, sep="")\n(a)(b)\n"".join(parts)\n',
  subscripts:
    'a[1]\na[1:2]\na[::2]\na[:, 0]\na[1:2:3, ..., None]\na[i, j]\na[x:=1]\na[b][c]\n',
  containers: '()\n(1,)\n(1, 2)\n[]\n[1, *a]\n{}\n{1: 2,}\n{1, 2}\n(*a, b)\n(yield x)\n',
  decorators:
    '@property\ndef f(self): return self.x\n\n@a.b.c(1, k=2)\n@d\nclass C(B, metaclass=M):\n' +
    '    x: int = 0\n\n    @staticmethod\n    async def g(*, a: int = 1, **k) -> "C":\n' +
    '        await h()\n',
  functions:
    'def f(a, b: int = 2, /, c=3, *args: str, d, **kw: dict) -> None:\n    """Doc."""\n' +
    '    return\n\ndef g():\n    return a, *b\n\ndef h():\n    yield from x\n    yield a, b\n' +
    '    x = yield y\n    global g1, g2\n    nonlocal n\n',
  asyncStatements:
    'async def main():\n    async with a as b, c:\n        pass\n    async for x in y:\n' +
    '        await x\n    result = await asyncio.gather(*tasks)\n',
  controlFlow:
    'if a:\n    pass\nelif b:\n    pass\nelse:\n    pass\n\nfor i, *rest in items:\n' +
    '    continue\nelse:\n    break\n\nwhile True:\n    break\nelse:\n    pass\n' +
    'if x: y = 1\nfor a in b, c: pass\n',
  tryStatements:
    'try:\n    pass\nexcept ValueError as e:\n    raise\nexcept (A, B):\n    raise X from e\n' +
    'except:\n    pass\nelse:\n    pass\nfinally:\n    pass\n\ntry:\n    x\nexcept* Group as g:\n' +
    '    pass\n\ntry:\n    y\nfinally:\n    z\n',
  withStatements: 'with open(p) as f, lock:\n    data = f.read()\nwith a:\n    pass\n',
  simpleStatements:
    'del a, b[0], c.d\npass\nassert x, "message"\nraise\nraise E("m")\na; b; c\n' +
    'x = 1;\nreturn_value = None\n',
  comments:
    '# leading\nx = 1  # trailing\n\n# between\ndef f():  # on def\n    # first\n    pass\n' +
    '    # after body\n# dedented\ny = (1,  # inside\n     2)\nif a:\n    b\n    # c\nelse:\n' +
    '    d\n# end',
  continuations: 'x = 1 + \\\n    2\nif a and \\\n   b:\n    pass\n',
  indentation:
    'if a:\n\tif b:\n\t\tpass\n\telse:\n\t\tpass\nclass C:\n    def f(self):\n' +
    '        if x:\n            return 1\n        return 2\n\n\n    def g(self):\n' +
    '        pass\nz = 1\n',
  softKeywordsAsNames:
    'match = re.match(p, s)\ntype = "x"\nmatch.group(1)\nx = type(y)\ntype(x).method()\n' +
    'type[int]\nmatch(a).group(1)\nmatch[0] = 1\nmatch (a)\nmatch * 2\nmatch -1\n' +
    'match, b = 1, 2\n' +
    'if x:\n    match(y, z)\n',
  noTrailingNewline: 'def f():\n    return 1',
  indentedFirstLine: '    x = 1\ny = 2\n',
  trailingSpaces: 'x = 1\n    ',
  printCall: 'print("a")\nprint\nprint.x\n',
  nonAsciiNames:
    'café = naïve + 日本語\nπ = 3.14\ndef größe(ß): return ß\nx = "é" + f"{café}"\n',
  matchStatements:
    'match command.split():\n    case [action]:\n        pass\n' +
    '    case [action, obj, *rest] | (a, b):\n' +
    '        pass\n    case Point(x=0, y=1) | a.b.C(1, k=v) if x > 0:\n        pass\n' +
    '    case {"k": v, 1: c, **rest}:\n        pass\n' +
    '    case -1 + 2j | "s" | None | True as lit:\n' +
    '        pass\n    case a.B:\n        pass\n    case x, *y:  # tuple\n        pass\n' +
    '    case _:\n        pass\nmatch = 1\n',
  matchSubjects:
    'match (a, b):\n    case _:\n        pass\nmatch -x:\n    case 1:\n        pass\n' +
    'match f(x)[0].y:\n    case 1:\n        pass\n',
  typeParameters:
    'type Point = tuple[float, float]\ntype Pair[T: int, *Ts, **P,] = tuple[T, T]\n' +
    'def first[T](items: list[T]) -> T:\n    return items[0]\nclass Box[T, U: str]:\n    pass\n',
  await: 'async def f():\n    await a + b\n    -await x * y\n    return await a.b(c) ** 2\n',
};

function fixtureTexts(): [string, string][] {
  const texts: [string, string][] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(file);
      } else if (file.endsWith('.py')) {
        texts.push([file, fs.readFileSync(file, 'utf8')]);
      } else if (file.endsWith('.ipynb')) {
        cellsFromIpynb(fs.readFileSync(file, 'utf8')).forEach((cell, index) => {
          if (cell.kind === 'code') texts.push([`${file} cell ${index}`, maskIPython(cell.source)]);
        });
      }
    }
  };
  for (const dir of ['test/fixtures', 'lessons', 'docs']) walk(path.join(repoRoot(), dir));
  return texts;
}

describe('fast Python parser', () => {
  for (const [name, text] of Object.entries(SNIPPETS)) {
    it(`gives lezer's tree for ${name}`, () => assertSameTree(text, name));
  }

  it("gives lezer's tree for every valid fixture, lesson and docs file and notebook cell", () => {
    const texts = fixtureTexts();
    assert.ok(texts.length > 100, 'the fixtures were found');
    let compared = 0;
    // Where lezer finds an error, the fast parser gives a tree only for what Python compiles.
    const misread: [string, string][] = [];
    for (const [label, raw] of texts) {
      const text = fillGrammarGaps(raw);
      if (hasError(parser.parse(text))) {
        if (fastParse(text) !== undefined) misread.push([label, raw]);
        continue;
      }
      assertSameTree(text, label);
      compared++;
    }
    assert.ok(compared > 100);
    const verdicts = compiles(misread.map(([, raw]) => raw));
    misread.forEach(([label], index) => assert.ok(verdicts[index], `${label} has a syntax error`));
  });

  it('parses CRLF text, once its line breaks are line feeds, as it parses the LF original', () => {
    let compared = 0;
    for (const [label, raw] of fixtureTexts()) {
      const text = fillGrammarGaps(raw.replace(/\r\n/g, '\n'));
      // Every line is a character longer in CRLF: the nodes, not their offsets, must agree.
      const names = (tree: Tree) => nodes(tree).map((node) => node.split(' ')[0]);
      const lf = fastParse(text);
      if (lf === undefined) continue;
      const expected = names(lf);
      const crlf = fastParse(withLineFeeds(text.replace(/\n/g, '\r\n')));
      assert.ok(crlf, `${label}: the fast parser fell back`);
      assert.deepEqual(names(crlf), expected, label);
      compared++;
    }
    assert.ok(compared > 100);
  });

  it('gives bracketed context managers and targets over lines their one-line tree', () => {
    const names = (tree: Tree | undefined) =>
      nodes(tree as Tree)
        .map((node) => node.split(' ')[0])
        .filter((name) => !name.startsWith('Comment'));
    const oneLine =
      'with (open(a) as f, lock() as held,):\n    pass\nwith ctx() as (a, *b,):\n    pass\n';
    const lines =
      'with (\n    open(a) as f,  # the file\n    lock() as held,\n):\n    pass\n' +
      'with ctx() as (\n    a,\n    *b,\n):\n    pass\n';
    const expected = names(fastParse(oneLine));
    const parsed = expected.some((name) => name.startsWith('WithStatement'));
    assert.ok(parsed, 'the fast parser fell back');
    assert.deepEqual(names(fastParse(lines)), expected);
  });

  it('reads `print` assigned to, and a format spec that starts with `=`, as Python 3 does', () => {
    const names = (text: string) => nodes(fastParse(text) as Tree);
    assert.deepEqual(names('print = 1\nprint += 1\n'), names('shout = 1\nshout += 1\n'));
    assert.deepEqual(names('f"{x:=^10}"\n'), names('f"{x:<^10}"\n'));
    assert.equal(fastParse('print "x"\n'), undefined);
  });

  it("gives lezer's tree for the benchmark corpus at several seeds", () => {
    for (const seed of [1, 2, 5, 11]) {
      const corpus = generateCorpus(seed, 1200);
      assertSameTree(corpus.script, `script seed ${seed}`);
      corpus.notebook.forEach((cell, index) => {
        if (cell.kind !== 'code') return;
        assertSameTree(maskIPython(cell.source), `cell ${index} seed ${seed}`);
      });
    }
  });

  it('parses a text too long for lezer as lezer parses each of its sections', () => {
    const script = generateCorpus(3, 8000).script;
    assert.ok(script.length > 150_000);
    const tree = fastParse(script);
    assert.ok(tree);

    const starts = [0];
    const marker = '\n# Section';
    for (let at = script.indexOf(marker); at >= 0; at = script.indexOf(marker, at + 1)) {
      starts.push(at + 1);
    }
    const expected: string[] = [];
    starts.forEach((start, index) => {
      const section = script.slice(start, starts[index + 1] ?? script.length);
      const sectionTree = parser.parse(section);
      assert.equal(hasError(sectionTree), false);
      for (const node of nodes(sectionTree).slice(1)) {
        const [type, span] = node.split(' ');
        const [from, to] = span.split('-').map(Number);
        expected.push(`${type} ${from + start}-${to + start}`);
      }
    });
    assert.ok(starts.length > 50);
    assert.deepEqual(nodes(tree).slice(1), expected);
  });

  it('keeps f-string fields whole when the token arrays grow in the middle of one', () => {
    // Six tokens a line put an f-string's end on the growth from 2^18 tokens, past any text above.
    const lines = 50_000;
    const tree = fastParse('f"{a}"\n'.repeat(lines));
    assert.ok(tree);
    let strings = 0;
    tree.iterate({ enter: (node) => { if (node.name === 'FormatString') strings++; } });
    assert.equal(strings, lines);
  });

  it('declines nesting too deep for Python or for its stack instead of throwing, and says so', () => {
    const nested = (depth: number) => `x = ${'('.repeat(depth)}1${')'.repeat(depth)}\n`;
    assert.ok(fastParse(nested(200)));
    assert.equal(fastParse(nested(201)), undefined);
    assert.deepEqual(tryFastParse(nested(201)), { bracket: 4 + 200 });
    assert.deepEqual(tryFastParse(nested(200_000)), { bracket: 4 + 200 });
    assert.deepEqual(tryFastParse(`x = ${'not '.repeat(300_000)}True\n`), { bracket: undefined });
    assert.equal(tryFastParse('x = (1\n'), 'unsupported');
  });

  it('keeps no huge token arrays after parsing a huge text', () => {
    assert.ok(fastParse('x = [1, 2, 3]\n'.repeat(20_000)));
    assert.ok(tokens.kind.length <= 1 << 16, `${tokens.kind.length} token slots kept`);
  });

  const INVALID: Record<string, string> = {
    unclosedBracket: 'x = f(1, 2\ny = 3\n',
    missingOperand: 'x = 1 +\n',
    missingColon: 'if x\n    pass\n',
    badIndent: 'if x:\n        a\n    b\n',
    unexpectedIndent: 'x = 1\n    y = 2\n',
    missingBlock: 'def f():\nreturn 1\n',
    unterminatedString: 'x = "abc\n',
    unterminatedLongString: 'x = """abc\n',
    strayCloser: 'x = 1)\n',
    notAfterComparison: 'x = a < not b\n',
    tryWithoutHandler: 'try:\n    pass\nx = 1\n',
    keywordAsName: 'class = 1\n',
    twoExpressions: 'x y\n',
    incompleteLambda: 'f = lambda x:\n',
    danglingDecorator: '@dec\nx = 1\n',
    typeAliasWithoutValue: 'type Point\n',
  };
  for (const [name, text] of Object.entries(INVALID)) {
    it(`gives up on invalid code: ${name}`, () => {
      assert.equal(fastParse(text), undefined);
    });
  }

  const UNSUPPORTED: Record<string, string> = {
    matchWithoutCase: 'match command:\n    go = 1\n',
    legacyPrint: 'print "hello"\n',
    newlineInField: 'f"""{\nx}"""\n',
    nonBreakingSpace: 'x =\u00a01\n',
    carriageReturn: 'x = 1\r\ny = 2\r\n',
    trailingDotNumber: 'x = f(1., 2)\n',
    continuationBeforeBlank: 'x = 1 + \\\n\n',
  };
  for (const [name, text] of Object.entries(UNSUPPORTED)) {
    it(`leaves to lezer: ${name}`, () => {
      assert.equal(fastParse(text), undefined);
    });
  }
});
