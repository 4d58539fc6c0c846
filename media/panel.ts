// Script of the lesson panel (runs inside the webview): wires the buttons, the quiz and the
// line-by-line notes, remembers its state across reloads, and talks to the extension.
import { HostMessage, parseHostMessage, WebviewMessage } from '../client/src/lessons/messages';

interface PanelState {
  lessonId: string;
  packId: string;
  scrollY: number;
  quizAnswers: Record<string, number>;
  selectedLine?: number;
  hintsShown: number;
  solutionShown: boolean;
  helpShown: boolean;
  verdict?: Verdict;
}

type Verdict = Extract<HostMessage, { type: 'verdict' }>;

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): PanelState | undefined;
  setState(state: PanelState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const body = document.body;
const state = initialState();

function initialState(): PanelState {
  const fresh: PanelState = {
    lessonId: body.dataset.lessonId ?? '',
    packId: body.dataset.packId ?? '',
    scrollY: 0,
    quizAnswers: {},
    hintsShown: 0,
    solutionShown: false,
    helpShown: false,
  };
  const saved = vscode.getState();
  return saved && saved.lessonId === fresh.lessonId ? { ...fresh, ...saved } : fresh;
}

function save(): void {
  vscode.setState(state);
}

function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`lesson panel: element #${id} is missing`);
  return element as T;
}

function notice(text: string): void {
  byId('notice').textContent = text;
}

function showAnswer(questionId: string, choice: number): void {
  const options = document.querySelectorAll<HTMLButtonElement>(
    `.quiz-option[data-question-id="${CSS.escape(questionId)}"]`,
  );
  const chosen = options[choice];
  if (!chosen) return;

  options.forEach((option, index) => {
    option.setAttribute('aria-pressed', String(index === choice));
    const why = option.parentElement?.querySelector<HTMLElement>('.quiz-why');
    if (why) why.hidden = index !== choice;
  });

  const correct = chosen.dataset.correct === 'true';
  const result = document.querySelector<HTMLElement>(
    `.quiz-result[data-question-id="${CSS.escape(questionId)}"]`,
  );
  if (result) {
    result.textContent = correct ? 'Right.' : 'Not quite. Read why, then try another option.';
    result.dataset.correct = String(correct);
  }
}

function clearAnswers(): void {
  document.querySelectorAll<HTMLElement>('.quiz-option').forEach((option) => {
    option.setAttribute('aria-pressed', 'false');
  });
  document.querySelectorAll<HTMLElement>('.quiz-why').forEach((why) => (why.hidden = true));
  document.querySelectorAll<HTMLElement>('.quiz-result').forEach((result) => {
    result.textContent = '';
    delete result.dataset.correct;
  });
}

function answerQuiz(option: HTMLButtonElement): void {
  const questionId = option.dataset.questionId ?? '';
  const choice = Number(option.dataset.option);
  state.quizAnswers[questionId] = choice;
  save();
  showAnswer(questionId, choice);
  vscode.postMessage({ type: 'quizAnswer', questionId, choice });
}

function selectLine(line: number | undefined): void {
  document.querySelectorAll<HTMLButtonElement>('.line-note').forEach((note) => {
    note.setAttribute('aria-pressed', String(Number(note.dataset.line) === line));
  });
  document.querySelectorAll<HTMLElement>('#example-code .code-line').forEach((codeLine) => {
    codeLine.classList.toggle('selected', Number(codeLine.dataset.line) === line);
  });
  state.selectedLine = line;
  save();
}

function showHelp(): void {
  byId('help').hidden = false;
  const hints = document.querySelectorAll<HTMLElement>('#hints .hint');
  hints.forEach((hint, index) => (hint.hidden = index >= state.hintsShown));
  byId('show-hint').hidden = state.hintsShown >= hints.length;
  byId('reveal-solution').hidden = state.hintsShown < hints.length || state.solutionShown;
  byId('solution').hidden = !state.solutionShown;
}

function nextHint(): void {
  state.hintsShown += 1;
  save();
  showHelp();
  const shown = document.querySelector<HTMLElement>(`#hints .hint[data-hint="${state.hintsShown - 1}"]`);
  if (shown) notice(`Hint ${state.hintsShown}: ${shown.textContent ?? ''}`);
  const next = state.hintsShown < Number(byId('show-hint').dataset.hintCount) ? 'show-hint' : 'reveal-solution';
  byId(next).focus();
}

function revealSolution(): void {
  state.solutionShown = true;
  save();
  showHelp();
  byId('solution-code').focus();
  vscode.postMessage({ type: 'revealSolution' });
}

function showVerdict(message: Verdict): void {
  const verdict = byId('verdict');
  verdict.dataset.verdict = message.verdict;
  verdict.textContent = `${message.verdict === 'pass' ? 'Passed' : 'Not passed'}: ${message.message}`;

  const diff = byId('diff');
  diff.textContent = message.diff;
  diff.hidden = message.diff === '';

  state.verdict = message;
  if (message.verdict !== 'pass') state.helpShown = true;
  save();
  if (state.helpShown) showHelp();
}

function onHostMessage(raw: unknown): void {
  const parsed = parseHostMessage(raw);
  if (!parsed.ok) {
    console.warn(`lesson panel: dropped a malformed message (${parsed.error})`);
    return;
  }
  const message = parsed.message;
  switch (message.type) {
    case 'restore':
      state.quizAnswers = { ...message.quizAnswers };
      save();
      clearAnswers();
      Object.entries(state.quizAnswers).forEach(([id, choice]) => showAnswer(id, choice));
      break;
    case 'checking':
      byId('verdict').dataset.verdict = 'checking';
      byId('verdict').textContent = 'Checking your practice file…';
      break;
    case 'verdict':
      showVerdict(message);
      break;
    case 'notice':
      notice(message.text);
      break;
  }
}

function onClick(event: MouseEvent): void {
  const target = event.target as HTMLElement;
  const link = target.closest<HTMLAnchorElement>('a[data-link]');
  if (link) {
    event.preventDefault();
    vscode.postMessage({ type: 'openLink', href: link.dataset.link ?? '' });
    return;
  }

  const button = target.closest<HTMLButtonElement>('button');
  if (!button) return;
  if (button.classList.contains('quiz-option')) return answerQuiz(button);
  if (button.classList.contains('line-note')) return pickLine(Number(button.dataset.line));

  switch (button.id) {
    case 'start-practice':
      return vscode.postMessage({ type: 'startPractice' });
    case 'copy-example':
      return vscode.postMessage({ type: 'copyExample' });
    case 'check-practice':
      return vscode.postMessage({ type: 'check' });
    case 'show-hint':
      return nextHint();
    case 'reveal-solution':
      return revealSolution();
  }
}

function pickLine(line: number): void {
  selectLine(line);
  vscode.postMessage({ type: 'selectLine', line });
}

function restore(): void {
  Object.entries(state.quizAnswers).forEach(([id, choice]) => showAnswer(id, choice));
  if (state.selectedLine !== undefined) selectLine(state.selectedLine);
  if (state.verdict) showVerdict(state.verdict);
  if (state.helpShown) showHelp();
  window.scrollTo(0, state.scrollY);
}

let scrollTimer: number | undefined;
window.addEventListener('scroll', () => {
  window.clearTimeout(scrollTimer);
  scrollTimer = window.setTimeout(() => {
    state.scrollY = window.scrollY;
    save();
  }, 200);
});
window.addEventListener('message', (event: MessageEvent) => onHostMessage(event.data));
document.addEventListener('click', onClick);

restore();
save();
body.dataset.ready = 'true';
vscode.postMessage({ type: 'ready' });
