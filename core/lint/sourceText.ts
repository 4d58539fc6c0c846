// Turns the bytes of a Python file into text the way Python does: UTF-8 unless a PEP 263 coding
// line declares another encoding, with errors that point at the first byte that does not decode.
import { TextDecoder } from 'util';

export type DecodedSource = { text: string } | { error: string };

// PEP 263: a comment on line 1 or 2 that matches this names the encoding.
const CODING = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;

// Python's names for ISO-8859-1; WHATWG's TextDecoder reads those as windows-1252 instead.
const LATIN_1 = new Set(['latin-1', 'latin1', 'iso-8859-1', 'iso8859-1', 'l1', 'cp819', '8859']);
const UTF_8 = new Set(['utf-8', 'utf8', 'utf-8-sig', 'u8']);
const ASCII = new Set(['ascii', 'us-ascii', '646']);
const CP1252 = new Set(['cp1252', 'windows-1252']);

// cp1252's 0x80-0x9F, which Node's TextDecoder reads as latin-1; NUL marks bytes Python rejects.
const CP1252_HIGH = '€\0‚ƒ„…†‡ˆ‰Š‹Œ\0Ž\0\0‘’“”•–—˜™š›œ\0žŸ';

/** Decodes Python source bytes, honouring a coding declaration on its first two lines. */
export function decodePythonSource(bytes: Uint8Array): DecodedSource {
  const declared = declaredEncoding(bytes);
  if (declared === undefined || UTF_8.has(declared.name)) return decodeUtf8(bytes, declared);
  if (LATIN_1.has(declared.name)) return { text: Buffer.from(bytes).toString('latin1') };
  if (ASCII.has(declared.name)) return decodeAscii(bytes, declared);
  if (CP1252.has(declared.name)) return decodeCp1252(bytes, declared);
  return decodeWith(bytes, declared);
}

interface Declaration {
  /** Lower case, underscores as dashes, as Python normalises codec names. */
  name: string;
  line: number;
}

/** The encoding a coding comment declares; line 2 counts only after a comment or blank line 1. */
function declaredEncoding(bytes: Uint8Array): Declaration | undefined {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1').replace(/^\xEF\xBB\xBF/, '');
  const lines = head.split(/\r\n|\r|\n/, 2);
  for (let index = 0; index < lines.length; index++) {
    const match = CODING.exec(lines[index]);
    if (match) return { name: match[1].toLowerCase().replace(/_/g, '-'), line: index + 1 };
    if (!/^[ \t\f]*(#.*)?$/.test(lines[index])) return undefined;
  }
  return undefined;
}

function decodeUtf8(bytes: Uint8Array, declared: Declaration | undefined): DecodedSource {
  const hint = declared
    ? `line ${declared.line} declares UTF-8`
    : 'save the file as UTF-8, or declare its encoding on line 1, e.g. # -*- coding: latin-1 -*-';
  return decodeUtf8Text(bytes, hint);
}

/** Strict UTF-8 without a byte order mark; `hint` ends the message when a byte is bad. */
export function decodeUtf8Text(bytes: Uint8Array, hint: string): DecodedSource {
  const bad = firstInvalidUtf8(bytes);
  if (bad !== undefined) return { error: `not UTF-8 text: ${badByte(bytes, bad)}; ${hint}` };
  return { text: new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '') };
}

function decodeAscii(bytes: Uint8Array, declared: Declaration): DecodedSource {
  const bad = bytes.findIndex((byte) => byte > 0x7f);
  if (bad === -1) return { text: Buffer.from(bytes).toString('latin1') };
  return {
    error: `not ASCII text as line ${declared.line} declares: ${badByte(bytes, bad)}`,
  };
}

function decodeCp1252(bytes: Uint8Array, declared: Declaration): DecodedSource {
  let text = '';
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    const high = byte >= 0x80 && byte <= 0x9f;
    const char = high ? CP1252_HIGH[byte - 0x80] : String.fromCharCode(byte);
    if (char === '\0' && byte !== 0) {
      return { error: `not cp1252 text as line ${declared.line} declares: ${badByte(bytes, i)}` };
    }
    text += char;
  }
  return { text };
}

/** Any other encoding Node's TextDecoder knows, such as shift_jis or koi8-r. */
function decodeWith(bytes: Uint8Array, declared: Declaration): DecodedSource {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(declared.name, { fatal: true });
  } catch {
    return {
      error: `line ${declared.line} declares encoding '${declared.name}', which cannot be read ` +
        'here; save the file as UTF-8',
    };
  }
  try {
    return { text: decoder.decode(bytes) };
  } catch {
    return { error: `not valid ${declared.name} text as line ${declared.line} declares` };
  }
}

/** `byte 0xE9 at offset 9 (line 1, column 10)`, offsets and columns counted in bytes. */
export function badByte(bytes: Uint8Array, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  const hex = bytes[offset].toString(16).toUpperCase().padStart(2, '0');
  return `byte 0x${hex} at offset ${offset} (line ${line}, column ${offset - lineStart + 1})`;
}

/** The offset of the first byte that does not begin or continue a well-formed UTF-8 sequence. */
export function firstInvalidUtf8(bytes: Uint8Array): number | undefined {
  let i = 0;
  while (i < bytes.length) {
    const length = sequenceLength(bytes, i);
    if (length === 0) return i;
    i += length;
  }
  return undefined;
}

/** The length of the well-formed sequence at `i` (Unicode table 3-7), or 0. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const first = bytes[i];
  if (first < 0x80) return 1;

  let length: number;
  let low = 0x80;
  let high = 0xbf;
  if (first >= 0xc2 && first <= 0xdf) length = 2;
  else if (first >= 0xe0 && first <= 0xef) {
    length = 3;
    if (first === 0xe0) low = 0xa0;
    if (first === 0xed) high = 0x9f;
  } else if (first >= 0xf0 && first <= 0xf4) {
    length = 4;
    if (first === 0xf0) low = 0x90;
    if (first === 0xf4) high = 0x8f;
  } else {
    return 0;
  }

  for (let k = 1; k < length; k++) {
    const byte = bytes[i + k];
    const min = k === 1 ? low : 0x80;
    const max = k === 1 ? high : 0xbf;
    if (byte === undefined || byte < min || byte > max) return 0;
  }
  return length;
}
