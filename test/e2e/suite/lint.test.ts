// Contract findings as a learner sees them: on scripts, on notebook cells, in hovers, fixed by
// quick fixes and switched off by settings.
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { serverEnvironment } from '../../../client/src/serverProcess';
import {
  closeAllEditors,
  codeOf,
  extensionApi,
  findingsWith,
  ourDiagnostics,
  screenshot,
  waitFor,
  workspaceFile,
} from './helpers';

async function open(...segments: string[]): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(workspaceFile(...segments));
  await vscode.window.showTextDocument(document);
  return document;
}

/** The processes started by `pid` and by those, from /proc. */
function descendants(pid: number): number[] {
  const children = fs
    .readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
    .split(' ')
    .filter((child) => child !== '')
    .map(Number);
  return children.flatMap((child) => [child, ...descendants(child)]);
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : content.value))
    .join('\n');
}

describe('Contract lint', () => {
  before(extensionApi);
  after(closeAllEditors);

  it('flags ML001 where a payload from stdin is predicted on unchecked', async () => {
    const document = await open('scripts', 'serve_unvalidated.py');

    const findings = await findingsWith(document.uri, 'ML001');
    const finding = findings.find((d) => codeOf(d) === 'ML001');
    assert.ok(finding);
    assert.match(document.lineAt(finding.range.start.line).text, /predict/);
  });

  it("runs the language server with the client's Node flags and environment", async function () {
    if (!fs.existsSync(`/proc/${process.pid}/task/${process.pid}/children`)) this.skip();
    await findingsWith((await open('scripts', 'serve_unvalidated.py')).uri, 'ML001');

    const servers = descendants(process.pid).filter((pid) =>
      fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('dist/server.js'),
    );
    assert.equal(servers.length, 1, 'one language server, started by this extension host');
    const cmdline = fs.readFileSync(`/proc/${servers[0]}/cmdline`, 'utf8').split('\0');
    assert.ok(cmdline.includes('--max-semi-space-size=16'), cmdline.join(' '));
    const environment = fs.readFileSync(`/proc/${servers[0]}/environ`, 'utf8').split('\0');
    const threshold = { ...process.env, ...serverEnvironment() }.MALLOC_MMAP_THRESHOLD_;
    assert.deepEqual(
      environment.filter((variable) => variable.startsWith('MALLOC_MMAP_THRESHOLD_=')),
      threshold === undefined ? [] : [`MALLOC_MMAP_THRESHOLD_=${threshold}`],
    );
  });

  it('flags ML002 on a classifier scored without a baseline', async () => {
    const document = await open('scripts', 'train_no_baseline.py');

    const findings = await findingsWith(document.uri, 'ML002');
    assert.ok(findings.some((d) => codeOf(d) === 'ML002'));
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await screenshot('problems-panel');
  });

  it('reports a notebook finding on the cell and line that hold it', async () => {
    const notebook = await vscode.workspace.openNotebookDocument(
      workspaceFile('notebooks', 'holdout.ipynb'),
    );
    await vscode.window.showNotebookDocument(notebook);
    const splitCell = notebook.cellAt(3);

    const findings = await findingsWith(splitCell.document.uri, 'ML007');
    const finding = findings.find((d) => codeOf(d) === 'ML007');
    assert.ok(finding);
    assert.strictEqual(finding.range.start.line, 0);
    for (const other of [1, 2]) {
      const elsewhere = ourDiagnostics(notebook.cellAt(other).document.uri);
      assert.deepStrictEqual(elsewhere.map(codeOf), [], `cell ${other} has findings`);
    }
    await screenshot('notebook-finding');
  });

  it('hover on a finding shows the rule and a link to its lesson', async () => {
    const document = await open('scripts', 'serve_unvalidated.py');
    const [finding] = (await findingsWith(document.uri, 'ML001')).filter(
      (d) => codeOf(d) === 'ML001',
    );

    const text = await waitFor('a hover with ML001', async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        document.uri,
        finding.range.start,
      );
      const joined = hoverText(hovers);
      return joined.includes('ML001') ? joined : undefined;
    });
    assert.match(text, /unvalidated-predict/);
    assert.match(text, /command:mlPractice\.openLesson/);
  });

  it('the ML007 quick fix seeds the split and the finding goes away', async () => {
    const document = await open('scripts', 'split_unseeded.py');
    const [finding] = (await findingsWith(document.uri, 'ML007')).filter(
      (d) => codeOf(d) === 'ML007',
    );

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      document.uri,
      finding.range,
      vscode.CodeActionKind.QuickFix.value,
      10,
    );
    // The only finding in range is ML007; its own fix is the one that is not "Ignore ...".
    const fix = actions.find((action) => !/ignore/i.test(action.title));
    assert.ok(fix, `no ML007 fix among: ${actions.map((a) => a.title).join('; ')}`);
    assert.ok(fix.edit || fix.command, `the fix "${fix.title}" carries no edit and no command`);
    if (fix.edit) {
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
    }
    if (fix.command) {
      await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
    }

    assert.match(document.getText(), /train_test_split\([^)]*random_state=/);
    await waitFor('ML007 to go away', () =>
      ourDiagnostics(document.uri).some((d) => codeOf(d) === 'ML007') ? undefined : true,
    );
    await document.save();
  });

  it('a setting that ignores ML002 removes its findings', async () => {
    const document = await open('scripts', 'train_no_baseline.py');
    await findingsWith(document.uri, 'ML002');
    const lint = vscode.workspace.getConfiguration('mlPractice.lint');

    await lint.update('ignore', ['ML002'], vscode.ConfigurationTarget.Workspace);
    try {
      await waitFor('ML002 to go away', () =>
        ourDiagnostics(document.uri).some((d) => codeOf(d) === 'ML002') ? undefined : true,
      );
    } finally {
      await lint.update('ignore', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await findingsWith(document.uri, 'ML002');
  });
});
