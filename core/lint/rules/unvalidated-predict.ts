// ML001: an inference call receives outside data (a request, json.loads, stdin, a serving
// entry point's parameters) that did not pass validation on the way.
import { describeLine, excerpt } from '../engine/source';
import { finding, insertLinesBefore, lessonNote, ownLineIndent, related, type Rule } from './rule';
import type { InferenceFact } from '../engine/facts';
import type { Fix } from '../types';

export const unvalidatedPredict: Rule = {
  code: 'ML001',
  slug: 'unvalidated-predict',
  defaultSeverity: 'warning',
  summary: 'An inference call receives outside data that was never validated.',
  explanation: [
    'A model only gives meaningful answers for inputs shaped like its training data. Data that',
    'arrives from outside the program — a request body, `json.loads`, stdin, `input()`, a file',
    'or argument read at inference time, or the parameters of a web route or `handler(event,',
    'context)` — can be missing fields, have the wrong types or be out of range.',
    '',
    'Validate it before `predict`: a schema (pydantic, pandera, jsonschema, marshmallow),',
    "scikit-learn's `check_array`, a guard that raises, returns, aborts or skips the row, an",
    '`assert`, or a function named `validate…`, `check…` or `parse…` whose result is what you',
    'predict on, or whose result a guard tests. A check validates its own block',
    '(`if valid(p): model.predict(p)`). A guard that turns bad input away (raises, aborts,',
    'or returns an error status such as 400) validates the code after it, or the rest of the',
    'loop body when it skips the row. The code after a check whose block predicts',
    '(`if valid(p): return model.predict(p)`), or returns some other answer (a cached result, a',
    'health reply), runs on input nobody checked.',
    'Predicting on the held-out part of a split is evaluation, not serving, and is not flagged.',
  ].join('\n'),
  bad: [
    'import json',
    'import sys',
    '',
    'import joblib',
    '',
    'model = joblib.load("model.joblib")',
    'payload = json.loads(sys.stdin.read())',
    'print(model.predict([payload["features"]]))',
    '',
  ].join('\n'),
  good: [
    'import json',
    'import sys',
    '',
    'import joblib',
    '',
    'model = joblib.load("model.joblib")',
    'payload = json.loads(sys.stdin.read())',
    'if len(payload.get("features", [])) != 2:',
    '    raise ValueError("expected exactly two features")',
    'print(model.predict([payload["features"]]))',
    '',
  ].join('\n'),
  lesson: 'data-contracts-and-input-validation',
  check(facts) {
    return facts.inferences.map((inference) => {
      const taint = inference.taints[inference.taints.length - 1];
      const subject = inference.argText ? `\`${excerpt(inference.argText)}\`` : 'its input';
      const message =
        `\`${excerpt(inference.callText, 60)}\` uses ${subject}, ${taint.source} on ` +
        `${describeLine(taint.loc, inference.loc)}, without validation. Validate it first (a ` +
        `schema, \`check_array\`, or a guard that raises). ${lessonNote(this)}`;
      const location = related(taint.loc, `the data comes from here (${taint.source})`);
      return finding(this, inference.loc, message, [location], guardFix(inference));
    });
  },
};

function guardFix(inference: InferenceFact): Fix[] {
  const name = inference.guardName;
  const indent = ownLineIndent(inference.statement);
  if (!name || indent === undefined) return [];
  const lines = [
    `${indent}if ${name} is None or len(${name}) == 0:`,
    `${indent}    raise ValueError("${name} does not match the model's input contract")`,
  ];
  return [
    {
      title: `Insert a validation guard for \`${name}\``,
      edits: [insertLinesBefore(inference.statement, lines)],
    },
  ];
}
