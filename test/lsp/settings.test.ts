// Editor lint settings as the server reads them: checked values, clear warnings, and the
// precedence of a project's pyproject.toml table over the editor.
import * as assert from 'node:assert/strict';
import { lintOptions, parseEditorSettings } from '../../server/src/settings';

describe('editor lint settings', function () {
  it('reads enable, select, ignore and per-rule severity', function () {
    const warnings: string[] = [];
    const settings = parseEditorSettings(
      {
        enable: false,
        select: ['ML0'],
        ignore: ['ML002'],
        severity: { ML007: 'hint', ML003: 'off' },
      },
      (message) => warnings.push(message),
    );

    assert.deepEqual(settings, {
      enable: false,
      select: ['ML0'],
      ignore: ['ML002'],
      severity: { ML007: 'hint', ML003: 'off' },
    });
    assert.deepEqual(warnings, []);
  });

  it('warns of codes that match no rule, and falls back when none does', function () {
    const warnings: string[] = [];
    const settings = parseEditorSettings(
      { select: ['', ' ', 'zzz'], ignore: ['ML00', 'ML9'] },
      (message) => warnings.push(message),
    );
    assert.equal(settings.select, undefined);
    assert.deepEqual(settings.ignore, ['ML00']);
    assert.equal(warnings.length, 2);
    assert.match(warnings[0], /^mlPractice\.lint\.select: "ZZZ" matches no rule; known rules: ML000, /);
    assert.match(warnings[1], /^mlPractice\.lint\.ignore: "ML9" matches no rule/);
  });

  it('names the setting and the expected value when a value is wrong, and keeps linting', function () {
    const warnings: string[] = [];
    const settings = parseEditorSettings(
      { enable: 'yes', select: 'ML001', severity: { ML007: 'loud', ML001: 'error' } },
      (message) => warnings.push(message),
    );

    assert.equal(settings.enable, true);
    assert.equal(settings.select, undefined);
    assert.deepEqual(settings.severity, { ML001: 'error' });
    assert.deepEqual(warnings, [
      'mlPractice.lint.enable: expected true or false, got "yes"',
      'mlPractice.lint.select: expected a list of rule codes such as ["ML001"], got "ML001"',
      'mlPractice.lint.severity.ML007: expected error, warning, information, hint or off, got "loud"',
    ]);
  });

  it('lets the project table win for what it sets and the editor fill the rest', function () {
    const editor = parseEditorSettings(
      { select: ['ML'], ignore: ['ML002'], severity: { ML007: 'hint', ML001: 'warning' } },
      () => undefined,
    );
    const merged = lintOptions(editor, { ignore: ['ML003'], severity: { ML001: 'error' } });

    assert.deepEqual(merged, {
      select: ['ML'],
      ignore: ['ML003'],
      severity: { ML007: 'hint', ML001: 'error' },
    });
  });
});
