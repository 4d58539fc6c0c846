// SARIF output: structure valid for 2.1.0 and code scanning, rule metadata, levels,
// locations, notebook cells and fingerprints.
import * as assert from 'assert';
import { sarifLevel, toSarif } from '../../core/lint/sarif';
import type { Finding, RuleMeta } from '../../core/lint/types';
import { sarifProblems } from './sarifCheck';

const RULE_A: RuleMeta = {
  code: 'ML001',
  slug: 'unvalidated-predict',
  defaultSeverity: 'warning',
  summary: 'Prediction on unvalidated outside data.',
  explanation: 'Check the **payload** with `validate` first.',
  bad: 'model.predict(json.loads(body))\n',
  good: 'model.predict(validate(json.loads(body)))\n',
  lesson: 'scalability-in-ml-systems',
};
const RULE_B: RuleMeta = {
  ...RULE_A,
  code: 'NB001',
  slug: 'out-of-order-execution',
  defaultSeverity: 'information',
};

function finding(code: string, line: number, extra: Partial<Finding> = {}): Finding {
  return {
    code,
    slug: 'slug',
    severity: 'warning',
    message: `problem ${code}`,
    span: { start: { line, column: 4 }, end: { line, column: 9 } },
    related: [],
    fixes: [],
    ...extra,
  };
}

type Json = Record<string, any>;

describe('SARIF output', () => {
  const script = 'import json\ny = model.predict(p)\nz = model.predict(p)\n';
  const files = [
    {
      path: 'src/serve app.py',
      findings: [finding('ML001', 1), finding('ML001', 2)],
      source: script,
    },
    {
      path: 'nb/eda.ipynb',
      findings: [
        finding('NB001', 0, {
          cell: 2,
          severity: 'information',
          related: [
            {
              message: 'earlier run',
              span: { start: { line: 0, column: 0 }, end: { line: 0, column: 1 } },
              cell: 0,
            },
          ],
        }),
      ],
      source: [
        { kind: 'markdown' as const, source: '# t' },
        { kind: 'code' as const, source: 'a' },
        { kind: 'code' as const, source: 'b = 1' },
      ],
    },
  ];
  const errors = [{ path: 'data/blob.py', message: 'binary file' }];
  const log = toSarif(files, errors, { rules: [RULE_A, RULE_B], cwd: '/work/project' }) as Json;
  const run = log.runs[0];

  it('passes the structural checker', () => {
    assert.deepStrictEqual(sarifProblems(log), []);
  });

  it('has a checker that catches broken logs', () => {
    const broken = JSON.parse(JSON.stringify(log));
    delete broken.runs[0].tool.driver.name;
    broken.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0;
    broken.runs[0].results[1].ruleIndex = 1;
    broken.runs[0].results[2].level = 'information';
    assert.deepStrictEqual(sarifProblems(broken), [
      'runs[0].tool.driver.name: expected a name',
      'runs[0].results[0].locations[0].physicalLocation.region.startLine: expected an integer >= 1',
      'runs[0].results[1].ruleIndex: points at a rule with another id',
      'runs[0].results[2].level: expected one of none, note, warning, error',
    ]);
  });

  it('describes every rule with its doc link and default level', () => {
    const [a, b] = run.tool.driver.rules;
    assert.strictEqual(run.tool.driver.name, 'ml-practice');
    assert.match(run.tool.driver.version, /^\d+\.\d+\.\d+/);
    assert.strictEqual(a.id, 'ML001');
    assert.strictEqual(a.name, 'unvalidated-predict');
    assert.strictEqual(a.shortDescription.text, RULE_A.summary);
    assert.match(a.fullDescription.text, /Check the payload with validate first\./);
    assert.match(a.help.text, /Flagged:\nmodel\.predict\(json\.loads\(body\)\)/);
    assert.match(a.help.markdown, /^# ML001 unvalidated-predict$/m);
    assert.match(a.helpUri, /\/docs\/rules\/ML001-unvalidated-predict\.md$/);
    assert.strictEqual(a.defaultConfiguration.level, 'warning');
    assert.strictEqual(b.defaultConfiguration.level, 'note');
  });

  it('places results relative to the source root, 1-based', () => {
    const [first] = run.results;
    assert.strictEqual(first.ruleId, 'ML001');
    assert.strictEqual(first.ruleIndex, 0);
    assert.strictEqual(first.level, 'warning');
    assert.deepStrictEqual(first.locations[0].physicalLocation, {
      artifactLocation: { uri: 'src/serve%20app.py', uriBaseId: '%SRCROOT%' },
      region: { startLine: 2, startColumn: 5, endLine: 2, endColumn: 10 },
    });
    assert.deepStrictEqual(run.originalUriBaseIds, {
      '%SRCROOT%': { uri: 'file:///work/project/' },
    });
  });

  it('lists every linted file as an artifact', () => {
    assert.deepStrictEqual(
      run.artifacts.map((a: Json) => a.location.uri),
      ['src/serve%20app.py', 'nb/eda.ipynb'],
    );
  });

  it('notes the notebook cell, 1-based, on the result and its locations', () => {
    const notebook = run.results[2];
    assert.strictEqual(notebook.ruleIndex, 1);
    assert.strictEqual(notebook.level, 'note');
    assert.strictEqual(notebook.message.text, '[cell 3] problem NB001');
    assert.deepStrictEqual(notebook.properties, { cell: 3, severity: 'information' });
    const cellRegion = { startLine: 1, startColumn: 5, endLine: 1, endColumn: 10 };
    assert.deepStrictEqual(notebook.locations[0].properties, { cell: 3, cellRegion });
    assert.deepStrictEqual(notebook.locations[0].physicalLocation.region, cellRegion);
    assert.strictEqual(notebook.relatedLocations[0].properties.cell, 1);
    assert.strictEqual(notebook.relatedLocations[0].message.text, 'earlier run');
  });

  it('points notebook regions at the lines of the .ipynb file when they are known', () => {
    const mapped = toSarif([{ ...files[1], fileLines: [[3], [7], [12, 13]] }], [], {
      rules: [RULE_A, RULE_B],
    }) as Json;
    const result = mapped.runs[0].results[0];
    assert.deepStrictEqual(result.locations[0].physicalLocation.region, {
      startLine: 12,
      endLine: 12,
    });
    assert.deepStrictEqual(result.relatedLocations[0].physicalLocation.region, {
      startLine: 3,
      endLine: 3,
    });
    assert.deepStrictEqual(sarifProblems(mapped), []);
  });

  it('fingerprints by rule, file and line text, not by line number', () => {
    const [first, second] = run.results;
    const printOf = (result: Json): string => result.partialFingerprints['mlPracticeFinding/v1'];
    assert.notStrictEqual(
      printOf(first),
      printOf(second),
      'identical lines get distinct occurrences',
    );

    const shifted = toSarif(
      [
        {
          ...files[0],
          source: `\n\n${script}`,
          findings: [finding('ML001', 3), finding('ML001', 4)],
        },
      ],
      [],
      { rules: [RULE_A] },
    ) as Json;
    assert.deepStrictEqual(shifted.runs[0].results.map(printOf), [printOf(first), printOf(second)]);
  });

  it('reports unreadable inputs as failed-execution notifications', () => {
    assert.strictEqual(run.invocations[0].executionSuccessful, false);
    assert.deepStrictEqual(run.invocations[0].toolExecutionNotifications, [
      {
        level: 'error',
        message: { text: 'data/blob.py: binary file' },
        locations: [
          {
            physicalLocation: { artifactLocation: { uri: 'data/blob.py', uriBaseId: '%SRCROOT%' } },
          },
        ],
      },
    ]);
  });

  it('uses file URIs for paths outside the working directory', () => {
    const outside = toSarif(
      [{ path: '/elsewhere/a b.py', findings: [finding('ML001', 0)], source: 'x' }],
      [],
      { rules: [RULE_A] },
    ) as Json;
    assert.deepStrictEqual(
      outside.runs[0].results[0].locations[0].physicalLocation.artifactLocation,
      { uri: 'file:///elsewhere/a%20b.py' },
    );
    assert.deepStrictEqual(sarifProblems(outside), []);
  });

  it('maps severities to SARIF levels', () => {
    assert.deepStrictEqual((['error', 'warning', 'information', 'hint'] as const).map(sarifLevel), [
      'error',
      'warning',
      'note',
      'note',
    ]);
  });
});
