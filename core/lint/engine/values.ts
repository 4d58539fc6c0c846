// What the analysis knows about values (data lineage, estimators, modules, functions), the
// scopes that hold them, and how the values of several expressions combine into one.
import type { DataNode, Estimator, PredictionFact, SplitFact, Taint } from './facts';
import type { Unit } from './source';
import type { FlatTree, NodeId } from './syntax';

/** Shared by every value with no taints or no data: lists are never changed once built. */
export const NOTHING: never[] = [];

/**
 * What the analysis knows about the value of an expression. Every field exists on every value,
 * so that reading one is as cheap as it can be; values are identities, since an assignment to
 * an attribute or an item (`x[0] = ...`) and a `fit` on an unknown estimator change them.
 */
export class Val {
  qname: string | undefined = undefined;
  est: Estimator | undefined = undefined;
  preds: PredictionFact[] | undefined = undefined;
  /** Carries a statistic of whole columns (`df.mean()`). */
  stat: boolean | undefined = undefined;
  /** `splitter.split(X)`: iterating yields (train, test) index pairs. */
  cvPairs: SplitFact | undefined = undefined;
  items: Val[] | undefined = undefined;
  /**
   * A dictionary display's entries, in order, while the dictionary is as it was written (no
   * item assigned or method called on it since).
   */
  entries: DictEntry[] | undefined = undefined;
  func: FuncDef | undefined = undefined;
  /** A schema class or object: what it builds or validates is validated data. */
  schema: boolean | undefined = undefined;
  /** A class defined in the analysed program. */
  localClass: boolean | undefined = undefined;
  /** For instances of classes defined in the program: the class name. */
  className: string | undefined = undefined;

  constructor(
    public taints: Taint[],
    public data: DataNode[],
  ) {}

  copy(): Val {
    const copy = new Val(this.taints, this.data);
    copy.qname = this.qname;
    copy.est = this.est;
    copy.preds = this.preds;
    copy.stat = this.stat;
    copy.cvPairs = this.cvPairs;
    copy.items = this.items;
    copy.entries = this.entries;
    copy.func = this.func;
    copy.schema = this.schema;
    copy.localClass = this.localClass;
    copy.className = this.className;
    return copy;
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
  for (const val of vals) {
    if (val === EMPTY) continue;
    if (!first) {
      first = val;
      continue;
    }
    if (!result) {
      result = startUnion(first);
      result.est = first.est;
    }
    addData(result, val);
    result.est ??= val.est;
  }
  return result ?? first ?? EMPTY;
}

/** The data of several values (`derive` of each, united): EMPTY or a new value. */
export function unionData(vals: readonly Val[]): Val {
  let result: Val | undefined;
  for (const val of vals) {
    if (bare(val)) continue;
    if (!result) result = derive(val);
    else addData(result, val);
  }
  return result ?? EMPTY;
}

/** `val` if it is a new value the caller may change, else a copy of it. */
export function own(val: Val): Val {
  return val === EMPTY ? blank() : val;
}
