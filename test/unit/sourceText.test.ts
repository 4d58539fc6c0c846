// Decoding Python source bytes: PEP 263 coding lines, and where undecodable bytes are.
import * as assert from 'assert';
import { decodePythonSource, firstInvalidUtf8 } from '../../core/lint/sourceText';

const latin1 = (text: string) => Buffer.from(text, 'latin1');

describe('decodePythonSource', () => {
  it('reads UTF-8 without a declaration and drops a byte order mark', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('s = "café"\n')]);
    assert.deepStrictEqual(decodePythonSource(bytes), { text: 's = "café"\n' });
  });

  it('honours latin-1, iso-8859-1 and cp1252 on line 1 or after a comment on line 2', () => {
    const cases: Array<[string, string]> = [
      ['# -*- coding: latin-1 -*-\ns = "caf\xe9"\n', 'caf\u00e9'],
      ['#!/usr/bin/env python\n# coding=iso-8859-1\ns = "\x85"\n', '\u0085'],
      ['# vim: set fileencoding=cp1252 :\ns = "\x80"\n', '\u20ac'],
    ];
    for (const [source, expected] of cases) {
      const decoded = decodePythonSource(latin1(source));
      assert.ok('text' in decoded, JSON.stringify(decoded));
      assert.ok(decoded.text.includes(`s = "${expected}"`), decoded.text);
    }
  });

  it('ignores a coding comment on line 2 after a line of code', () => {
    const decoded = decodePythonSource(latin1('x = 1\n# coding: latin-1\ns = "\xe9"\n'));
    assert.ok('error' in decoded);
    assert.match(decoded.error, /^not UTF-8 text: byte 0xE9 at offset 29 \(line 3, column 6\)/);
  });

  it('names the first bad byte by offset, line and column', () => {
    const decoded = decodePythonSource(Buffer.from([0x61, 0x0a, 0x62, 0x63, 0xc3, 0x28]));
    assert.ok('error' in decoded);
    assert.match(decoded.error, /byte 0xC3 at offset 4 \(line 2, column 3\)/);
  });

  it('says which line declared an encoding it cannot read or that the bytes break', () => {
    const unknown = decodePythonSource(latin1('# coding: klingon\nx = 1\n'));
    assert.ok('error' in unknown);
    assert.match(unknown.error, /line 1 declares encoding 'klingon'/);

    const ascii = decodePythonSource(latin1('# coding: ascii\ns = "\xe9"\n'));
    assert.ok('error' in ascii);
    assert.match(ascii.error, /^not ASCII text as line 1 declares: byte 0xE9 at offset 21/);

    const cp1252 = decodePythonSource(latin1('# coding: cp1252\ns = "\x81"\n'));
    assert.ok('error' in cp1252);
    assert.match(cp1252.error, /^not cp1252 text as line 1 declares: byte 0x81 at offset 22/);
  });
});

describe('firstInvalidUtf8', () => {
  it('accepts well-formed text and rejects overlongs, surrogates and truncation', () => {
    assert.strictEqual(firstInvalidUtf8(Buffer.from('a é € 😀')), undefined);
    assert.strictEqual(firstInvalidUtf8(Buffer.from([0x41, 0xc0, 0x80])), 1);
    assert.strictEqual(firstInvalidUtf8(Buffer.from([0xed, 0xa0, 0x80])), 0);
    assert.strictEqual(firstInvalidUtf8(Buffer.from([0x41, 0x42, 0xe2, 0x82])), 2);
    assert.strictEqual(firstInvalidUtf8(Buffer.from([0xf5, 0x80, 0x80, 0x80])), 0);
  });
});
