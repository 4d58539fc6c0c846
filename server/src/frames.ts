// Reads LSP messages from a byte stream: each a header of `Name: value` lines ended by CRLF, a
// blank line, and a body of exactly `Content-Length` bytes of UTF-8 JSON.
import { isUtf8 } from 'node:buffer';
import type { Readable } from 'node:stream';
import {
  AbstractMessageReader,
  Disposable,
  type DataCallback,
  type Message,
} from 'vscode-languageserver/node';

/** A header longer than this has lost its framing: real headers are a few dozen bytes. */
export const MAX_HEADER_BYTES = 8 * 1024;

/**
 * The largest body read. A document is not linted past a few megabytes, and a length beyond
 * this is more likely a framing gone wrong than a message worth holding in memory.
 */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;

const CR = 0x0d;
const LF = 0x0a;
const HEADER_END = Buffer.from('\r\n\r\n');
const EMPTY: Buffer = Buffer.alloc(0);

/** What broke the framing, where, and what was expected there. */
export class FramingError extends Error {
  constructor(
    readonly offset: number,
    readonly found: string,
    readonly expected: string,
  ) {
    super(`the message header at byte ${offset} of the input ${found}; expected ${expected}`);
  }
}

/** A body that arrived whole: its bytes and the input offset of the header before it. */
export interface Frame {
  offset: number;
  body: Buffer;
}

/**
 * Cuts a stream of bytes into message bodies. `push` takes the next chunk and returns the bodies
 * it completed. Once the framing breaks, `error` says how, and nothing after it is read: the
 * stream says nowhere where the next message starts.
 */
export class FrameParser {
  /** Bytes of the header being read. */
  private header: Buffer = EMPTY;
  /** How many bytes of input were taken so far, and where the current message starts. */
  private taken = 0;
  private messageStart = 0;
  /** The length of the body being read, or -1 while reading a header. */
  private bodyLength = -1;
  private bodyChunks: Buffer[] = [];
  private bodyBytes = 0;
  error: FramingError | undefined;

  /** How many bytes of a message that has not arrived whole were read. */
  get unread(): number {
    return this.bodyLength < 0 ? this.header.length : this.taken - this.messageStart;
  }

  push(chunk: Buffer): Frame[] {
    const frames: Frame[] = [];
    if (this.error !== undefined) return frames;
    try {
      let rest = chunk;
      while (rest.length > 0) {
        rest = this.bodyLength < 0 ? this.readHeader(rest) : this.readBody(rest, frames);
      }
      // A message with an empty body is whole once its header is.
      if (this.bodyLength === 0) this.readBody(rest, frames);
    } catch (error) {
      if (!(error instanceof FramingError)) throw error;
      this.error = error;
    }
    return frames;
  }

  /** Takes header bytes from `chunk`; returns what follows the header, if it ended. */
  private readHeader(chunk: Buffer): Buffer {
    const before = this.header.length;
    if (before === 0) this.messageStart = this.taken;
    const header = before === 0 ? chunk : Buffer.concat([this.header, chunk]);
    // The blank line may straddle chunks: look from three bytes before this chunk.
    const end = header.indexOf(HEADER_END, Math.max(0, before - 3));
    const stop = end < 0 ? header.length : end + HEADER_END.length;
    this.checkLineEnds(header, Math.max(0, before - 1), stop);
    this.taken += stop - before;
    // However the header was cut into chunks, the same length is too long.
    if ((end < 0 ? header.length : end) > MAX_HEADER_BYTES) {
      throw new FramingError(
        this.messageStart,
        `runs past ${MAX_HEADER_BYTES} bytes without a blank line`,
        'a header of `Name: value` lines ended by CRLF, then a blank line',
      );
    }
    if (end < 0) {
      this.header = header;
      return EMPTY;
    }
    this.bodyLength = this.contentLength(header.subarray(0, end).toString('utf8'));
    this.header = EMPTY;
    this.bodyChunks = [];
    this.bodyBytes = 0;
    return header.subarray(stop);
  }

  /** A line feed without a carriage return before it ends no header line. */
  private checkLineEnds(header: Buffer, from: number, to: number): void {
    for (let index = header.indexOf(LF, from); index >= 0 && index < to; ) {
      if (index === 0 || header[index - 1] !== CR) {
        throw new FramingError(
          this.messageStart,
          `has a line ended by a bare line feed (${excerpt(header, index)})`,
          'header lines ended by CRLF',
        );
      }
      index = header.indexOf(LF, index + 1);
    }
  }

  private contentLength(header: string): number {
    let length: number | undefined;
    for (const line of header.split('\r\n')) {
      if (line.includes('\r')) {
        throw new FramingError(
          this.messageStart,
          `has a line ended by a bare carriage return (${JSON.stringify(line.slice(0, 80))})`,
          'header lines ended by CRLF',
        );
      }
      const colon = line.indexOf(':');
      if (colon <= 0) {
        throw new FramingError(
          this.messageStart,
          `has a line that is not \`Name: value\` (${JSON.stringify(line.slice(0, 80))})`,
          'header lines of the form `Name: value`',
        );
      }
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (name === 'content-length') {
        const count = this.byteCount(value);
        if (length !== undefined && length !== count) {
          throw new FramingError(
            this.messageStart,
            `gives Content-Length twice, as ${length} and as ${count}`,
            'one length of the body',
          );
        }
        length = count;
      } else if (name === 'content-type') {
        this.checkCharset(value);
      }
    }
    if (length === undefined) {
      throw new FramingError(
        this.messageStart,
        'has no Content-Length',
        'a `Content-Length: <bytes>` line',
      );
    }
    return length;
  }

  private byteCount(value: string): number {
    if (!/^\d+$/.test(value)) {
      throw new FramingError(
        this.messageStart,
        `gives Content-Length as ${JSON.stringify(value.slice(0, 80))}`,
        'the length of the body in bytes, a whole number',
      );
    }
    const count = Number(value);
    if (count > MAX_BODY_BYTES) {
      throw new FramingError(
        this.messageStart,
        `gives Content-Length as ${value.length > 20 ? `${value.slice(0, 20)}...` : value}`,
        `a body of at most ${MAX_BODY_BYTES} bytes`,
      );
    }
    return count;
  }

  private checkCharset(contentType: string): void {
    const charset = /charset\s*=\s*["']?([^"';\s]+)/i.exec(contentType)?.[1];
    if (charset !== undefined && !/^utf-?8$/i.test(charset)) {
      throw new FramingError(
        this.messageStart,
        `gives the charset ${JSON.stringify(charset)}`,
        'utf-8, the only charset of LSP messages',
      );
    }
  }

  /** Takes body bytes from `chunk`; returns what follows the body, if it ended. */
  private readBody(chunk: Buffer, frames: Frame[]): Buffer {
    const wanted = this.bodyLength - this.bodyBytes;
    const taken = chunk.length <= wanted ? chunk : chunk.subarray(0, wanted);
    if (taken.length > 0) this.bodyChunks.push(taken);
    this.bodyBytes += taken.length;
    this.taken += taken.length;
    if (this.bodyBytes < this.bodyLength) return EMPTY;

    const body =
      this.bodyChunks.length === 1 ? this.bodyChunks[0] : Buffer.concat(this.bodyChunks);
    frames.push({ offset: this.messageStart, body });
    this.bodyLength = -1;
    this.bodyChunks = [];
    return chunk.subarray(taken.length);
  }
}



function excerpt(bytes: Buffer, at: number): string {
  const start = Math.max(0, at - 40);
  return JSON.stringify(bytes.subarray(start, at + 1).toString('utf8'));
}

/** What the reader does with input it cannot pass on as a message. */
export interface FrameTrouble {
  /** A body that is not a JSON-RPC message: answered with this error; reading goes on. */
  refuse(error: { code: number; message: string }): void;
  /** The framing broke: nothing more can be read. */
  broken(error: FramingError): void;
  /**
   * The input ended, `unread` bytes into a message that did not arrive whole. The reader does
   * not report the end as the connection's close, which would stop it handling the messages
   * it has already handed over; what to do once they are handled is the owner's to decide.
   */
  ended(unread: number): void;
}

/** JSON-RPC's codes for a body that is not JSON, and for JSON that is not a message. */
export const PARSE_ERROR = -32700;
export const INVALID_REQUEST = -32600;

/** Reads LSP messages from a stream of bytes, such as the server's stdin. */
export class FramedMessageReader extends AbstractMessageReader {
  constructor(
    private readonly input: Readable,
    private readonly trouble: FrameTrouble,
  ) {
    super();
  }

  listen(callback: DataCallback): Disposable {
    const parser = new FrameParser();
    const onData = (chunk: Buffer): void => {
      for (const frame of parser.push(chunk)) {
        const message = decoded(frame);
        if ('code' in message) this.trouble.refuse(message);
        else callback(message.message);
      }
      if (parser.error !== undefined) {
        this.input.off('data', onData);
        this.trouble.broken(parser.error);
      }
    };
    let ended = false;
    const onEnd = (): void => {
      if (ended) return;
      ended = true;
      this.trouble.ended(parser.unread);
    };
    const onError = (error: Error): void => this.fireError(error);
    this.input.on('data', onData);
    this.input.on('end', onEnd);
    this.input.on('close', onEnd);
    this.input.on('error', onError);
    return Disposable.create(() => {
      this.input.off('data', onData);
      this.input.off('end', onEnd);
      this.input.off('close', onEnd);
      this.input.off('error', onError);
    });
  }
}

/** A frame's message, or the error that answers it. */
function decoded(frame: Frame): { message: Message } | { code: number; message: string } {
  if (!isUtf8(frame.body)) {
    return {
      code: PARSE_ERROR,
      message: `the body of the message at byte ${frame.offset} of the input is not UTF-8`,
    };
  }
  let value: unknown;
  try {
    value = JSON.parse(frame.body.toString('utf8'));
  } catch (error) {
    return {
      code: PARSE_ERROR,
      message:
        `the body of the message at byte ${frame.offset} of the input is not JSON ` +
        `(${(error as Error).message})`,
    };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const kind = Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value;
    return {
      code: INVALID_REQUEST,
      message:
        `the message at byte ${frame.offset} of the input is ${kind}; ` +
        'expected a JSON-RPC message, an object',
    };
  }
  const shape = messageShapeProblem(value as Record<string, unknown>);
  if (shape !== undefined) {
    return {
      code: INVALID_REQUEST,
      message: `the message at byte ${frame.offset} of the input ${shape}`,
    };
  }
  return { message: value as Message };
}

/**
 * What keeps an object from being a request (a method and an id), a notification (a method)
 * or a response (an id, and a result or an error).
 */
function messageShapeProblem(message: Record<string, unknown>): string | undefined {
  const { method, id } = message;
  if (id !== undefined && id !== null && typeof id !== 'string' && typeof id !== 'number') {
    const kind = Array.isArray(id) ? 'an array' : typeof id;
    return `has an id that is ${kind}; expected a number or a string`;
  }
  if (method !== undefined) {
    if (typeof method !== 'string') return 'has a method that is not a string';
    if (id === null) {
      return 'has a method and a null id; a request has a number or a string, a notification none';
    }
    return undefined;
  }
  if (id === undefined || !('result' in message || 'error' in message)) {
    return (
      'is neither a request, a notification nor a response: it has no method, and no id ' +
      'with a result or an error'
    );
  }
  return undefined;
}
