// What the analysis knows about values (data lineage, estimators, modules, functions), the
// scopes that hold them, and how the values of several expressions combine into one.
import type { DataNode, Estimator, PredictionFact, SplitFact, Taint } from './facts';
import type { Unit } from './source';
import type { FlatTree, NodeId } from './syntax';

/** Shared by every value with no taints or no data: lists are never changed once built. */
export const NOTHING: never[] = [];

/** What few values know: kept apart, so that a value without any of it stays small. */
class Rare {
  preds: PredictionFact[] | undefined = undefined;
  stat: boolean | undefined = undefined;
  cvPairs: SplitFact | undefined = undefined;
  items: Val[] | undefined = undefined;
  entries: DictEntry[] | undefined = undefined;
  func: FuncDef | undefined = undefined;
  schema: boolean | undefined = undefined;
  localClass: boolean | undefined = undefined;
  className: string | undefined = undefined;

  copy(): Rare {
    return Object.assign(new Rare(), this);
  }
}

/**
 * What the analysis knows about the value of an expression. Data, taints, the module or
 * function a name refers to and the estimator are fields of every value; what few values know
 * (predictions, items, functions, ...) sits in one object apart, made the first time one of
 * those is set, since an analysis keeps every value bound to a name until it ends. Values are
 * identities, since an assignment to an attribute or an item (`x[0] = ...`) and a `fit` on an
 * unknown estimator change them.
 */
export class Val {
  qname: string | undefined = undefined;
  est: Estimator | undefined = undefined;
  private rare: Rare | undefined = undefined;

  constructor(
    public taints: Taint[],
    public data: DataNode[],
  ) {}

  get preds(): PredictionFact[] | undefined {
    return this.rare?.preds;
  }

  set preds(preds: PredictionFact[] | undefined) {
    if (preds !== undefined || this.rare !== undefined) this.own().preds = preds;
  }

  /** Carries a statistic of whole columns (`df.mean()`). */
  get stat(): boolean | undefined {
    return this.rare?.stat;
  }

  set stat(stat: boolean | undefined) {
    if (stat !== undefined || this.rare !== undefined) this.own().stat = stat;
  }

  /** `splitter.split(X)`: iterating yields (train, test) index pairs. */
  get cvPairs(): SplitFact | undefined {
    return this.rare?.cvPairs;
  }

  set cvPairs(cvPairs: SplitFact | undefined) {
    if (cvPairs !== undefined || this.rare !== undefined) this.own().cvPairs = cvPairs;
  }

  get items(): Val[] | undefined {
    return this.rare?.items;
  }

  set items(items: Val[] | undefined) {
    if (items !== undefined || this.rare !== undefined) this.own().items = items;
  }

  /**
   * A dictionary display's entries, in order, while the dictionary is as it was written (no
   * item assigned or method called on it since).
   */
  get entries(): DictEntry[] | undefined {
    return this.rare?.entries;
  }

  set entries(entries: DictEntry[] | undefined) {
    if (entries !== undefined || this.rare !== undefined) this.own().entries = entries;
  }

  get func(): FuncDef | undefined {
    return this.rare?.func;
  }

  set func(func: FuncDef | undefined) {
    if (func !== undefined || this.rare !== undefined) this.own().func = func;
  }

  /** A schema class or object: what it builds or validates is validated data. */
  get schema(): boolean | undefined {
    return this.rare?.schema;
  }

  set schema(schema: boolean | undefined) {
    if (schema !== undefined || this.rare !== undefined) this.own().schema = schema;
  }

  /** A class defined in the analysed program. */
  get localClass(): boolean | undefined {
    return this.rare?.localClass;
  }

  set localClass(localClass: boolean | undefined) {
    if (localClass !== undefined || this.rare !== undefined) this.own().localClass = localClass;
  }

  /** For instances of classes defined in the program: the class name. */
  get className(): string | undefined {
    return this.rare?.className;
  }

  set className(className: string | undefined) {
    if (className !== undefined || this.rare !== undefined) this.own().className = className;
  }

  copy(): Val {
    const copy = new Val(this.taints, this.data);
    copy.qname = this.qname;
    copy.est = this.est;
    if (this.rare !== undefined) copy.rare = this.rare.copy();
    return copy;
  }

  private own(): Rare {
    return (this.rare ??= new Rare());
  }
}

/**
 * A key and its value in a dictionary. The key's name, for a string key, is `name`, or read
 * when asked for from the text of the display (`keyNode` in `keyTree`, over `keyText`).
 */
export interface DictEntry {
  key: Val;
  value: Val;
  name?: string;
  keyNode?: NodeId;
  keyTree?: FlatTree;
  keyText?: string;
}

/** Nothing known. Never changed: code that changes a value checks for it first. */
export const EMPTY = new Val(NOTHING, NOTHING);

/** A new value with nothing known, distinct from EMPTY and from every other value. */
export function blank(): Val {
  return new Val(NOTHING, NOTHING);
}

export function withQname(qname: string): Val {
  const val = blank();
  val.qname = qname;
  return val;
}

export function withEstimator(estimator: Estimator): Val {
  const val = blank();
  val.est = estimator;
  return val;
}

export function withPredictions(taints: Taint[], data: DataNode, preds: PredictionFact[]): Val {
  const val = new Val(taints, [data]);
  val.preds = preds;
  return val;
}

export function schemaVal(data: DataNode[]): Val {
  const val = new Val(NOTHING, data);
  val.schema = true;
  return val;
}

export interface FuncDef {
  name: string;
  node: NodeId;
  unit: Unit;
  tree: FlatTree;
  scope: Scope;
  serving: boolean;
  active: boolean;
  evaluated: boolean;
  /** The top-level statement that ran its definition, and the phase it ran in. */
  ordinal: number;
  phase: number;
}

export class Scope {
  readonly vars = new Map<string, Val>();
  returns: Val[] | undefined;

  constructor(readonly parent?: Scope) {}

  lookup(name: string): Val | undefined {
    for (let scope: Scope | undefined = this; scope; scope = scope.parent) {
      const found = scope.vars.get(name);
      if (found) return found;
    }
    return undefined;
  }
}

/**
 * `list` added to `into`, in order, leaving out items (by id) that are there already. The
 * result is `into` itself when nothing is added, else a new list of exactly its size.
 */
export function merge<T extends { id: number }>(into: T[], list: T[]): T[] {
  if (list.length === 0) return into;
  if (into.length === 0) return list;
  if (list.length === 1) return holds(into, list[0]) ? into : into.concat(list);
  if (into.length * list.length > SCANNED_PAIRS) return mergeLong(into, list);
  let added: T[] | undefined;
  for (const item of list) {
    if (!holds(into, item) && !(added && holds(added, item))) (added ??= []).push(item);
  }
  return added === undefined ? into : into.concat(added);
}

/**
 * Above this many pairs of items, `merge` looks ids up in a set instead of comparing every
 * pair: lists that hold lists that hold lists would otherwise cost the cube of their depth.
 */
const SCANNED_PAIRS = 256;

function mergeLong<T extends { id: number }>(into: T[], list: T[]): T[] {
  const seen = new Set<number>();
  for (const item of into) seen.add(item.id);
  let added: T[] | undefined;
  for (const item of list) {
    if (seen.has(item.id)) continue;
    seen.add(item.id);
    (added ??= []).push(item);
  }
  return added === undefined ? into : into.concat(added);
}

function holds<T extends { id: number }>(list: T[], item: T): boolean {
  for (const other of list) if (other.id === item.id) return true;
  return false;
}

/** Whether a value carries no data: its derived value (see `derive`) is EMPTY. */
function bare(val: Val): boolean {
  return val.taints.length === 0 && val.data.length === 0 && !val.preds && !val.stat;
}

/** A new value with the data of `val`, without its estimator, module or function identity. */
export function derive(val: Val): Val {
  if (bare(val)) return EMPTY;
  const derived = new Val(val.taints, val.data);
  derived.preds = val.preds;
  derived.stat = val.stat;
  return derived;
}

/** Adds the data of `val` to a union built by `union` or `unionData` (and owned by it). */
function addData(union: Val, val: Val): void {
  union.taints = merge(union.taints, val.taints);
  union.data = merge(union.data, val.data);
  if (val.preds && val.preds.length > 0) {
    union.preds = union.preds ? union.preds.concat(val.preds) : val.preds;
  }
  if (val.stat) union.stat = true;
}

/** A new value to build a union of several values in, starting with the data of `val`. */
function startUnion(val: Val): Val {
  const union = new Val(val.taints, val.data);
  union.preds = val.preds && val.preds.length > 0 ? val.preds : undefined;
  union.stat = val.stat ? true : undefined;
  return union;
}

/**
 * What several values together carry: the one value itself when only one of them is not
 * EMPTY, else a new value with all their data and the first estimator among them.
 */
export function union(vals: readonly Val[]): Val {
  let first: Val | undefined;
  let result: Val | undefined;
  for (let i = 0; i < vals.length; i++) {
    const val = vals[i];
    if (val === EMPTY) continue;
    if (!first) {
      first = val;
      continue;
    }
    if (!result) {
      result = startUnion(first);
      result.est = first.est;
    }
    if (vals.length - i > LONG_UNION) return addAll(result, vals, i, true);
    addData(result, val);
    result.est ??= val.est;
  }
  return result ?? first ?? EMPTY;
}

/** The data of several values (`derive` of each, united): EMPTY or a new value. */
export function unionData(vals: readonly Val[]): Val {
  let result: Val | undefined;
  for (let i = 0; i < vals.length; i++) {
    const val = vals[i];
    if (bare(val)) continue;
    if (!result) result = derive(val);
    else if (vals.length - i > LONG_UNION) return addAll(result, vals, i, false);
    else addData(result, val);
  }
  return result ?? EMPTY;
}

/**
 * Beyond this many values, a union looks ids up in sets and appends in place, instead of
 * merging one value at a time (which costs the square of their number: `[a0, a1, ...]`).
 */
const LONG_UNION = 32;

/**
 * Adds to `union` the data of `vals` from `start` on, as `addData` one at a time would (each
 * item once, in the order first met), and with `withEstimator`, the first estimator.
 */
function addAll(union: Val, vals: readonly Val[], start: number, withEstimator: boolean): Val {
  const taints = new Gathered(union.taints);
  const data = new Gathered(union.data);
  let preds = union.preds;
  let ownPreds = false;
  for (let i = start; i < vals.length; i++) {
    const val = vals[i];
    if (val === EMPTY) continue;
    taints.add(val.taints);
    data.add(val.data);
    const more = val.preds;
    if (more && more.length > 0) {
      if (!preds) preds = more;
      else {
        if (!ownPreds) preds = preds.slice();
        ownPreds = true;
        for (const pred of more) preds.push(pred);
      }
    }
    if (val.stat) union.stat = true;
    if (withEstimator) union.est ??= val.est;
  }
  union.taints = taints.items;
  union.data = data.items;
  union.preds = preds;
  return union;
}

/** A list of items by id, each once, copied only when something is added to it. */
class Gathered<T extends { id: number }> {
  private readonly seen = new Set<number>();
  private owned = false;

  constructor(public items: T[]) {
    for (const item of items) this.seen.add(item.id);
  }

  add(list: readonly T[]): void {
    for (const item of list) {
      if (this.seen.has(item.id)) continue;
      this.seen.add(item.id);
      if (!this.owned) this.items = this.items.slice();
      this.owned = true;
      this.items.push(item);
    }
  }
}

/** `val` if it is a new value the caller may change, else a copy of it. */
export function own(val: Val): Val {
  return val === EMPTY ? blank() : val;
}
