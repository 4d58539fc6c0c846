// The program model that one pass over the syntax trees collects and every rule reads:
// data lineage, estimators with their fits, predictions and evaluations, splits and calls.
import type { NotebookCell } from '../types';
import type { TaintKind } from './knowledge';
import type { Loc, Unit } from './source';
import type { FlatTree, NodeId } from './syntax';

/** Data read from outside the program, remembered with where it came from. */
export interface Taint {
  id: number;
  kind: TaintKind;
  /** How the data was read, e.g. "`json.loads`" or "the route parameter `payload`". */
  source: string;
  loc: Loc;
}

/** A piece of data the program holds; transformations and split parts point to their inputs. */
export interface DataNode {
  id: number;
  parents: DataNode[];
  role?: 'train' | 'test';
  split?: SplitFact;
}

/**
 * Program order, the `seq` of facts: by phase (0 while the module's statements run, then 1 and
 * up for functions nobody calls, see Analyzer), then by top-level statement, then by order
 * within that statement's run. A fact's order depends only on its statement's place, so the
 * facts of statements analysed apart interleave as they would have in one run.
 */
export const ORDER = { statements: 2 ** 23, perStatement: 2 ** 22, phases: 16 } as const;

export function programOrder(phase: number, ordinal: number, local: number): number {
  const within = Math.min(local, ORDER.perStatement - 1);
  return (Math.min(phase, ORDER.phases - 1) * ORDER.statements + ordinal) * ORDER.perStatement + within;
}

/** The order `seq` would have if its statement were at `ordinal` instead. */
export function reorderedTo(seq: number, ordinal: number): number {
  const local = seq % ORDER.perStatement;
  const rest = (seq - local) / ORDER.perStatement;
  const phase = Math.floor(rest / ORDER.statements);
  return (phase * ORDER.statements + ordinal) * ORDER.perStatement + local;
}

/** The top-level statement a `seq` was counted in. */
export function ordinalOf(seq: number): number {
  return Math.floor(seq / ORDER.perStatement) % ORDER.statements;
}

export interface SplitFact {
  /** Program order (see programOrder): facts with a larger `seq` happened later. */
  seq: number;
  loc: Loc;
  /** Lineage of the data that was split. */
  inputs: DataNode[];
  kind: 'split' | 'cross-validation';
}

export type EstimatorKind =
  'model' | 'transformer' | 'pipeline' | 'search' | 'splitter' | 'unknown';

export interface Estimator {
  id: number;
  className: string;
  /** For a pipeline or a search: the class of the model it wraps, when known. */
  wrapped?: string;
  kind: EstimatorKind;
  loc: Loc;
  /** Names the estimator was bound to, e.g. "baseline_model", in order, each once. */
  names: readonly string[];
  fits: FitFact[];
  predictions: PredictionFact[];
  evaluations: EvaluationFact[];
}

/** No names: what an estimator starts with, shared. */
export const NO_NAMES: readonly string[] = Object.freeze([]);

/** Records that `estimator` was bound to `name`. Most are bound to one name, or none. */
export function addName(estimator: Estimator, name: string): void {
  if (!estimator.names.includes(name)) estimator.names = [...estimator.names, name];
}

export interface FitFact {
  seq: number;
  estimator: Estimator;
  method: 'fit' | 'fit_transform' | 'fit_resample';
  loc: Loc;
  /** The method name in `est.fit_transform(...)`, for edits. */
  methodLoc: Loc;
  receiverText: string;
  argsText: string;
  /** The arguments any estimator's `fit` takes: the data and `sample_weight`. */
  dataArgsText: string;
  data: DataNode[];
  /** Statement that holds the call, for inserting code after it. */
  statement: Loc;
}

export interface PredictionFact {
  estimator?: Estimator;
  loc: Loc;
  data: DataNode[];
  argsText: string;
  /** `predict`, `predict_proba`, ...: absent for `score` and cross-validation. */
  method?: string;
  /** The model in `model.predict(...)`, for edits. */
  receiverLoc?: Loc;
  /** Predictions made by cross-validation are out-of-fold. */
  crossValidated: boolean;
}

export interface EvaluationFact {
  estimator: Estimator;
  loc: Loc;
  /** Data the predictions were made on; absent for cross-validation. */
  prediction?: PredictionFact;
  via: 'metric' | 'score' | 'cross-validation' | 'comparison';
  metricName: string;
  statement: Loc;
  callText: string;
  scoreArgsText?: string;
  /** For a metric: where the predictions are among its arguments, as offsets into `callText`. */
  predictionsArgument?: TextRange;
  /** For cross-validation: where the estimator is among its arguments, the same way. */
  estimatorArgument?: TextRange;
}

/** A part of a text, by offsets into it. */
export interface TextRange {
  from: number;
  to: number;
}

/**
 * A prediction on data from outside the program that reached it without validation. Only
 * those are recorded: not a prediction on a part of a split or on data a model was fitted on,
 * which is evaluation, not serving.
 */
export interface InferenceFact {
  loc: Loc;
  callText: string;
  argText: string;
  /** Outside data that reached the call without validation: at least one. */
  taints: Taint[];
  /** The variable to guard in an inserted check, when the payload is a plain name. */
  guardName?: string;
  statement: Loc;
}

export interface PreprocessingFact {
  seq: number;
  loc: Loc;
  text: string;
  what: string;
  data: DataNode[];
}

export interface CallFact {
  qname: string;
  loc: Loc;
  calleeLoc: Loc;
  argListLoc: Loc;
  keywords: ReadonlyMap<string, { text: string; loc: Loc }>;
  positional: number;
  /** Alias under which numpy is imported, for rewriting global random calls. */
  numpyAlias?: string;
  /**
   * Whether the call is kept for the analyses of later versions (an editor keeps the calls of
   * the statements an edit did not touch), so that what is worked out about it can be kept too.
   */
  readonly kept?: boolean;
}

/** Where a recorded call's parts are: node numbers in the flat tree of its unit. */
export interface CallNodes {
  unit: Unit;
  tree: FlatTree;
  call: NodeId;
  callee: NodeId;
  argList: NodeId;
  /** Keyword arguments by name: the node of each value. */
  keywords: ReadonlyMap<string, { node: NodeId }> | undefined;
}

const NO_KEYWORDS: ReadonlyMap<string, { text: string; loc: Loc }> = new Map();

/**
 * A call as the analysis records it. Most recorded calls never reach a finding, so locations
 * and keyword texts are worked out only when a rule asks for them: from the flat tree while
 * the call is attached to it, else from the offsets `detach` kept.
 */
export class RecordedCall implements CallFact {
  private keywordTexts: ReadonlyMap<string, { text: string; loc: Loc }> | undefined;
  private nodes: CallNodes | undefined;
  private readonly unit: Unit;
  /** Once detached: from and to of the call, the callee and the argument list. */
  private spans: number[] | undefined;
  private keywordSpans: Map<string, number[]> | undefined;

  constructor(
    readonly qname: string,
    nodes: CallNodes,
    readonly positional: number,
    readonly numpyAlias: string | undefined,
  ) {
    this.nodes = nodes;
    this.unit = nodes.unit;
  }

  get loc(): Loc {
    return this.locOf(0, this.nodes?.call);
  }

  get calleeLoc(): Loc {
    return this.locOf(2, this.nodes?.callee);
  }

  get argListLoc(): Loc {
    return this.locOf(4, this.nodes?.argList);
  }

  get keywords(): ReadonlyMap<string, { text: string; loc: Loc }> {
    this.keywordTexts ??= this.readKeywords();
    return this.keywordTexts;
  }

  /** Detached calls are the ones an editor's analysis keeps from one version to the next. */
  get kept(): boolean {
    return this.nodes === undefined;
  }

  /** Where the call starts. */
  get start(): number {
    if (this.spans) return this.spans[0];
    const nodes = this.nodes as CallNodes;
    return nodes.tree.from(nodes.call);
  }

  /** Keeps offsets instead of the flat tree, which can then be let go. */
  detach(): void {
    const nodes = this.nodes;
    if (!nodes) return;
    const { tree } = nodes;
    const span = (node: NodeId): number[] => [tree.from(node), tree.to(node)];
    this.spans = [...span(nodes.call), ...span(nodes.callee), ...span(nodes.argList)];
    if (nodes.keywords) {
      this.keywordSpans = new Map();
      for (const [name, { node }] of nodes.keywords) this.keywordSpans.set(name, span(node));
    }
    this.nodes = undefined;
  }

  /** Moves a detached call by `delta`, where the same text is in a later version. */
  move(delta: number): void {
    const spans = this.spans as number[];
    for (let index = 0; index < spans.length; index++) spans[index] += delta;
    if (this.keywordSpans) {
      for (const span of this.keywordSpans.values()) {
        span[0] += delta;
        span[1] += delta;
      }
    }
    // The texts stay what they were: only where they are moves.
    if (this.keywordTexts) {
      for (const { loc } of this.keywordTexts.values()) {
        loc.from += delta;
        loc.to += delta;
      }
    }
  }

  private readKeywords(): ReadonlyMap<string, { text: string; loc: Loc }> {
    const texts = new Map<string, { text: string; loc: Loc }>();
    const add = (name: string, loc: Loc): void => {
      texts.set(name, { text: loc.unit.text.slice(loc.from, loc.to), loc });
    };
    if (this.nodes?.keywords) {
      for (const [name, { node }] of this.nodes.keywords) add(name, this.locOf(0, node));
    } else if (this.keywordSpans) {
      for (const [name, [from, to]] of this.keywordSpans) add(name, { unit: this.unit, from, to });
    }
    return texts.size > 0 ? texts : NO_KEYWORDS;
  }

  private locOf(at: number, node: NodeId | undefined): Loc {
    if (this.nodes && node !== undefined) {
      const { tree } = this.nodes;
      return { unit: this.unit, from: tree.from(node), to: tree.to(node) };
    }
    const spans = this.spans as number[];
    return { unit: this.unit, from: spans[at], to: spans[at + 1] };
  }
}

export interface SyntaxErrorFact {
  loc: Loc;
  message: string;
  /**
   * The error Python reports for its line (a string left open, a Python 2 `print`): parse
   * errors after it on the line follow from it and are not reported.
   */
  causesRest?: boolean;
  /**
   * Where the grammar's own error for the same fault may be reported, before this one: parse
   * errors from there up to this error are not reported.
   */
  hidesFrom?: number;
  /**
   * Where the parse met the error, when it is reported elsewhere (a bracket never closed is
   * reported where it opens): what causes or hides an error is judged from there.
   */
  foundAt?: number;
  /**
   * Where the code this error makes unreadable ends (the brackets two expressions in a row are
   * in): the refused code Python would find in it is not reported.
   */
  covers?: number;
}

/** Facts with nothing in them yet, of `units`. */
export function noFacts(units: Unit[]): ProgramFacts {
  return {
    units,
    syntaxErrors: [],
    inferences: [],
    estimators: [],
    splits: [],
    preprocessing: [],
    calls: [],
    metricComputed: false,
  };
}

export interface ProgramFacts {
  units: Unit[];
  cells?: NotebookCell[];
  syntaxErrors: SyntaxErrorFact[];
  inferences: InferenceFact[];
  estimators: Estimator[];
  splits: SplitFact[];
  preprocessing: PreprocessingFact[];
  /** Calls to the ML libraries and NumPy that can make results depend on randomness. */
  calls: CallFact[];
  /** Any metric at all was computed (`sklearn.metrics`, `.score`, cross-validation, ...). */
  metricComputed: boolean;
}

/** How far lineage is followed: bounds the work per question on long transformation chains. */
const MAX_LINEAGE = 256;

/** Every node reachable from `nodes` through parents, the nodes included. */
export function ancestry(nodes: DataNode[]): Set<DataNode> {
  const seen = new Set<DataNode>();
  const stack = [...nodes];
  while (stack.length > 0 && seen.size < MAX_LINEAGE) {
    const node = stack.pop() as DataNode;
    if (seen.has(node)) continue;
    seen.add(node);
    for (const parent of node.parents) stack.push(parent);
  }
  return seen;
}

/** The split role of data: the role of its nearest ancestors that have one. */
export function nearestRoles(nodes: DataNode[]): Set<'train' | 'test'> {
  const roles = new Set<'train' | 'test'>();
  const seen = new Set<DataNode>();
  const stack = [...nodes];
  while (stack.length > 0 && seen.size < MAX_LINEAGE) {
    const node = stack.pop() as DataNode;
    if (seen.has(node)) continue;
    seen.add(node);
    if (node.role) roles.add(node.role);
    else for (const parent of node.parents) stack.push(parent);
  }
  return roles;
}

/** The nearest ancestor that has the held-out role of a split, if any. */
export function heldOutPart(nodes: DataNode[]): DataNode | undefined {
  const seen = new Set<DataNode>();
  const stack = [...nodes];
  while (stack.length > 0 && seen.size < MAX_LINEAGE) {
    const node = stack.pop() as DataNode;
    if (seen.has(node)) continue;
    seen.add(node);
    if (node.role === 'test') return node;
    if (!node.role) for (const parent of node.parents) stack.push(parent);
  }
  return undefined;
}
