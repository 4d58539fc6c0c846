// The messages the lesson panel and the extension exchange, as zod schemas shared by both sides:
// each side parses what it receives and drops (and logs) anything that does not fit.
import * as z from 'zod';

const lineNumber = z.number().int().min(1).max(100_000);
const shortText = z.string().max(2_000);
const longText = z.string().max(200_000);

/** Messages the panel's script sends to the extension. */
export const webviewMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready') }),
  z.strictObject({ type: z.literal('startPractice') }),
  z.strictObject({ type: z.literal('copyExample') }),
  z.strictObject({ type: z.literal('check') }),
  z.strictObject({ type: z.literal('revealSolution') }),
  z.strictObject({
    type: z.literal('quizAnswer'),
    questionId: z.string().min(1).max(200),
    choice: z.number().int().min(0).max(100),
  }),
  z.strictObject({ type: z.literal('selectLine'), line: lineNumber }),
  z.strictObject({ type: z.literal('openLink'), href: z.string().min(1).max(2_048) }),
]);

export type WebviewMessage = z.infer<typeof webviewMessageSchema>;

/** Messages the extension sends to the panel's script. */
export const hostMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('restore'),
    quizAnswers: z.record(z.string().min(1).max(200), z.number().int().min(0).max(100)),
  }),
  z.strictObject({ type: z.literal('checking') }),
  z.strictObject({
    type: z.literal('verdict'),
    verdict: z.enum(['pass', 'fail', 'error', 'timeout']),
    message: shortText,
    diff: longText,
    actual: longText,
  }),
  z.strictObject({
    type: z.literal('notice'),
    level: z.enum(['info', 'error']),
    text: shortText,
  }),
]);

export type HostMessage = z.infer<typeof hostMessageSchema>;

export type Parsed<T> = { ok: true; message: T } | { ok: false; error: string };

export function parseWebviewMessage(raw: unknown): Parsed<WebviewMessage> {
  return parseWith(webviewMessageSchema, raw);
}

export function parseHostMessage(raw: unknown): Parsed<HostMessage> {
  return parseWith(hostMessageSchema, raw);
}

function parseWith<T>(schema: z.ZodType<T>, raw: unknown): Parsed<T> {
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, message: result.data };
  const issue = result.error.issues[0];
  const where = issue.path.length > 0 ? issue.path.join('.') : 'message';
  return { ok: false, error: `${where}: ${issue.message}` };
}
