// ML002: a model is fitted and scored with a metric, but no baseline is fitted and scored to
// compare it with.
import type { SyntaxNode, Tree } from '@lezer/common';
import type { Estimator, EvaluationFact, TextRange } from '../engine/facts';
import { isRanker, isRegressor } from '../engine/knowledge';
import { describeLine, positionAt, textOf, type Loc, type Unit } from '../engine/source';
import type { Fix, TextEdit } from '../types';
import { isBaseline, isSupervisedModel, modelClass, modelLabel } from './models';
import {
  finding,
  insertLinesAfter,
  insertLinesBefore,
  lessonNote,
  ownLineIndent,
  related,
  type Rule,
} from './rule';

export const missingBaseline: Rule = {
  code: 'ML002',
  slug: 'missing-baseline',
  defaultSeverity: 'warning',
  summary: 'A model is fitted and scored, but no baseline is fitted and scored to compare it with.',
  explanation: [
    'A score means little on its own: 95% accuracy is poor when 95% of the labels are one class.',
    'Fit and score a baseline the same way as the model — a `DummyClassifier` or',
    '`DummyRegressor`, or a simple model bound to a name containing `baseline` — and report both.',
    'A ranker has no dummy in scikit-learn, so its finding comes without a fix. Models that learn',
    'without labels (clusterers, mixtures, outlier detectors) are not judged by this rule.',
  ].join('\n'),
  bad: [
    'from sklearn.datasets import load_breast_cancer',
    'from sklearn.ensemble import RandomForestClassifier',
    'from sklearn.metrics import accuracy_score',
    'from sklearn.model_selection import train_test_split',
    '',
    'X, y = load_breast_cancer(return_X_y=True)',
    'X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)',
    'model = RandomForestClassifier(random_state=0).fit(X_train, y_train)',
    'print(accuracy_score(y_test, model.predict(X_test)))',
    '',
  ].join('\n'),
  good: [
    'from sklearn.datasets import load_breast_cancer',
    'from sklearn.dummy import DummyClassifier',
    'from sklearn.ensemble import RandomForestClassifier',
    'from sklearn.metrics import accuracy_score',
    'from sklearn.model_selection import train_test_split',
    '',
    'X, y = load_breast_cancer(return_X_y=True)',
    'X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)',
    'baseline = DummyClassifier().fit(X_train, y_train)',
    'model = RandomForestClassifier(random_state=0).fit(X_train, y_train)',
    'print(accuracy_score(y_test, baseline.predict(X_test)))',
    'print(accuracy_score(y_test, model.predict(X_test)))',
    '',
  ].join('\n'),
  lesson: 'baselines-and-metrics',
  check(facts) {
    const evaluated = (estimator: Estimator): boolean =>
      estimator.evaluations.length > 0 &&
      (estimator.fits.length > 0 ||
        estimator.evaluations.some((e) => e.via === 'cross-validation'));
    const baselines = facts.estimators.filter(
      (estimator) =>
        isSupervisedModel(estimator) && isBaseline(estimator) && evaluated(estimator),
    );
    if (baselines.length > 0) return [];
    let baselineName: string | undefined;
    return facts.estimators
      .filter(
        (estimator) =>
          isSupervisedModel(estimator) && !isBaseline(estimator) && evaluated(estimator),
      )
      .map((estimator) => {
        const evaluation = estimator.evaluations[0];
        const dummy = dummyFor(modelClass(estimator), evaluation.metricName);
        const fit = estimator.fits[0];
        const fitted = fit ? `fitted on ${describeLine(fit.loc, evaluation.loc)} and ` : '';
        const advice = dummy
          ? `Add a \`${dummy}\` scored the same way.`
          : 'Score a simple baseline the same way, bound to a name containing `baseline`.';
        const message =
          `${modelLabel(estimator)} is ${fitted}scored with \`${evaluation.metricName}\` here, but ` +
          `no baseline is fitted and scored to compare it with. ${advice} ${lessonNote(this)}`;
        const locations = fit ? [related(fit.loc, 'the model is fitted here')] : [];
        const fixes = dummy
          ? baselineFix(
              estimator,
              evaluation,
              dummy,
              (baselineName ??= freeName('baseline', facts.units)),
            )
          : [];
        return finding(this, evaluation.loc, message, locations, fixes);
      });
  },
};

/**
 * The dummy that predicts like the model: classes or numbers. A ranking has none in
 * scikit-learn.
 */
function dummyFor(
  className: string,
  metricName: string,
): 'DummyClassifier' | 'DummyRegressor' | undefined {
  if (isRanker(className)) return undefined;
  return isRegressor(className, metricName) ? 'DummyRegressor' : 'DummyClassifier';
}

function baselineFix(
  estimator: Estimator,
  evaluation: EvaluationFact,
  dummy: string,
  baseline: string,
): Fix[] {
  const indent = ownLineIndent(evaluation.statement);
  if (indent === undefined || !standsAlone(evaluation.statement)) return [];
  const scoring = scoringLines(estimator, evaluation, dummy, baseline);
  if (!scoring) return [];
  const lines = scoring.map((line) => indent + line);
  const importLine = `from sklearn.dummy import ${dummy}`;
  const edits: TextEdit[] = [];
  const topImport = importInsertion(evaluation.statement);
  if (topImport && evaluation.statement.unit.cell === undefined) edits.push(topImport(importLine));
  else lines.unshift(indent + importLine);
  const endsFlow = FLOW_END.test(textOf(evaluation.statement));
  edits.push(
    endsFlow
      ? insertLinesBefore(evaluation.statement, lines)
      : insertLinesAfter(evaluation.statement, lines),
  );
  return [{ title: `Add a ${dummy} baseline scored like the model`, edits }];
}

/** A statement after which inserted lines would never run. */
const FLOW_END = /^(return|raise|break|continue)\b/;

/** A statement that opens a block: lines inserted after it would land after its body. */
const BLOCK_START = /^(@|(if|elif|else|for|while|with|try|except|finally|def|class|async|match)\b)/;

/**
 * Whether the statement is a simple one alone on its last line, so that whole lines can go
 * right before or after it.
 */
function standsAlone(statement: Loc): boolean {
  const text = statement.unit.text;
  if (BLOCK_START.test(textOf(statement))) return false;
  const lineEnd = text.indexOf('\n', statement.to);
  const rest = text.slice(statement.to, lineEnd === -1 ? text.length : lineEnd);
  return /^\s*(#.*)?$/.test(rest);
}

/** `name`, or `name_2`, `name_3`, ...: the first that no unit's text uses as a word. */
function freeName(name: string, units: Unit[]): string {
  const used = (candidate: string): boolean => {
    const word = new RegExp(`\\b${candidate}\\b`);
    return units.some((unit) => word.test(unit.text));
  };
  let candidate = name;
  for (let number = 2; used(candidate); number++) candidate = `${name}_${number}`;
  return candidate;
}

function scoringLines(
  estimator: Estimator,
  evaluation: EvaluationFact,
  dummy: string,
  baseline: string,
): string[] | undefined {
  const place = evaluation.statement;
  // What the statement does with the score right away (`.mean()`) is done to the baseline's.
  const callText = evaluation.callText + resultChain(evaluation.loc);
  // Copied, an assignment expression in the call would rebind its name to the baseline's.
  if (!visibleAt(evaluation.loc, place) || callText.includes(':=')) return undefined;
  const label = `"baseline ${evaluation.metricName}:"`;
  const start = evaluation.loc.from;
  const replaced = (range: TextRange, text: string): string =>
    callText.slice(0, range.from) + text + callText.slice(range.to);

  if (evaluation.via === 'cross-validation' && evaluation.estimatorArgument) {
    return [`print(${label}, ${replaced(evaluation.estimatorArgument, `${dummy}()`)})`];
  }
  const fit = estimator.fits[0];
  if (!fit || !visibleAt(fit.loc, place)) return undefined;
  const fitLine = `${baseline} = ${dummy}().fit(${fit.dataArgsText})`;
  if (evaluation.metricName === 'score' && evaluation.scoreArgsText !== undefined) {
    const chain = callText.slice(evaluation.callText.length);
    return [fitLine, `print(${label}, ${baseline}.score(${evaluation.scoreArgsText})${chain})`];
  }
  const prediction = evaluation.prediction;
  const argument = evaluation.predictionsArgument;
  if (evaluation.via !== 'metric' || !prediction || !argument) return undefined;
  const predicted = `${baseline}.predict(${prediction.argsText})`;
  const call = prediction.loc;
  const inArgument =
    call.unit === evaluation.loc.unit &&
    call.from >= start + argument.from &&
    call.to <= start + argument.to;
  if (!inArgument) {
    // The predictions were made elsewhere and stored: the baseline predicts in their place.
    if (!visibleAt(call, place)) return undefined;
    return [fitLine, `print(${label}, ${replaced(argument, predicted)})`];
  }
  // The predictions are made in the metric's arguments: what is done with them is kept.
  const receiver = prediction.receiverLoc;
  const methods = dummy === 'DummyClassifier' ? CLASSIFIER_METHODS : REGRESSOR_METHODS;
  const swapped =
    receiver && methods.has(prediction.method ?? '')
      ? replaced({ from: receiver.from - start, to: receiver.to - start }, baseline)
      : replaced({ from: call.from - start, to: call.to - start }, predicted);
  return [fitLine, `print(${label}, ${swapped})`];
}

/**
 * The member accesses, subscripts and calls applied right after the call at `loc`, as in
 * `cross_val_score(...).mean()` or `cross_validate(...)["test_score"].mean()`.
 */
function resultChain(loc: Loc): string {
  let node = innermostAt(loc.unit, loc.from);
  while (node && node.to < loc.to) node = node.parent;
  if (!node || node.from !== loc.from) return '';
  let end = node.to;
  for (let parent = node.parent; parent && parent.from === loc.from; parent = parent.parent) {
    if (parent.name !== 'MemberExpression' && parent.name !== 'CallExpression') break;
    end = parent.to;
  }
  return loc.unit.text.slice(loc.to, end);
}

/** The prediction methods of `DummyClassifier` and of `DummyRegressor`. */
const CLASSIFIER_METHODS = new Set(['predict', 'predict_proba', 'predict_log_proba']);
const REGRESSOR_METHODS = new Set(['predict']);

/** Nodes whose names are local to them. */
const SCOPES = new Set([
  'FunctionDefinition',
  'ClassDefinition',
  'LambdaExpression',
  'ArrayComprehensionExpression',
  'SetComprehensionExpression',
  'DictionaryComprehensionExpression',
  'ComprehensionExpression',
]);

/** The scopes around a position, innermost first; none at module level. */
function scopesAround(unit: Unit, position: number): SyntaxNode[] {
  const scopes: SyntaxNode[] = [];
  for (let node = innermostAt(unit, position); node; node = node.parent) {
    if ((SCOPES.has(node.name) || isGeneratorArgument(node)) && node.from < position) {
      scopes.push(node);
    }
  }
  return scopes;
}

/**
 * The innermost node at `position`, found from the top-level statement that holds it, so that
 * a module of many statements is not searched from its root.
 */
function innermostAt(unit: Unit, position: number): SyntaxNode | null {
  const top = topLevelOf(unit.tree);
  const statement = top.nodes[Math.max(0, statementsBefore(top, position + 1) - 1)];
  return statement?.resolveInner(position, 1) ?? null;
}

/** `f(x for x in y)`: the grammar puts a lone generator's parts right in the argument list. */
function isGeneratorArgument(node: SyntaxNode): boolean {
  return node.name === 'ArgList' && node.getChild('for') !== null;
}

/**
 * Whether the names the code at `loc` uses are also visible at `place`: code at module level
 * is seen from anywhere, a function's own code from the function and the functions in it, and
 * a class body's or comprehension's code only from itself.
 */
function visibleAt(loc: Loc, place: Loc): boolean {
  const [scope] = scopesAround(loc.unit, loc.from);
  if (scope === undefined) return true;
  if (loc.unit !== place.unit) return false;
  const around = scopesAround(place.unit, place.from);
  const same = (node: SyntaxNode): boolean => node.from === scope.from && node.to === scope.to;
  return scope.name === 'FunctionDefinition'
    ? around.some(same)
    : around.length > 0 && same(around[0]);
}

/** Inserts an import on the line after the script's last top-level import, if it has one. */
function importInsertion(statement: Loc): ((line: string) => TextEdit) | undefined {
  const importEnd = lastImportEnd(topLevelOf(statement.unit.tree), statement.from);
  if (importEnd === undefined) return undefined;
  const line = positionAt(statement.unit, importEnd).line + 1;
  if (line >= statement.unit.lineStarts.length) return undefined;
  return (text: string) => ({
    span: { start: { line, column: 0 }, end: { line, column: 0 } },
    newText: `${text}\n`,
  });
}

/** A module's top-level statements, in order, and for each the end of the last import so far. */
interface TopLevel {
  nodes: SyntaxNode[];
  starts: number[];
  importEnds: Array<number | undefined>;
}

/** Every finding of a file may ask, so the statements are listed once per tree. */
const topLevels = new WeakMap<Tree, TopLevel>();

function topLevelOf(tree: Tree): TopLevel {
  let top = topLevels.get(tree);
  if (top !== undefined) return top;
  top = { nodes: [], starts: [], importEnds: [] };
  let importEnd: number | undefined;
  for (let child = tree.topNode.firstChild; child; child = child.nextSibling) {
    if (child.name === 'ImportStatement') importEnd = child.to;
    top.nodes.push(child);
    top.starts.push(child.from);
    top.importEnds.push(importEnd);
  }
  topLevels.set(tree, top);
  return top;
}

/**
 * The end of the last import among the top-level statements before `offset`, and the one that
 * starts at or after it.
 */
function lastImportEnd(top: TopLevel, offset: number): number | undefined {
  const last = Math.min(statementsBefore(top, offset), top.starts.length - 1);
  return last < 0 ? undefined : top.importEnds[last];
}

/** How many top-level statements start before `offset`. */
function statementsBefore(top: TopLevel, offset: number): number {
  let low = 0;
  let high = top.starts.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (top.starts[middle] < offset) low = middle + 1;
    else high = middle;
  }
  return low;
}
