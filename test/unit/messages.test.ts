// The panel message schemas: well-formed messages pass, anything else is refused with a reason.
import * as assert from 'assert';
import { parseHostMessage, parseWebviewMessage } from '../../client/src/lessons/messages';

describe('panel messages from the webview', () => {
  it('accepts every well-formed message', () => {
    const good = [
      { type: 'ready' },
      { type: 'startPractice' },
      { type: 'copyExample' },
      { type: 'check' },
      { type: 'revealSolution' },
      { type: 'quizAnswer', questionId: 'q1', choice: 2 },
      { type: 'selectLine', line: 3 },
      { type: 'openLink', href: 'https://example.org' },
    ];
    for (const message of good) {
      const parsed = parseWebviewMessage(message);
      assert.ok(parsed.ok, JSON.stringify(message));
      assert.deepStrictEqual(parsed.message, message);
    }
  });

  it('rejects malformed messages and says where', () => {
    const bad: Array<[unknown, string]> = [
      [null, 'message'],
      ['check', 'message'],
      [{ type: 'deleteEverything' }, 'type'],
      [{ type: 'quizAnswer', questionId: 'q1', choice: -1 }, 'choice'],
      [{ type: 'quizAnswer', questionId: 'q1', choice: 1.5 }, 'choice'],
      [{ type: 'quizAnswer', questionId: '', choice: 0 }, 'questionId'],
      [{ type: 'selectLine', line: '3' }, 'line'],
      [{ type: 'selectLine', line: 0 }, 'line'],
      [{ type: 'openLink', href: 'x'.repeat(5000) }, 'href'],
      [{ type: 'check', extra: true }, 'message'],
    ];
    for (const [message, where] of bad) {
      const parsed = parseWebviewMessage(message);
      assert.ok(!parsed.ok, `refused: ${JSON.stringify(message)?.slice(0, 80)}`);
      assert.ok(parsed.error.startsWith(where), `${parsed.error} names ${where}`);
    }
  });
});

describe('panel messages from the extension', () => {
  it('accepts every well-formed message', () => {
    const good = [
      { type: 'restore', quizAnswers: { q1: 0, q2: 1 } },
      { type: 'checking' },
      { type: 'verdict', verdict: 'fail', message: 'Output differs.', diff: '-a\n+b', actual: 'b' },
      { type: 'notice', level: 'info', text: 'Copied.' },
    ];
    for (const message of good) assert.ok(parseHostMessage(message).ok, JSON.stringify(message));
  });

  it('rejects malformed messages', () => {
    const bad = [
      { type: 'restore', quizAnswers: { q1: 'a' } },
      { type: 'verdict', verdict: 'maybe', message: '', diff: '', actual: '' },
      { type: 'verdict', verdict: 'pass' },
      { type: 'notice', level: 'warning', text: 'x' },
      { type: 'html', html: '<script>' },
    ];
    for (const message of bad) assert.ok(!parseHostMessage(message).ok, JSON.stringify(message));
  });
});
