// A script's analysis in groups of top-level statements that share nothing: no module-level
// name one binds and another mentions, no attribute one assigns and another reads. Imports of
// names nothing else binds are shared by every group. Each group runs on its own, and the
// facts of all groups are put back in program order, so the result is the one a single run
// gives; after an edit, only the groups whose statements changed run again.
import { Analyzer, budgetFor, type StatementsRun } from './analyzer';
import {
  ORDER,
  RecordedCall,
  ordinalOf,
  reorderedTo,
  type CallFact,
  type ProgramFacts,
} from './facts';
import { isBuiltinName } from './knowledge';
import { refusedCode } from './refused';
import type { Loc, Unit } from './source';
import { statementInfo, type StatementInfo } from './statements';
import { FlatTree, type NodeId } from './syntax';

export interface Analysis {
  facts: ProgramFacts;
  unitsWithErrors: Unit[];
}

/** What an editor keeps of a document between versions, so that an edit re-runs little. */
export class AnalysisCache {
  /** What each top-level statement shares, by its text. */
  infos = new Map<string, StatementInfo>();
  /** The text of the shared imports, in order, the groups below ran with. */
  shared = '';
  /** The groups of the last version, by their statements' texts. */
  groups = new Map<string, Group>();
}

interface Group {
  key: string;
  /** Index among the unit's top-level statements, and start offset, of each statement. */
  ordinals: number[];
  starts: number[];
  run: StatementsRun;
  /** Whether its facts can be moved to a later version: each lies in one of its statements. */
  movable: boolean;
  /** For each location of the run, and each recorded call, the statement it lies in. */
  locStatements: Int32Array;
  calls: RecordedCall[];
  callStatements: Int32Array;
}

/**
 * One script's analysis: in groups when they stand apart, else in one run. `oneRun` asks for
 * one run, the result groups must equal.
 */
export function analyzeScript(unit: Unit, cache?: AnalysisCache, oneRun = false): Analysis {
  const tree = new FlatTree(unit.tree);
  const unitsWithErrors = tree.hasErrors ? [unit] : [];
  const statements: NodeId[] = [];
  for (let child = tree.firstChild(tree.root); child; child = tree.nextSibling(child)) {
    statements.push(child);
  }
  const grouped =
    !oneRun && statements.length < ORDER.statements
      ? analyzeInGroups(unit, tree, statements, cache)
      : undefined;
  const facts = grouped ?? new Analyzer().analyze([unit]);
  if (grouped) facts.syntaxErrors = refusedCode(unit, tree);
  else if (cache) cache.groups = new Map();
  return { facts, unitsWithErrors };
}

function analyzeInGroups(
  unit: Unit,
  tree: FlatTree,
  statements: NodeId[],
  cache: AnalysisCache | undefined,
): ProgramFacts | undefined {
  const texts = statements.map((node) => unit.text.slice(tree.from(node), tree.to(node)));
  const infos = statementInfos(tree, statements, texts, unit.text, cache);
  const { groups: members, shared, ties } = partition(infos);
  const sharedText = shared.map((ordinal) => texts[ordinal]).join('\n');
  const previous = cache && cache.shared === sharedText ? cache.groups : new Map<string, Group>();
  const budget = budgetFor([unit]);
  const groups: Group[] = [];
  let budgetUsed = 0;
  for (const ordinals of members) {
    const key = groupKey(ordinals, texts, shared);
    const starts = ordinals.map((ordinal) => tree.from(statements[ordinal]));
    const kept = previous.get(key);
    let group: Group | undefined;
    if (kept?.movable) {
      move(kept, ordinals, starts, unit);
      group = kept;
    } else {
      const run = new Analyzer().analyzeStatements(unit, tree, statements, ordinals, shared, budget);
      if (!standsAlone(run, ordinals, shared, infos, ties)) return undefined;
      group = recorded(key, ordinals, starts, texts, run);
    }
    budgetUsed += group.run.budgetUsed;
    if (budgetUsed >= budget) return undefined;
    groups.push(group);
  }
  if (cache) {
    cache.shared = sharedText;
    cache.groups = new Map(groups.map((group) => [group.key, group]));
  }
  return merged(groups, unit);
}

function statementInfos(
  tree: FlatTree,
  statements: NodeId[],
  texts: string[],
  unitText: string,
  cache: AnalysisCache | undefined,
): StatementInfo[] {
  const known = cache?.infos;
  const infos = new Map<string, StatementInfo>();
  const result = statements.map((node, index) => {
    const text = texts[index];
    let info = infos.get(text) ?? known?.get(text);
    if (!info) info = statementInfo(tree, node, unitText);
    infos.set(text, info);
    return info;
  });
  if (cache) cache.infos = infos;
  return result;
}

/**
 * The groups of statements that share nothing (by index, in order, each group in order of its
 * first statement), the shared imports (those binding only names nothing else binds), and what
 * each statement shares: the names and attributes that tie it to others.
 */
function partition(infos: StatementInfo[]): Partition {
  const boundElsewhere = new Set<string>();
  const stored = new Set<string>();
  for (const info of infos) {
    if (!info.isImport) for (const name of info.binds) boundElsewhere.add(name);
    for (const attribute of info.attributeStores) stored.add(attribute);
  }
  const isShared = infos.map(
    (info) => info.isImport && info.binds.every((name) => !boundElsewhere.has(name)),
  );
  const bound = new Set(boundElsewhere);
  const imported = new Set<string>();
  infos.forEach((info, index) => {
    for (const name of info.binds) (isShared[index] ? imported : bound).add(name);
  });
  const ties = infos.map((info, index) => {
    const keys: string[] = [];
    if (isShared[index]) return keys;
    for (const name of info.names) if (bound.has(name)) keys.push(name);
    for (const name of info.values) {
      if (!bound.has(name) && !imported.has(name) && !isBuiltinName(name)) keys.push(name);
    }
    for (const member of info.members) if (stored.has(member)) keys.push(`.${member}`);
    return keys;
  });

  const parent = infos.map((_, index) => index);
  const root = (index: number): number => {
    while (parent[index] !== index) {
      parent[index] = parent[parent[index]];
      index = parent[index];
    }
    return index;
  };
  const owner = new Map<string, number>();
  ties.forEach((keys, index) => {
    for (const key of keys) {
      const other = owner.get(key);
      if (other === undefined) owner.set(key, index);
      else parent[root(index)] = root(other);
    }
  });

  const byRoot = new Map<number, number[]>();
  const shared: number[] = [];
  infos.forEach((_, index) => {
    if (isShared[index]) {
      shared.push(index);
      return;
    }
    const key = root(index);
    const group = byRoot.get(key);
    if (group) group.push(index);
    else byRoot.set(key, [index]);
  });
  return { groups: [...byRoot.values()], shared, ties };
}

interface Partition {
  groups: number[][];
  shared: number[];
  ties: string[][];
}

/** What a group's run depends on: its statements' texts and where the shared imports fall. */
function groupKey(ordinals: number[], texts: string[], shared: number[]): string {
  let key = '';
  let before = 0;
  for (const ordinal of ordinals) {
    while (before < shared.length && shared[before] < ordinal) before++;
    key += `${before}\u0000${texts[ordinal]}\u0001`;
  }
  return key;
}

/**
 * Whether a group's run kept in module scope only names its statements bind or share with
 * others, and assigned only attributes they assign (the syntax read in statements.ts is
 * checked against the run), and left the shared state alone.
 */
function standsAlone(
  run: StatementsRun,
  ordinals: number[],
  shared: number[],
  infos: StatementInfo[],
  ties: string[][],
): boolean {
  if (!run.standsAlone) return false;
  const names = new Set<string>();
  const stores = new Set<string>();
  for (const ordinal of ordinals) {
    for (const name of infos[ordinal].binds) names.add(name);
    for (const name of ties[ordinal]) names.add(name);
    for (const attribute of infos[ordinal].attributeStores) stores.add(attribute);
  }
  for (const ordinal of shared) for (const name of infos[ordinal].binds) names.add(name);
  return (
    run.moduleNames.every((name) => names.has(name)) &&
    run.attributeNames.every((attribute) => stores.has(attribute))
  );
}

function recorded(
  key: string,
  ordinals: number[],
  starts: number[],
  texts: string[],
  run: StatementsRun,
): Group {
  const ends = starts.map((start, index) => start + texts[ordinals[index]].length);
  const statementAt = (from: number, to: number): number => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle] <= from) low = middle;
      else high = middle - 1;
    }
    return starts[low] <= from && to <= ends[low] ? low : -1;
  };
  let movable = true;
  const locStatements = Int32Array.from(run.locs, (loc) => {
    const index = statementAt(loc.from, loc.to);
    if (index < 0) movable = false;
    return index;
  });
  const calls = run.facts.calls.filter((call): call is RecordedCall => {
    if (!(call instanceof RecordedCall)) movable = false;
    return call instanceof RecordedCall;
  });
  const callStatements = Int32Array.from(calls, (call) => {
    const start = call.start;
    call.detach();
    const index = statementAt(start, start);
    if (index < 0) movable = false;
    return index;
  });
  const known = new Set(ordinals);
  for (const sequenced of sequencedFacts(run.facts)) {
    if (!known.has(ordinalOf(sequenced.seq))) movable = false;
  }
  return { key, ordinals, starts, run, movable, locStatements, calls, callStatements };
}

function* sequencedFacts(facts: ProgramFacts): Iterable<{ seq: number }> {
  yield* facts.splits;
  yield* facts.preprocessing;
  for (const estimator of facts.estimators) yield* estimator.fits;
}

/** Moves a group's facts to where its statements are now, in `unit`. */
function move(group: Group, ordinals: number[], starts: number[], unit: Unit): void {
  const shifts = starts.map((start, index) => start - group.starts[index]);
  const locs = group.run.locs;
  for (let index = 0; index < locs.length; index++) {
    const loc: Loc = locs[index];
    const shift = shifts[group.locStatements[index]];
    loc.from += shift;
    loc.to += shift;
    loc.unit = unit;
  }
  group.calls.forEach((call, index) => call.move(shifts[group.callStatements[index]], unit));
  const renumbered = ordinals.some((ordinal, index) => ordinal !== group.ordinals[index]);
  if (renumbered) {
    const newOrdinal = new Map(group.ordinals.map((ordinal, index) => [ordinal, ordinals[index]]));
    for (const sequenced of sequencedFacts(group.run.facts)) {
      sequenced.seq = reorderedTo(sequenced.seq, newOrdinal.get(ordinalOf(sequenced.seq)) ?? 0);
    }
    for (const mark of group.run.marks) mark.ordinal = newOrdinal.get(mark.ordinal) ?? 0;
  }
  group.run.facts.units = [unit];
  group.ordinals = ordinals;
  group.starts = starts;
}

/** The facts of all groups in program order: by phase, then statement, then within. */
function merged(groups: Group[], unit: Unit): ProgramFacts {
  const slices: { order: number; run: StatementsRun; mark: number }[] = [];
  for (const group of groups) {
    group.run.marks.forEach((mark, index) => {
      slices.push({ order: mark.phase * ORDER.statements + mark.ordinal, run: group.run, mark: index });
    });
  }
  slices.sort((a, b) => a.order - b.order);
  const facts: ProgramFacts = {
    units: [unit],
    syntaxErrors: [],
    inferences: [],
    estimators: [],
    splits: [],
    preprocessing: [],
    calls: [],
    metricComputed: groups.some((group) => group.run.facts.metricComputed),
  };
  for (const { run, mark } of slices) {
    const from = run.marks[mark].at;
    const to = run.marks[mark + 1]?.at;
    const part = run.facts;
    append(facts.inferences, part.inferences, from[0], to?.[0]);
    append(facts.estimators, part.estimators, from[1], to?.[1]);
    append(facts.splits, part.splits, from[2], to?.[2]);
    append(facts.preprocessing, part.preprocessing, from[3], to?.[3]);
    append(facts.calls as CallFact[], part.calls, from[4], to?.[4]);
  }
  return facts;
}

function append<T>(into: T[], from: T[], start: number, end: number | undefined): void {
  const stop = end ?? from.length;
  for (let index = start; index < stop; index++) into.push(from[index]);
}
