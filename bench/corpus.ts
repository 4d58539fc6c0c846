// Deterministic generator of realistic ML Python scripts and notebooks for the benchmarks: the
// same seed always gives the same text, so figures from different runs measure the same input.
import type { NotebookCell } from '../core/lint/types';

/** A pseudo-random source in [0, 1); mulberry32, chosen for being tiny and well distributed. */
export type Rng = () => number;

export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)];
}

function chance(rng: Rng, probability: number): boolean {
  return rng() < probability;
}

function int(rng: Rng, low: number, high: number): number {
  return low + Math.floor(rng() * (high - low + 1));
}

const ESTIMATORS = [
  'LogisticRegression(max_iter=500)',
  'RandomForestClassifier(n_estimators=100)',
  'GradientBoostingClassifier()',
  'SVC(probability=True)',
  'KNeighborsClassifier(n_neighbors=7)',
];
const SCALERS = ['StandardScaler()', 'MinMaxScaler()', 'RobustScaler()'];
const METRICS = ['accuracy_score', 'f1_score', 'recall_score', 'precision_score'];
const COLUMNS = ['age', 'income', 'tenure', 'visits', 'score', 'balance', 'clicks', 'region'];

/** The import block at the top of a script: the aliases the rules must see through. */
function importBlock(rng: Rng): string[] {
  const lines = [
    'import json',
    'import sys',
    'import numpy as np',
    'import pandas as pd',
    'from sklearn.model_selection import train_test_split as tts',
    pick(rng, [
      'import sklearn.model_selection as ms',
      'from sklearn import model_selection as ms',
    ]),
    'from sklearn.model_selection import KFold, cross_val_score, train_test_split',
    'from sklearn.preprocessing import MinMaxScaler, RobustScaler, StandardScaler',
    'from sklearn.pipeline import Pipeline, make_pipeline',
    'from sklearn.impute import SimpleImputer',
    'from sklearn.linear_model import LogisticRegression',
    'from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier',
    'from sklearn.svm import SVC',
    'from sklearn.neighbors import KNeighborsClassifier',
    'from sklearn.dummy import DummyClassifier',
    `from sklearn.metrics import ${METRICS.join(', ')}`,
  ];
  lines.push('from pydantic import BaseModel', 'from flask import jsonify, request', '');
  return lines;
}

/** Names for one section, suffixed so that sections in one file do not collide. */
interface Names {
  n: number;
  df: string;
  model: string;
  pipe: string;
}

function namesFor(n: number): Names {
  return { n, df: `frame_${n}`, model: `model_${n}`, pipe: `pipe_${n}` };
}

function loadBlock(rng: Rng, names: Names): string[] {
  const cols = COLUMNS.slice(0, int(rng, 3, COLUMNS.length));
  return [
    `${names.df} = pd.read_csv("data/part_${names.n}.csv")`,
    `${names.df} = ${names.df}.dropna(subset=["label"]).reset_index(drop=True)`,
    `features_${names.n} = [${cols.map((c) => `"${c}"`).join(', ')}]`,
    `X_${names.n} = ${names.df}[features_${names.n}].to_numpy()`,
    `y_${names.n} = ${names.df}["label"].to_numpy()`,
    '',
  ];
}

function splitCall(rng: Rng, n: number): string {
  const fn = pick(rng, ['tts', 'ms.train_test_split', 'train_test_split']);
  const seed = chance(rng, 0.8) ? ', random_state=42' : '';
  const stratify = chance(rng, 0.5) ? `, stratify=y_${n}` : '';
  return `${fn}(X_${n}, y_${n}, test_size=0.2${seed}${stratify})`;
}

/** Scale-then-split (leaky) or split-then-pipeline (clean), with fit, predict and metrics. */
function trainBlock(rng: Rng, names: Names): string[] {
  const { n } = names;
  const estimator = pick(rng, ESTIMATORS);
  const split = `Xtr_${n}, Xte_${n}, ytr_${n}, yte_${n} = ${splitCall(rng, n)}`;
  const lines: string[] = [];
  if (chance(rng, 0.25)) {
    lines.push(`scaled_${n} = ${pick(rng, SCALERS)}.fit_transform(X_${n})`);
    lines.push(split.replace(`(X_${n},`, `(scaled_${n},`));
    lines.push(`${names.model} = ${estimator}`);
    lines.push(`${names.model}.fit(Xtr_${n}, ytr_${n})`);
  } else {
    lines.push(split);
    lines.push(
      `${names.pipe} = make_pipeline(SimpleImputer(), ${pick(rng, SCALERS)}, ${estimator})`,
    );
    lines.push(`${names.pipe}.fit(Xtr_${n}, ytr_${n})`);
    lines.push(`${names.model} = ${names.pipe}`);
  }
  lines.push(`pred_${n} = ${names.model}.predict(Xte_${n})`);
  const metric = pick(rng, METRICS);
  lines.push(`print(f"${metric} {${metric}(yte_${n}, pred_${n}):.3f}")`);
  if (chance(rng, 0.6)) {
    lines.push(`baseline_${n} = DummyClassifier(strategy="most_frequent").fit(Xtr_${n}, ytr_${n})`);
    lines.push(`print("baseline", ${metric}(yte_${n}, baseline_${n}.predict(Xte_${n})))`);
  }
  lines.push('');
  return lines;
}

function crossValidationBlock(rng: Rng, names: Names): string[] {
  const { n } = names;
  const shuffle = chance(rng, 0.7) ? 'shuffle=True, random_state=0' : 'shuffle=True';
  return [
    `folds_${n} = KFold(n_splits=${int(rng, 3, 10)}, ${shuffle})`,
    `cv_pipe_${n} = Pipeline([("scale", ${pick(rng, SCALERS)}), ("clf", ${pick(rng, ESTIMATORS)})])`,
    `cv_scores_${n} = cross_val_score(cv_pipe_${n}, X_${n}, y_${n}, cv=folds_${n})`,
    `print("cv mean", np.mean(cv_scores_${n}), "std", np.std(cv_scores_${n}))`,
    '',
  ];
}

/** A serving entry point, validated or not, as a web route or a function handler. */
function servingBlock(rng: Rng, names: Names): string[] {
  const { n, model } = names;
  const validated = chance(rng, 0.5);
  if (chance(rng, 0.5)) {
    const lines = [`def handler_${n}(event, context):`, `    payload = json.loads(event["body"])`];
    if (validated) {
      lines.push('    if "features" not in payload or len(payload["features"]) != 4:');
      lines.push('        return {"statusCode": 400, "body": "bad request"}');
    }
    lines.push(`    label = ${model}.predict([payload["features"]])[0]`);
    lines.push('    return {"statusCode": 200, "body": json.dumps({"label": int(label)})}');
    lines.push('', '');
    return lines;
  }
  return [
    `class Request${n}(BaseModel):`,
    '    features: list[float]',
    '',
    '',
    `def predict_route_${n}():`,
    `    body = request.get_json()`,
    validated ? `    body = Request${n}(**body).model_dump()` : '    print("serving", body)',
    `    scores = ${model}.predict_proba([body["features"]])`,
    '    return jsonify({"scores": scores.tolist()})',
    '',
    '',
  ];
}

function helperBlock(rng: Rng, names: Names): string[] {
  const { n } = names;
  return [
    `def summarise_${n}(values, bins=${int(rng, 5, 20)}):`,
    '    """Histogram of the values with the share of each bin."""',
    '    counts, edges = np.histogram(values, bins=bins)',
    '    total = counts.sum() or 1',
    '    rows = []',
    '    for count, left, right in zip(counts, edges[:-1], edges[1:]):',
    '        rows.append({"left": float(left), "right": float(right), "share": count / total})',
    '    return [row for row in rows if row["share"] > 0]',
    '',
    '',
  ];
}

function randomnessBlock(rng: Rng, names: Names): string[] {
  const { n } = names;
  return chance(rng, 0.5)
    ? [
        `noise_${n} = np.random.rand(${int(rng, 10, 1000)})`,
        `print(summarise_${n}(noise_${n}))`,
        '',
      ]
    : [
        `gen_${n} = np.random.default_rng(${n})`,
        `print(summarise_${n}(gen_${n}.normal(size=100)))`,
        '',
      ];
}

/** One self-contained section of a script: load, train, evaluate, serve. */
function section(rng: Rng, n: number): string[] {
  const names = namesFor(n);
  const lines = [`# Section ${n}: ${pick(rng, ['churn', 'fraud', 'credit', 'retention'])} model`];
  lines.push(...helperBlock(rng, names), ...loadBlock(rng, names), ...trainBlock(rng, names));
  if (chance(rng, 0.5)) lines.push(...crossValidationBlock(rng, names));
  if (chance(rng, 0.6)) lines.push(...servingBlock(rng, names));
  lines.push(...randomnessBlock(rng, names));
  return lines;
}

/** A script of at least `minLines` lines, cut only between sections so that it parses. */
export function generateScript(seed: number, minLines: number): string {
  const rng = createRng(seed);
  const lines = importBlock(rng);
  for (let n = 0; lines.length < minLines; n++) lines.push(...section(rng, n));
  return lines.join('\n') + '\n';
}

const LINE_MAGICS = [
  '%matplotlib inline',
  '%load_ext autoreload',
  '%autoreload 2',
  '!pip install -q scikit-learn',
  '%pwd',
];

function codeCell(source: string[], executionCount: number | null): NotebookCell {
  return { kind: 'code', source: source.join('\n'), executionCount };
}

function markdownCell(rng: Rng, n: number): NotebookCell {
  const topic = pick(rng, [
    'Load the data',
    'Train and evaluate',
    'Serve predictions',
    'Check drift',
  ]);
  return { kind: 'markdown', source: `## ${topic} (${n})\n\nNotes on step ${n}.` };
}

/** The cells of one notebook section: markdown, magics, a `%%time` cell, training and serving. */
function notebookSection(rng: Rng, n: number, counter: { next: number }): NotebookCell[] {
  const names = namesFor(n);
  const count = (): number | null => {
    if (chance(rng, 0.1)) return null;
    counter.next += chance(rng, 0.05) ? -3 : 1;
    return counter.next;
  };
  const cells: NotebookCell[] = [markdownCell(rng, n)];
  cells.push(codeCell([pick(rng, LINE_MAGICS), ...helperBlock(rng, names)], count()));
  cells.push(codeCell(['%%time', ...loadBlock(rng, names)], count()));
  cells.push(codeCell(trainBlock(rng, names), count()));
  if (chance(rng, 0.4)) cells.push(codeCell(crossValidationBlock(rng, names), count()));
  if (chance(rng, 0.4)) cells.push(codeCell(servingBlock(rng, names), count()));
  cells.push(codeCell([`!ls data | head -3`, ...randomnessBlock(rng, names)], count()));
  return cells;
}

export function cellLines(cells: NotebookCell[]): number {
  return cells.reduce((total, cell) => total + cell.source.split('\n').length, 0);
}

/** A notebook with at least `minLines` lines over all its cells. */
export function generateNotebook(seed: number, minLines: number): NotebookCell[] {
  const rng = createRng(seed);
  const counter = { next: 0 };
  const cells: NotebookCell[] = [codeCell(importBlock(rng), ++counter.next)];
  let lines = cellLines(cells);
  for (let n = 0; lines < minLines; n++) {
    const added = notebookSection(rng, n, counter);
    cells.push(...added);
    lines += cellLines(added);
  }
  return cells;
}

export function lineCount(text: string): number {
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

/** The benchmark corpus at one size: half the lines in a script, half in a notebook. */
export interface Corpus {
  script: string;
  notebook: NotebookCell[];
  lines: number;
}

export function generateCorpus(seed: number, totalLines: number): Corpus {
  const script = generateScript(seed, totalLines / 2);
  const notebook = generateNotebook(seed + 1, totalLines - lineCount(script));
  return { script, notebook, lines: lineCount(script) + cellLines(notebook) };
}
