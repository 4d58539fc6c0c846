// Wire tests: the bundled language server started as an editor starts it, spoken to over stdio.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CancellationTokenSource,
  CodeActionKind,
  CodeActionTriggerKind,
  DiagnosticSeverity,
  HoverRequest,
  LSPErrorCodes,
  NotebookCellKind,
  type CodeAction,
  type Diagnostic,
  type Hover,
  type MarkupContent,
  type NotebookDocumentSyncOptions,
} from 'vscode-languageserver-protocol/node';
import { generateScript } from '../../bench/corpus';
import { RULES } from '../../server/src/engine';
import { KEPT_TARGETS } from '../../server/src/scheduler';
import { codes, fixture, parseFrames, ServerUnderTest } from './harness';

const has = (code: string) => (diagnostics: Diagnostic[]) => codes(diagnostics).includes(code);
const lacks = (code: string) => (diagnostics: Diagnostic[]) => !codes(diagnostics).includes(code);

describe('language server over stdio', function () {
  let server: ServerUnderTest;
  let workspace: string;
  let nextId = 0;

  before(async function () {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-practice-lsp-'));
    server = await ServerUnderTest.start();
  });

  after(function () {
    server?.kill();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  /** Writes `text` to a fresh file in the workspace and opens it in the server. */
  async function openScript(text: string): Promise<TextDocument> {
    const file = path.join(workspace, `script_${nextId++}.py`);
    fs.writeFileSync(file, text);
    const document = TextDocument.create(pathToFileURL(file).toString(), 'python', 1, text);
    await server.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: document.uri, languageId: 'python', version: 1, text },
    });
    return document;
  }

  async function replaceText(document: TextDocument, text: string): Promise<TextDocument> {
    const next = TextDocument.create(document.uri, 'python', document.version + 1, text);
    await server.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: next.uri, version: next.version },
      contentChanges: [{ text }],
    });
    return next;
  }

  /** Types `typed` at the end of the document, sent as an editor sends it: a change of a range. */
  async function typeAtEnd(document: TextDocument, typed: string): Promise<TextDocument> {
    const end = document.positionAt(document.getText().length);
    const text = document.getText() + typed;
    const next = TextDocument.create(document.uri, 'python', document.version + 1, text);
    await server.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: next.uri, version: next.version },
      contentChanges: [{ range: { start: end, end }, text: typed }],
    });
    return next;
  }

  async function codeActions(
    document: TextDocument,
    diagnostic: Diagnostic,
  ): Promise<CodeAction[]> {
    return server.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: document.uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], only: [CodeActionKind.QuickFix] },
    });
  }

  function applyAction(document: TextDocument, action: CodeAction): string {
    const edits = action.edit?.changes?.[document.uri];
    assert.ok(
      edits && edits.length > 0,
      `action "${action.title}" has no edits for ${document.uri}`,
    );
    return TextDocument.applyEdits(document, edits);
  }

  interface FixtureCell {
    cell_type: string;
    source: string[];
    execution_count?: number | null;
    metadata: Record<string, unknown>;
  }

  function readNotebook(): FixtureCell[] {
    return (JSON.parse(fixture('predict_in_notebook.ipynb')) as { cells: FixtureCell[] }).cells;
  }

  /** Opens a notebook the way VS Code sends one: Jupyter cell metadata nested under metadata. */
  async function openNotebook(name: string, cells: FixtureCell[]) {
    const notebookUri = pathToFileURL(path.join(workspace, name)).toString();
    const cellUri = (index: number) =>
      `vscode-notebook-cell:${notebookUri.slice('file:'.length)}#cell${index}`;

    await server.connection.sendNotification('notebookDocument/didOpen', {
      notebookDocument: {
        uri: notebookUri,
        notebookType: 'jupyter-notebook',
        version: 1,
        cells: cells.map((cell, index) => ({
          kind: cell.cell_type === 'code' ? NotebookCellKind.Code : NotebookCellKind.Markup,
          document: cellUri(index),
          metadata: { metadata: cell.metadata },
          executionSummary: cell.execution_count
            ? { executionOrder: cell.execution_count }
            : undefined,
        })),
      },
      cellTextDocuments: cells.map((cell, index) => ({
        uri: cellUri(index),
        languageId: cell.cell_type === 'code' ? 'python' : 'markdown',
        version: 1,
        text: cell.source.join(''),
      })),
    });
    return { notebookUri, cellUri };
  }

  it('announces notebook sync for Jupyter notebooks, quick fixes and hover', function () {
    const capabilities = server.initializeResult?.capabilities;
    const sync = capabilities?.notebookDocumentSync as NotebookDocumentSyncOptions | undefined;
    const selector = sync?.notebookSelector[0] as { notebook: { notebookType: string } } & {
      cells: { language: string }[];
    };
    assert.equal(selector.notebook.notebookType, 'jupyter-notebook');
    assert.ok(selector.cells.some((cell) => cell.language === 'python'));
    assert.deepEqual(capabilities?.codeActionProvider, { codeActionKinds: ['quickfix'] });
    assert.equal(capabilities?.hoverProvider, true);
  });

  it('publishes ML001 with its doc link for a prediction on stdin JSON, its fixes kept back', async function () {
    const document = await openScript(fixture('predict_on_stdin.py'));
    const diagnostics = await server.waitForDiagnostics(document.uri, has('ML001'));
    const ml001 = diagnostics.find((d) => d.code === 'ML001')!;

    assert.equal(ml001.source, 'ml-practice');
    assert.equal(ml001.range.start.line, 7);
    assert.match(
      ml001.codeDescription!.href,
      /^file:\/\/.*\/docs\/rules\/ML001-unvalidated-predict\.md$/,
    );
    assert.ok(fs.existsSync(fileURLToPath(ml001.codeDescription!.href)), 'the rule page is missing');
    assert.ok(ml001.message.length > 0);
    assert.ok(ml001.relatedInformation?.some((info) => info.location.uri === document.uri));
    assert.ok(
      diagnostics.every((diagnostic) => diagnostic.data === undefined),
      'a publication carries fixes',
    );
    const actions = await codeActions(document, ml001);
    assert.ok(actions.some((action) => action.isPreferred), 'no quick fix for ML001');
  });

  it('clears ML001 once the payload is checked before the prediction', async function () {
    const document = await openScript(fixture('predict_on_stdin.py'));
    await server.waitForDiagnostics(document.uri, has('ML001'));

    await replaceText(document, fixture('predict_after_guard.py'));
    const diagnostics = await server.waitForDiagnostics(document.uri, lacks('ML001'));
    assert.deepEqual(
      codes(diagnostics).filter((code) => code === 'ML001'),
      [],
    );
  });

  it('analyses new text sent under a version number it has seen, as the text it is', async function () {
    const document = await openScript(fixture('predict_on_stdin.py'));
    await server.waitForDiagnostics(document.uri, has('ML001'));

    await server.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: document.uri, version: document.version },
      contentChanges: [{ text: fixture('predict_after_guard.py') }],
    });
    await server.waitForDiagnostics(document.uri, lacks('ML001'));
  });

  it('analyses a notebook cell changed under version numbers it has seen', async function () {
    const { notebookUri, cellUri } = await openNotebook('same-versions.ipynb', readNotebook());
    await server.waitForDiagnostics(cellUri(3), has('ML001'));

    await server.connection.sendNotification('notebookDocument/didChange', {
      notebookDocument: { uri: notebookUri, version: 1 },
      change: {
        cells: {
          textContent: [
            { document: { uri: cellUri(3), version: 1 }, changes: [{ text: 'print("ok")\n' }] },
          ],
        },
      },
    });
    await server.waitForDiagnostics(cellUri(3), lacks('ML001'));
  });

  it('reports notebook findings on the cell that holds them, with cell-relative positions', async function () {
    const { notebookUri, cellUri } = await openNotebook('serving.ipynb', readNotebook());

    const diagnostics = await server.waitForDiagnostics(cellUri(3), has('ML001'));
    const ml001 = diagnostics.find((d) => d.code === 'ML001')!;
    assert.equal(ml001.range.start.line, 2);
    for (const index of [0, 1, 2]) {
      assert.deepEqual(codes(server.diagnosticsOf(cellUri(index)) ?? []), [], `cell ${index}`);
    }

    await server.connection.sendNotification('notebookDocument/didChange', {
      notebookDocument: { uri: notebookUri, version: 2 },
      change: {
        cells: {
          textContent: [
            {
              document: { uri: cellUri(3), version: 2 },
              changes: [
                {
                  text:
                    'payload = json.loads(sys.stdin.read())\n' +
                    'if len(payload["features"]) != 2:\n' +
                    '    raise ValueError("expected two features")\n' +
                    'print(model.predict([payload["features"]]))\n',
                },
              ],
            },
          ],
        },
      },
    });
    await server.waitForDiagnostics(cellUri(3), lacks('ML001'));
    // Each cell's diagnostics name the version of that cell's text they are of.
    assert.equal(server.publishedVersions.get(cellUri(3)), 2);
    assert.equal(server.publishedVersions.get(cellUri(0)), 1);
  });

  it('names the version of the text its diagnostics are of', async function () {
    const document = await openScript(fixture('predict_on_stdin.py'));
    await server.waitForDiagnostics(document.uri, has('ML001'));
    assert.equal(server.publishedVersions.get(document.uri), document.version);

    const line = (list: Diagnostic[]): number | undefined =>
      list.find((d) => d.code === 'ML001')?.range.start.line;
    const before = line(server.diagnosticsOf(document.uri)!)!;
    const edited = await replaceText(document, `# note\n${document.getText()}`);
    await server.waitForDiagnostics(document.uri, (list) => line(list) === before + 1);
    assert.equal(server.publishedVersions.get(document.uri), edited.version);
    assert.equal(edited.version, document.version + 1);
  });

  it('names a version only when it is a 32-bit integer, whatever the client sent', async function () {
    const kept = [2 ** 31 - 1, -(2 ** 31)];
    for (const [index, version] of [...kept, 'x', 1e300, 1.5, 2 ** 31, -(2 ** 31) - 1].entries()) {
      const uri = `file:///tmp/odd-version-${index}.py`;
      await server.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'python', version, text: fixture('predict_on_stdin.py') },
      });
      await server.waitForDiagnostics(uri, has('ML001'));
      assert.ok(server.publishedVersions.has(uri));
      const expected = kept.includes(version as number) ? version : undefined;
      assert.equal(server.publishedVersions.get(uri), expected, `for ${version}`);
    }
  });

  it('reports NB001 on the cell whose execution count runs backwards', async function () {
    const cells = readNotebook();
    cells[2].execution_count = 5;
    const { cellUri } = await openNotebook('out_of_order.ipynb', cells);

    const diagnostics = await server.waitForDiagnostics(cellUri(3), has('NB001'));
    const nb001 = diagnostics.find((d) => d.code === 'NB001')!;
    assert.equal(nb001.severity, DiagnosticSeverity.Information);
  });

  it('applies the rest of a notebook change that brings data for a cell it does not have', async function () {
    const { notebookUri, cellUri } = await openNotebook('unknown-cell.ipynb', readNotebook());
    await server.waitForDiagnostics(cellUri(3), has('ML001'));

    const stranger = `${cellUri(9)}-elsewhere`;
    await server.connection.sendNotification('notebookDocument/didChange', {
      notebookDocument: { uri: notebookUri, version: 2 },
      change: {
        cells: {
          data: [{ kind: NotebookCellKind.Code, document: stranger }],
          textContent: [
            { document: { uri: cellUri(3), version: 2 }, changes: [{ text: 'print("ok")\n' }] },
          ],
        },
      },
    });
    await server.waitForDiagnostics(cellUri(3), lacks('ML001'));
    const warning = server.logs.find((log) => log.includes('which the notebook does not have'));
    assert.ok(warning?.includes(JSON.stringify(stranger)), `no warning naming the cell: ${warning}`);

    // A change of a shape the library cannot apply whole is not applied at all.
    await server.connection.sendNotification('notebookDocument/didChange', {
      notebookDocument: { uri: notebookUri, version: 3 },
      change: {
        cells: {
          structure: { array: { start: 0, deleteCount: 1 }, didClose: [{ uri: cellUri(0) }] },
          data: { document: cellUri(3) },
        },
      },
    });
    const notApplied = (): string | undefined =>
      server.logs.find((log) => log.includes('is not applied'));
    for (let tries = 0; tries < 400 && notApplied() === undefined; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    assert.match(notApplied() ?? '', /`change.cells.data` is not a list of cells/);

    // An empty list of new data is no data at all.
    const served = readNotebook()[3].source.join('');
    await server.connection.sendNotification('notebookDocument/didChange', {
      notebookDocument: { uri: notebookUri, version: 3 },
      change: {
        cells: {
          data: [],
          textContent: [{ document: { uri: cellUri(3), version: 4 }, changes: [{ text: served }] }],
        },
      },
    });
    await server.waitForDiagnostics(cellUri(3), has('ML001'));
    const failed = server.logs.filter((log) => log.includes("'notebookDocument/didChange' failed"));
    assert.deepEqual(failed, []);
  });

  it('analyses a notebook again when its cells move or go without being closed', async function () {
    const { notebookUri, cellUri } = await openNotebook('moved.ipynb', readNotebook());
    await server.waitForDiagnostics(cellUri(3), has('ML001'));
    assert.deepEqual(codes(server.diagnosticsOf(cellUri(1)) ?? []), []);
    const cells = readNotebook().map((each, index) => ({
      kind: each.cell_type === 'code' ? NotebookCellKind.Code : NotebookCellKind.Markup,
      document: cellUri(index),
      metadata: { metadata: each.metadata },
      executionSummary: each.execution_count ? { executionOrder: each.execution_count } : undefined,
    }));
    // The serving cell, run last, moves to the top: the next cell's count now runs backwards.
    await server.connection.sendNotification('notebookDocument/didChange', {
      notebookDocument: { uri: notebookUri, version: 2 },
      change: {
        cells: {
          structure: { array: { start: 0, deleteCount: 4, cells: [cells[3], ...cells.slice(0, 3)] } },
        },
      },
    });
    await server.waitForDiagnostics(cellUri(1), has('NB001'));

    // A cell that goes without a didClose takes its findings with it.
    await server.connection.sendNotification('notebookDocument/didChange', {
      notebookDocument: { uri: notebookUri, version: 3 },
      change: { cells: { structure: { array: { start: 0, deleteCount: 1, cells: [] } } } },
    });
    await server.waitForDiagnostics(cellUri(3), (list) => list.length === 0);
  });

  it('honours an ignore tag on a notebook cell', async function () {
    const cells = readNotebook();
    cells[3].metadata = { tags: ['ml-practice: ignore[ML001]'] };
    const { cellUri } = await openNotebook('tagged.ipynb', cells);

    const diagnostics = await server.waitForDiagnostics(cellUri(3), () => true);
    assert.deepEqual(codes(diagnostics), []);
  });

  it('offers the ML007 seed fix as the preferred quick fix, and the result lints clean', async function () {
    const document = await openScript(fixture('unseeded_split.py'));
    const diagnostics = await server.waitForDiagnostics(document.uri, has('ML007'));
    const ml007 = diagnostics.find((d) => d.code === 'ML007')!;

    const actions = await codeActions(document, ml007);
    const preferred = actions.filter((action) => action.isPreferred);
    assert.equal(preferred.length, 1, `actions: ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(preferred[0].kind, CodeActionKind.QuickFix);
    assert.deepEqual(
      preferred[0].diagnostics?.map((d) => d.code),
      ['ML007'],
    );

    const fixed = await replaceText(document, applyAction(document, preferred[0]));
    const after = await server.waitForDiagnostics(fixed.uri, lacks('ML007'));
    assert.deepEqual(codes(after), []);
  });

  it('offers fixes when the editor asks on its own at a diagnostic it shows, and none elsewhere', async function () {
    const document = await openScript(fixture('unseeded_split.py'));
    const diagnostics = await server.waitForDiagnostics(document.uri, has('ML007'));
    const ml007 = diagnostics.find((d) => d.code === 'ML007')!;
    const ask = (range: Diagnostic['range'], named: Diagnostic[]): Promise<CodeAction[]> =>
      server.connection.sendRequest('textDocument/codeAction', {
        textDocument: { uri: document.uri },
        range,
        context: { diagnostics: named, triggerKind: CodeActionTriggerKind.Automatic },
      });

    const atDiagnostic = await ask(ml007.range, [ml007]);
    assert.ok(atDiagnostic.some((action) => action.isPreferred));
    // A diagnostic of another tool at the same place has no fix of ours.
    const foreign = { ...ml007, source: 'another-linter', code: 'X1' };
    assert.deepEqual(await ask(ml007.range, [foreign]), []);
  });

  it('offers its quick fixes only to requests that let quick fixes through', async function () {
    const document = await openScript(fixture('unseeded_split.py'));
    const diagnostics = await server.waitForDiagnostics(document.uri, has('ML007'));
    const ml007 = diagnostics.find((d) => d.code === 'ML007')!;
    const ask = (only: unknown): Promise<CodeAction[]> =>
      server.connection.sendRequest('textDocument/codeAction', {
        textDocument: { uri: document.uri },
        range: ml007.range,
        context: { diagnostics: [ml007], only },
      });

    for (const only of [['quickfix'], ['source', 'quickfix'], [''], undefined, 'quickfix']) {
      const actions = await ask(only);
      assert.ok(actions.some((action) => action.isPreferred), `only ${JSON.stringify(only)}`);
    }
    for (const only of [['source'], ['source.organizeImports', 'refactor'], ['quickfix.other'], []]) {
      assert.deepEqual(await ask(only), [], `only ${JSON.stringify(only)}`);
    }
  });

  it('fixes the current text when the client names a diagnostic of an older version', async function () {
    const document = await openScript(fixture('unseeded_split.py'));
    const diagnostics = await server.waitForDiagnostics(document.uri, has('ML007'));
    const stale = diagnostics.find((d) => d.code === 'ML007')!;

    // Two lines above it: the client still holds the diagnostic as it was published.
    const moved = await replaceText(document, `import os\nimport sys\n${document.getText()}`);
    const current = await server.waitForDiagnostics(moved.uri, (found) =>
      found.some((d) => d.code === 'ML007' && d.range.start.line === stale.range.start.line + 2),
    );
    const ml007 = current.find((d) => d.code === 'ML007')!;
    const actions: CodeAction[] = await server.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: moved.uri },
      range: ml007.range,
      context: { diagnostics: [stale], only: [CodeActionKind.QuickFix] },
    });
    const preferred = actions.find((action) => action.isPreferred);
    assert.ok(preferred, `actions: ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(preferred.diagnostics?.[0].range.start.line, ml007.range.start.line);

    const fixed = applyAction(moved, preferred);
    assert.match(fixed, /train_test_split\(X, y, test_size=0\.25, random_state=0\)/);
    await replaceText(moved, fixed);
    await server.waitForDiagnostics(moved.uri, lacks('ML007'));
  });

  it('answers a code action from the text an edit made while settings were read', async function () {
    const document = await openScript(fixture('unseeded_split.py'));
    await server.waitForDiagnostics(document.uri, has('ML007'));

    const settingsChange = () =>
      server.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const pause = () => new Promise((resolve) => setTimeout(resolve, 100));
    // New settings: an analysis starts and waits for them.
    const releaseFirst = server.holdConfiguration();
    await settingsChange();
    // The split's line, before and after the edit.
    const line = 4;
    const answer = server.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: document.uri },
      range: { start: { line, character: 0 }, end: { line: line + 1, character: 100 } },
      context: { diagnostics: [] },
    }) as Promise<CodeAction[]>;
    // Newer settings again: the analysis the code action runs asks for them in turn.
    await pause();
    await settingsChange();
    releaseFirst();
    const releaseSecond = server.holdConfiguration();
    await pause();
    // The text changes while that analysis waits.
    const edited = await replaceText(document, `# note\n${document.getText()}`);
    await pause();
    releaseSecond();

    const actions = await answer;
    const preferred = actions.find((action) => action.isPreferred);
    assert.ok(preferred, `actions: ${actions.map((a) => a.title).join(', ')}`);
    const fixed = applyAction(edited, preferred);
    assert.match(fixed.split('\n')[line + 1], /random_state=0/);
  });

  it('passes over malformed diagnostics in a code action request, and names what it expects', async function () {
    const document = await openScript(fixture('unseeded_split.py'));
    const diagnostics = await server.waitForDiagnostics(document.uri, has('ML007'));
    const ml007 = diagnostics.find((d) => d.code === 'ML007')!;

    for (const context of [null, {}, { diagnostics: null }, { diagnostics: [null, 7, { range: null }] }]) {
      const actions: CodeAction[] = await server.connection.sendRequest('textDocument/codeAction', {
        textDocument: { uri: document.uri },
        range: ml007.range,
        context,
      });
      assert.ok(actions.some((action) => action.isPreferred), JSON.stringify(context));
    }
    await assert.rejects(
      server.connection.sendRequest('textDocument/codeAction', {
        textDocument: { uri: document.uri },
        context: { diagnostics: [] },
      }),
      (error: { code: number; message: string }) =>
        error.code === -32602 && /expected textDocument\.uri and a range/.test(error.message),
    );
    const withoutParams: [string, RegExp][] = [
      ['textDocument/codeAction', /expected textDocument\.uri and a range/],
      ['textDocument/hover', /expected textDocument\.uri and a position/],
    ];
    for (const [index, [method, expected]] of withoutParams.entries()) {
      const response = (await server.sendRaw({ id: 900_000 + index, method, params: null })) as {
        error?: { code: number; message: string };
      };
      assert.equal(response.error?.code, -32602, `${method}: ${JSON.stringify(response)}`);
      assert.match(response.error!.message, expected);
    }
    assert.ok(server.isAlive());
  });

  it('offers "Ignore ML007 on this line", which silences the finding', async function () {
    const document = await openScript(fixture('unseeded_split.py'));
    const diagnostics = await server.waitForDiagnostics(document.uri, has('ML007'));
    const ml007 = diagnostics.find((d) => d.code === 'ML007')!;

    const actions = await codeActions(document, ml007);
    const ignore = actions.find((action) => action.title === 'Ignore ML007 on this line');
    assert.ok(ignore, `actions: ${actions.map((a) => a.title).join(', ')}`);
    assert.notEqual(ignore.isPreferred, true);

    const ignored = applyAction(document, ignore);
    assert.match(ignored.split('\n')[ml007.range.start.line], /# ml-practice: ignore\[ML007\]/);
    await replaceText(document, ignored);
    await server.waitForDiagnostics(document.uri, lacks('ML007'));
  });

  it('explains the rule on hover, with links to its doc and its lesson', async function () {
    const document = await openScript(fixture('predict_on_stdin.py'));
    const diagnostics = await server.waitForDiagnostics(document.uri, has('ML001'));
    const ml001 = diagnostics.find((d) => d.code === 'ML001')!;
    const rule = RULES.find((r) => r.code === 'ML001')!;

    const hover: Hover | null = await server.connection.sendRequest('textDocument/hover', {
      textDocument: { uri: document.uri },
      position: ml001.range.start,
    });
    assert.ok(hover, 'no hover on the flagged range');
    const content = hover.contents as MarkupContent;
    assert.equal(content.kind, 'markdown');
    assert.match(content.value, /\*\*ML001\*\* `unvalidated-predict`/);
    assert.ok(content.value.includes(rule.summary));
    assert.ok(content.value.includes('/docs/rules/ML001-unvalidated-predict.md)'));
    const lessonLink = `command:mlPractice.openLesson?${encodeURIComponent(JSON.stringify([rule.lesson]))}`;
    assert.ok(content.value.includes(lessonLink), content.value);

    const away: Hover | null = await server.connection.sendRequest('textDocument/hover', {
      textDocument: { uri: document.uri },
      position: { line: 0, character: 0 },
    });
    assert.equal(away, null);
  });

  it('explains a rule on hover in a document opened before many others', async function () {
    const first = await openScript(fixture('predict_on_stdin.py'));
    const ml001 = (await server.waitForDiagnostics(first.uri, has('ML001'))).find(
      (d) => d.code === 'ML001',
    )!;
    for (let i = 0; i < KEPT_TARGETS; i++) {
      const other = await openScript(fixture('unseeded_split.py'));
      await server.waitForDiagnostics(other.uri, has('ML007'));
    }

    const hover: Hover | null = await server.connection.sendRequest('textDocument/hover', {
      textDocument: { uri: first.uri },
      position: ml001.range.start,
    });
    assert.ok(hover, 'no hover on the flagged range');
    assert.match((hover.contents as MarkupContent).value, /\*\*ML001\*\* `unvalidated-predict`/);
  });

  it('follows mlPractice.lint settings: severity overrides and rules turned off', async function () {
    const document = await openScript(fixture('unseeded_split.py'));
    await server.waitForDiagnostics(document.uri, has('ML007'));

    server.lintSettings = { severity: { ML007: 'hint' } };
    await server.connection.sendNotification('workspace/didChangeConfiguration', {
      settings: null,
    });
    await server.waitForDiagnostics(document.uri, (diagnostics) =>
      diagnostics.some((d) => d.code === 'ML007' && d.severity === DiagnosticSeverity.Hint),
    );

    server.lintSettings = { severity: { ML007: 'off' } };
    await server.connection.sendNotification('workspace/didChangeConfiguration', {
      settings: null,
    });
    await server.waitForDiagnostics(document.uri, lacks('ML007'));

    server.lintSettings = {};
    await server.connection.sendNotification('workspace/didChangeConfiguration', {
      settings: null,
    });
    await server.waitForDiagnostics(document.uri, has('ML007'));
  });

  describe('with a pyproject.toml', function () {
    let project: string;
    let pyproject: string;

    before(function () {
      project = fs.mkdtempSync(path.join(workspace, 'project-'));
      pyproject = path.join(project, 'pyproject.toml');
    });

    async function openInProject(relative: string, text: string): Promise<string> {
      const file = path.join(project, relative);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
      const uri = pathToFileURL(file).toString();
      await server.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'python', version: 1, text },
      });
      return uri;
    }

    async function rewritePyproject(text: string): Promise<void> {
      fs.writeFileSync(pyproject, text);
      await server.connection.sendNotification('workspace/didChangeWatchedFiles', {
        changes: [{ uri: pathToFileURL(pyproject).toString(), type: 2 }],
      });
    }

    it('asks the editor to watch pyproject.toml files', function () {
      const watchers = server.registrations.filter(
        (r) => r.method === 'workspace/didChangeWatchedFiles',
      );
      assert.ok(JSON.stringify(watchers).includes('**/pyproject.toml'), JSON.stringify(watchers));
    });

    it('lets [tool.ml-practice] win over the editor, and re-lints when the file changes', async function () {
      fs.writeFileSync(
        pyproject,
        '[tool.ml-practice]\nignore = ["ML007"]\nexclude = ["scratch"]\n',
      );
      server.lintSettings = { ignore: [] };
      await server.connection.sendNotification('workspace/didChangeConfiguration', {
        settings: null,
      });

      const train = await openInProject('train.py', fixture('unseeded_split.py'));
      const scratch = await openInProject('scratch/serve.py', fixture('predict_on_stdin.py'));
      assert.deepEqual(codes(await server.waitForDiagnostics(train, () => true)), []);
      assert.deepEqual(codes(await server.waitForDiagnostics(scratch, () => true)), []);

      await rewritePyproject('[tool.ml-practice]\n');
      await server.waitForDiagnostics(train, has('ML007'));
      await server.waitForDiagnostics(scratch, has('ML001'));
      server.lintSettings = {};
    });

    it('warns with the file and line of a broken table, and lints with editor settings', async function () {
      await rewritePyproject('[tool.ml-practice]\nselect = "ML001"\n');
      const uri = await openInProject('evaluate.py', fixture('unseeded_split.py'));

      await server.waitForDiagnostics(uri, has('ML007'));
      const warning = server.messages.find((message) => message.includes('pyproject.toml'));
      assert.ok(warning, `messages: ${server.messages.join(' | ')}`);
      assert.ok(warning.includes(`${pyproject}:2`), warning);
      assert.ok(warning.includes('tool.ml-practice.select'), warning);
    });
  });

  it('lints a document reopened with other text while its settings are fetched', async function () {
    const uri = pathToFileURL(path.join(workspace, `reopened_${nextId++}.py`)).toString();
    const open = (text: string) =>
      server.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'python', version: 1, text },
      });
    const release = server.holdConfiguration();
    await open('import numpy as np\nx = np.random.rand(3)\n');
    await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await open('values = (1,\n');
    // The settings request is on its way before the answer is released.
    await new Promise((resolve) => setTimeout(resolve, 200));
    release();
    const diagnostics = await server.waitForDiagnostics(uri, has('ML000'));
    assert.deepEqual(codes(diagnostics), ['ML000']);
  });

  it('reports ML000 for a file that does not parse, and keeps serving', async function () {
    const document = await openScript(fixture('syntax_error.py'));
    const diagnostics = await server.waitForDiagnostics(document.uri, has('ML000'));
    assert.equal(diagnostics.find((d) => d.code === 'ML000')!.range.start.line, 6);

    const next = await openScript(fixture('predict_on_stdin.py'));
    await server.waitForDiagnostics(next.uri, has('ML001'));
    assert.ok(server.isAlive());
  });

  for (const { name, between, askForActions } of [
    { name: 'one after another', between: 0, askForActions: false },
    { name: 'among other messages', between: 2, askForActions: false },
    { name: 'among code action requests the editor makes at the cursor', between: 0,
      askForActions: true },
  ]) {
    it(`lints edits sent while an analysis runs ${name} once, at the newest version`, async function () {
      let document = await openScript(generateScript(3, 3000));
      await server.waitForDiagnostics(document.uri, has('ML001'));
      const before = server.publications.get(document.uri)!;

      const edits = 30;
      const answers: Promise<unknown>[] = [];
      for (let edit = 1; edit <= edits; edit++) {
        document = await typeAtEnd(document, edit === edits ? 'broken = (\n' : `# edit ${edit}\n`);
        for (let other = 0; other < between; other++) {
          await server.connection.sendNotification('$/cancelRequest', { id: 1_000_000 + other });
        }
        if (askForActions) {
          const cursor = document.positionAt(document.getText().length);
          answers.push(
            server.connection.sendRequest('textDocument/codeAction', {
              textDocument: { uri: document.uri },
              range: { start: cursor, end: cursor },
              context: { diagnostics: [], triggerKind: CodeActionTriggerKind.Automatic },
            }),
          );
        }
      }
      await server.waitForDiagnostics(document.uri, has('ML000'));
      const analyses = server.publications.get(document.uri)! - before;
      assert.ok(analyses <= edits / 5, `${edits} edits sent at once were published ${analyses} times`);
      assert.deepEqual(await Promise.all(answers), answers.map(() => []));
    });
  }

  for (const { name, ask } of [
    { name: '', ask: undefined },
    { name: ', asking for fixes after each edit', ask: 'codeAction' },
    { name: ', asking for a hover after each edit', ask: 'hover' },
  ]) {
    it(`sends an editor that stopped reading the newest diagnostics once it reads${name}, not one set per edit`, async function () {
      // About a megabyte of diagnostics: far more than the pipe between them holds.
      const line = 'y = model.predict(json.loads(input()))\n';
      let document = await openScript('import json\n' + line.repeat(1000));
      const shown = await server.waitForDiagnostics(document.uri, (list) => list.length === 1000);
      const before = server.publications.get(document.uri)!;

      server.pauseReading();
      const edits = 30;
      const answers: Promise<unknown>[] = [];
      for (let edit = 1; edit <= edits; edit++) {
        // Each edit comes well after the last one's analysis would have ended.
        await new Promise((resolve) => setTimeout(resolve, 40));
        document = await typeAtEnd(document, edit === edits ? line : `# edit ${edit}\n`);
        // As an editor does with the cursor, or the mouse, on a diagnostic it shows.
        const place = { textDocument: { uri: document.uri }, position: shown[0].range.start };
        if (ask === 'hover') answers.push(server.connection.sendRequest('textDocument/hover', place));
        if (ask === 'codeAction') {
          answers.push(
            server.connection.sendRequest('textDocument/codeAction', {
              textDocument: place.textDocument,
              range: shown[0].range,
              context: { diagnostics: [shown[0]], triggerKind: CodeActionTriggerKind.Automatic },
            }),
          );
        }
      }
      server.resumeReading();

      await server.waitForDiagnostics(document.uri, (list) => list.length === 1001);
      const sent = server.publications.get(document.uri)! - before;
      assert.ok(sent <= 3, `${edits} edits made while the editor did not read were published ${sent} times`);
      for (const answer of await Promise.all(answers)) {
        // A hover, or a list holding at least the fix of the diagnostic asked about.
        assert.ok(answer !== null && (!Array.isArray(answer) || answer.length > 0), `${ask}: ${answer}`);
      }
    });
  }

  it('answers a request cancelled while diagnostics were unsent with the cancellation error', async function () {
    const line = 'y = model.predict(json.loads(input()))\n';
    let document = await openScript('import json\n' + line.repeat(1000));
    const shown = await server.waitForDiagnostics(document.uri, (list) => list.length === 1000);

    server.pauseReading();
    // The diagnostics of this edit stay unsent; the next one waits for them, and so does a
    // hover on its text.
    document = await typeAtEnd(document, '# unsent\n');
    await new Promise((resolve) => setTimeout(resolve, 40));
    document = await typeAtEnd(document, line);
    const cancel = new CancellationTokenSource();
    const hover = server.connection.sendRequest(
      HoverRequest.type,
      { textDocument: { uri: document.uri }, position: shown[0].range.start },
      cancel.token,
    );
    await new Promise((resolve) => setTimeout(resolve, 40));
    cancel.cancel();
    await new Promise((resolve) => setTimeout(resolve, 40));
    server.resumeReading();

    await assert.rejects(hover, (error: { code: number }) => error.code === LSPErrorCodes.RequestCancelled);
    await server.waitForDiagnostics(document.uri, (list) => list.length === 1001);
  });

  it('sends a document closed and opened again while the editor did not read one set when it reads', async function () {
    const line = 'y = model.predict(json.loads(input()))\n';
    const text = 'import json\n' + line.repeat(1000);
    const document = await openScript(text);
    await server.waitForDiagnostics(document.uri, (list) => list.length === 1000);
    const before = server.publications.get(document.uri)!;

    server.pauseReading();
    for (let cycle = 0; cycle < 20; cycle++) {
      await server.connection.sendNotification('textDocument/didClose', {
        textDocument: { uri: document.uri },
      });
      await server.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri: document.uri, languageId: 'python', version: 1, text },
      });
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    server.forget(document.uri);
    server.resumeReading();

    await server.waitForDiagnostics(document.uri, (list) => list.length === 1000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const sent = server.publications.get(document.uri)! - before;
    // An empty set and a full one for the first reopening, which the pipe took before it
    // filled, then one of each once the editor reads again.
    assert.ok(sent <= 4, `20 reopenings while the editor did not read were published ${sent} times`);
  });

  it('publishes a version once, however many requests waited while settings were read', async function () {
    let document = await openScript(fixture('predict_on_stdin.py'));
    const shown = await server.waitForDiagnostics(document.uri, has('ML001'));
    const before = server.publications.get(document.uri)!;

    const release = server.holdConfiguration();
    await server.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const answers: Promise<unknown>[] = [];
    for (let edit = 1; edit <= 20; edit++) {
      document = await typeAtEnd(document, `# edit ${edit}\n`);
      answers.push(
        server.connection.sendRequest('textDocument/hover', {
          textDocument: { uri: document.uri },
          position: shown[0].range.start,
        }),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    release();
    await Promise.all(answers);

    const sent = server.publications.get(document.uri)! - before;
    assert.ok(sent <= 3, `20 edits and hovers while settings were read were published ${sent} times`);
  });

  it('says a document over the size limit was not analysed, and keeps serving', async function () {
    const line = 'y = model.predict(json.loads(input()))\n';
    const huge = 'import json\n' + line.repeat(Math.ceil((5 * 1024 * 1024) / line.length) + 10);
    const document = await openScript(huge);
    const diagnostics = await server.waitForDiagnostics(document.uri, (list) => list.length > 0);
    assert.equal(diagnostics.length, 1);
    assert.match(diagnostics[0].message, /over the 5\.0 MB that ML Practice lints/);

    const next = await openScript(fixture('predict_on_stdin.py'));
    await server.waitForDiagnostics(next.uri, has('ML001'));
  });

  it('exits with a reason when the editor goes away while its diagnostics are unsent', async function () {
    const alone = await ServerUnderTest.start();
    try {
      const line = 'y = model.predict(json.loads(input()))\n';
      const uri = pathToFileURL(path.join(workspace, 'gone.py')).href;
      const text = 'import json\n' + line.repeat(1000);
      await alone.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'python', version: 1, text },
      });
      await alone.waitForDiagnostics(uri, (list) => list.length === 1000);
      alone.pauseReading();
      for (let version = 2; version < 10; version++) {
        await alone.connection.sendNotification('textDocument/didChange', {
          textDocument: { uri, version },
          contentChanges: [{ text: `# ${version}\n${text}` }],
        });
        await new Promise((resolve) => setTimeout(resolve, 30));
      }

      assert.equal(await alone.disconnect(), 1);
      const stderr = alone.logs.filter((log) => log.startsWith('stderr: ')).join('');
      assert.doesNotMatch(stderr, /^\s+at /m, 'a stack trace of the handler itself');
      assert.match(stderr, /the connection to the editor is closed; exiting/);
    } finally {
      alone.kill();
    }
  });

  // Mocha runs nested suites after the outer tests, so the session ends in the last one.
  describe('at the end of the session', function () {
    it('writes nothing to stdout but LSP frames, and exits on shutdown', async function () {
      const exitCode = await server.shutdown();
      assert.equal(exitCode, 0);

      const messages = parseFrames(Buffer.concat(server.stdout));
      assert.ok(messages.length > 0);
    });
  });
});
