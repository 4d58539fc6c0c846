// ML000: a part of the file or cell that Python cannot parse, reported where parsing failed.
import { finding, lessonNote, type Rule } from './rule';

export const syntaxError: Rule = {
  code: 'ML000',
  slug: 'syntax-error',
  defaultSeverity: 'error',
  summary: 'Part of the file or cell cannot be parsed or compiled as Python.',
  explanation: [
    'The linter reads Python with an error-tolerant parser. Where a statement cannot be parsed,',
    'it reports this finding at the error, where Python reports it (a bracket or a triple-quoted',
    'string never closed where it opens; a closing bracket that closes none, or the wrong one;',
    'two expressions in a row inside brackets, a likely missing comma, at the first), and still',
    'analyses the rest of the file, so other findings stay available while you type.',
    '',
    'It also reports the calls that parse but that Python refuses to compile: a positional',
    'argument after a keyword argument (`split(X, test_size=0.2, 42)`), a keyword argument',
    'given twice, `*` unpacking after `**` unpacking, and a generator expression without its own',
    'parentheses next to other arguments or as a keyword argument\'s value. So are a string',
    'left open at the end of its line and a Python 2 `print x` statement, each reported alone on',
    'its line, as Python reports them; a line indented deeper than its block or dedented to a',
    'column no enclosing block starts at, or indented with tabs and spaces that disagree on its',
    'depth (a `TabError`); an integer with leading zeros (`0777`) or a name straight after an',
    'integer\'s point (`1.real`); a bytes literal with a character beyond ASCII (`b"café"`); a',
    '`}` alone in the text of an f-string (`f"{a}}"`, where `}}` writes one); an escape Python',
    'cannot decode in a string that is not raw, as in a Windows path (`"C:\\Users"`); a',
    'parameter without a default after one with a default; a `try` block with no `except` or',
    '`finally`; `return` outside a function or `break` and `continue` outside a loop; a starred',
    'item in a comprehension (`[*a for a in x]`), a starred name standing alone (`*a = x`,',
    '`return *a`) or two starred targets; an assignment, `del`, `for`, `with`, `+=` or',
    'annotation whose target is not a name, an attribute or an item, or a tuple or list of',
    'them (`f() = 1`, `x + 1 = y`, `del f()`, `a, b += 1`, `(a, b): int`); a statement nested',
    'deeper than Python parses; and a character Python cannot read outside a string or',
    'comment, such as a typographic quote or dash or a non-breaking space pasted from a',
    'document, with what to type instead.',
    '',
    'Python itself would refuse to run the file, so fix the syntax first: a missing bracket,',
    'colon or operand is the usual cause.',
  ].join('\n'),
  bad: 'import json\n\npayload = json.loads(text\nprint(payload)\n',
  good: 'import json\n\npayload = json.loads(text)\nprint(payload)\n',
  lesson: 'scalability-in-ml-systems',
  check(facts) {
    return facts.syntaxErrors.map((error) =>
      finding(this, error.loc, `${error.message} ${lessonNote(this)}`),
    );
  },
};
