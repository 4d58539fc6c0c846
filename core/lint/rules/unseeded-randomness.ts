// ML007: a split, a shuffling cross-validator or a random estimator is used without
// `random_state`, or NumPy's global random functions are used with no seed set.
import type { CallFact } from '../engine/facts';
import {
  ALWAYS_SHUFFLING_SPLITTERS,
  DUMMY_ESTIMATOR,
  NUMPY_RANDOM_NON_DRAWS,
  OPTIONALLY_SHUFFLING_SPLITTERS,
  RANDOM_FUNCTIONS,
  RANDOM_STATE_CLASSES,
  firstSegment,
  lastSegment,
} from '../engine/knowledge';
import { excerpt, textOf, type Loc } from '../engine/source';
import type { Finding, Fix, TextEdit } from '../types';
import { finding, lessonNote, replace, type Rule } from './rule';

/** Global NumPy functions whose Generator method has another name or signature. */
const GENERATOR_METHODS = new Map([
  ['rand', 'random'],
  ['randn', 'standard_normal'],
  ['randint', 'integers'],
  ['random_sample', 'random'],
  ['ranf', 'random'],
  ['sample', 'random'],
]);

export const unseededRandomness: Rule = {
  code: 'ML007',
  slug: 'unseeded-randomness',
  defaultSeverity: 'warning',
  summary:
    'Randomness (a split, shuffling, a random estimator, NumPy draws) is used without a seed.',
  explanation: [
    'Unseeded randomness makes every run different: a split puts other rows in the test set, a',
    'forest grows other trees, and a change in the score may be luck rather than your change.',
    '',
    'Pass `random_state=<int>` to splits, shuffling cross-validators and estimators that accept',
    'it, and draw NumPy numbers from a seeded generator, `np.random.default_rng(seed)`',
    '(`default_rng()` without a seed is not reproducible). Record the seed with the results.',
  ].join('\n'),
  bad: [
    'import numpy as np',
    'from sklearn.ensemble import RandomForestClassifier',
    'from sklearn.model_selection import train_test_split',
    '',
    'X = np.random.rand(100, 3)',
    'y = (X[:, 0] > 0.5).astype(int)',
    'X_train, X_test, y_train, y_test = train_test_split(X, y)',
    'model = RandomForestClassifier()',
    '',
  ].join('\n'),
  good: [
    'import numpy as np',
    'from sklearn.ensemble import RandomForestClassifier',
    'from sklearn.model_selection import train_test_split',
    '',
    'rng = np.random.default_rng(0)',
    'X = rng.random((100, 3))',
    'y = (X[:, 0] > 0.5).astype(int)',
    'X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)',
    'model = RandomForestClassifier(random_state=0)',
    '',
  ].join('\n'),
  lesson: 'reproducibility-seeds-versions-artifacts',
  check(facts) {
    const findings: Finding[] = [];
    let seeded = false;
    for (const call of facts.calls) {
      const kind = kindOf(call);
      if (kind === Kind.Other) continue;
      const name = lastSegment(call.qname);
      if (kind === Kind.Seed) seeded = true;
      else if (kind === Kind.UnseededGenerator) {
        findings.push(unseededGenerator(call, calleeText(call)));
      } else if (kind === Kind.GlobalDraw) {
        if (!seeded) findings.push(globalDraw(call, calleeText(call), name));
      } else {
        const what =
          RANDOM_FUNCTIONS.has(call.qname) || name.endsWith('Split') || name.endsWith('KFold')
            ? 'shuffles'
            : 'depends on `random_state`';
        const message =
          `\`${calleeText(call)}(...)\` ${what} but no \`random_state\` is set, so results ` +
          `change from run to run. Pass \`random_state=0\` (or any fixed seed). ${lessonNote(this)}`;
        findings.push(finding(this, call.loc, message, [], [seedFix(call)]));
      }
    }
    return findings;
  },
};

/** What a call is to this rule. */
const enum Kind {
  Other,
  Seed,
  UnseededGenerator,
  GlobalDraw,
  MissingRandomState,
}

/**
 * The kind of each kept call, once classified: a call's name, arguments and their texts never
 * change. Calls no later analysis will see are not kept here. The analysis records only calls
 * whose name may concern randomness (see `mayConcernRandomness`).
 */
const kinds = new WeakMap<CallFact, Kind>();

function kindOf(call: CallFact): Kind {
  if (!call.kept) return classified(call);
  let kind = kinds.get(call);
  if (kind === undefined) {
    kind = classified(call);
    kinds.set(call, kind);
  }
  return kind;
}

function classified(call: CallFact): Kind {
  const name = lastSegment(call.qname);
  if (call.qname.startsWith('numpy.random.')) {
    if (name === 'seed') return Kind.Seed;
    if (name === 'default_rng') return hasSeedArgument(call) ? Kind.Other : Kind.UnseededGenerator;
    return NUMPY_RANDOM_NON_DRAWS.has(name) ? Kind.Other : Kind.GlobalDraw;
  }
  return needsRandomState(call, name) && !hasRandomState(call)
    ? Kind.MissingRandomState
    : Kind.Other;
}

/** The called name as written, e.g. `np.random.rand`, for messages. */
function calleeText(call: CallFact): string {
  return excerpt(textOf(call.calleeLoc));
}

function unseededGenerator(call: CallFact, callee: string): Finding {
  const rule = unseededRandomness;
  const message =
    `\`${callee}()\` creates a generator without a seed, so every run draws different numbers. ` +
    `Pass a seed: \`${callee}(0)\`. ${lessonNote(rule)}`;
  const fix = seedGeneratorFix(call);
  return finding(rule, call.loc, message, [], fix ? [fix] : []);
}

function globalDraw(call: CallFact, callee: string, name: string): Finding {
  const rule = unseededRandomness;
  const message =
    `\`${callee}(...)\` draws from NumPy's global generator and no \`np.random.seed(...)\` is set ` +
    'before it, so every run gives different numbers. Draw from a seeded generator, ' +
    `\`np.random.default_rng(0)\`. ${lessonNote(rule)}`;
  const fix = generatorFix(call, name);
  return finding(rule, call.loc, message, [], fix ? [fix] : []);
}

function needsRandomState(call: CallFact, name: string): boolean {
  const root = firstSegment(call.qname);
  if (RANDOM_FUNCTIONS.has(call.qname)) return call.keywords.get('shuffle')?.text !== 'False';
  if (ALWAYS_SHUFFLING_SPLITTERS.has(name)) return true;
  if (OPTIONALLY_SHUFFLING_SPLITTERS.has(name))
    return call.keywords.get('shuffle')?.text === 'True';
  if (DUMMY_ESTIMATOR.test(name)) {
    return /stratified|uniform/.test(call.keywords.get('strategy')?.text ?? '');
  }
  return root !== 'numpy' && RANDOM_STATE_CLASSES.has(name);
}

function hasRandomState(call: CallFact): boolean {
  const value = call.keywords.get('random_state') ?? call.keywords.get('seed');
  return value !== undefined && value.text !== 'None';
}

function hasSeedArgument(call: CallFact): boolean {
  if (call.positional > 0) return !/^\(\s*None\s*[,)]/.test(textOf(call.argListLoc));
  const seed = call.keywords.get('seed');
  return seed !== undefined && seed.text !== 'None';
}

/** Inserts `random_state=0` as the last argument, or replaces `random_state=None`. */
function seedFix(call: CallFact): Fix {
  const title = 'Set `random_state=0`';
  const existing = call.keywords.get('random_state');
  if (existing) return { title, edits: [replace(existing.loc, '0')] };
  return { title, edits: [appendArgument(call.argListLoc, 'random_state=0')] };
}

function appendArgument(argList: Loc, argument: string): TextEdit {
  const text = textOf(argList);
  const inner = text.slice(1, -1).trimEnd();
  const at = argList.from + 1 + inner.length;
  const separator = inner.trim() === '' ? '' : inner.endsWith(',') ? ' ' : ', ';
  return replace({ unit: argList.unit, from: at, to: at }, separator + argument);
}

function seedGeneratorFix(call: CallFact): Fix | undefined {
  const text = textOf(call.argListLoc);
  const title = 'Seed the generator with 0';
  if (/^\(\s*\)$/.test(text)) return { title, edits: [appendArgument(call.argListLoc, '0')] };
  const noneAt = text.indexOf('None');
  if (noneAt === -1) return undefined;
  const from = call.argListLoc.from + noneAt;
  return { title, edits: [replace({ unit: call.argListLoc.unit, from, to: from + 4 }, '0')] };
}

/** `np.random.rand(3, 2)` → `np.random.default_rng(0).random((3, 2))`. */
function generatorFix(call: CallFact, name: string): Fix | undefined {
  const callee = textOf(call.calleeLoc);
  const dot = callee.lastIndexOf('.');
  if (dot === -1) return undefined;
  const method = GENERATOR_METHODS.get(name) ?? name;
  const edits: TextEdit[] = [
    replace(call.calleeLoc, `${callee.slice(0, dot)}.default_rng(0).${method}`),
  ];
  if ((name === 'rand' || name === 'randn') && call.positional > 0) {
    const inner = textOf(call.argListLoc).slice(1, -1);
    edits.push(replace(call.argListLoc, `((${inner.trim()}${call.positional === 1 ? ',' : ''}))`));
  }
  return { title: 'Draw from a seeded generator, `default_rng(0)`', edits };
}
