// A script's analysis in groups of top-level statements that share nothing: no module-level
// name one binds and another mentions, no attribute one assigns and another reads. Imports of
// names nothing else binds are shared by every group. Each group runs on its own, and the
// facts of all groups are put back in program order, so the result is the one a single run
// gives; after an edit, only the groups whose statements changed run again.
import { Tree } from '@lezer/common';
import { Analyzer, budgetFor, type StatementsRun } from './analyzer';
import { changeBetween } from './changes';
import {
  ORDER,
  RecordedCall,
  noFacts,
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

/** A top-level statement, kept from one version to the next while its text stays. */
interface Statement {
  id: number;
  from: number;
  to: number;
  info: StatementInfo;
  /** The keys (see AnalysisCache.keys) of what ties it to other statements. */
  ties: number[];
  shared: boolean;
  /** The shared imports its run can see: those binding a name it mentions, and numpy's. */
  imports: Statement[];
  /** The group it last ran in, while its facts can be moved. */
  group?: Group;
  /** The last version (see AnalysisCache.versions) whose text holds it. */
  version: number;
  /** Its node in the flat tree of that version (see AnalysisCache.statementsTree). */
  node: NodeId;
}

/** The largest flat tree kept for the next version to reuse: that of about 40,000 lines. */
const MAX_RETIRED_BYTES = 16 << 20;

/** What an editor keeps of a document between versions, so that an edit re-runs little. */
export class AnalysisCache {
  /** How many versions were analysed. */
  versions = 0;

  /**
   * `groupFrom` is the first version analysed in groups. A document opened and never edited
   * is best analysed once, in one run, which costs less and keeps nothing; the groups are
   * built with the first edit.
   */
  constructor(readonly groupFrom = 2) {}

  /** The unit the kept facts point into, brought up to each version in place. */
  unit: Unit | undefined;
  /** The flat tree of the last version, whose nodes the next one can copy where it kept them. */
  flat: FlatTree | undefined;
  /**
   * The flat tree of the version before, which nothing reads any more (kept groups' facts hold
   * offsets, not nodes): the next version's tree takes over its memory instead of allocating
   * as much again on every edit. Kept only up to `maxRetiredBytes`, since it stays as long as
   * the cache does.
   */
  retired: FlatTree | undefined;
  maxRetiredBytes = MAX_RETIRED_BYTES;
  text = '';
  statements: Statement[] = [];
  /** The names and attributes statements share, numbered. */
  keys = new Map<string, number>();
  /** How many statements bind each name (imports apart), import it, or assign an attribute. */
  binds = new Map<string, number>();
  imports = new Map<string, number>();
  stores = new Map<string, number>();
  /** Names bound in module scope by any statement not shared; the shared imports of a name. */
  bound = new Set<string>();
  imported = new Map<string, Statement[]>();
  /** The shared imports of numpy, whose alias every statement's calls are recorded with. */
  numpyImports: Statement[] = [];
  /** Whether some name is imported more often than groups are worth (see sharesOf). */
  tooManyImports = false;
  /**
   * Statements of the last few versions that are gone, by their text, with the shape of their
   * syntax (see FlatTree.shapeOf) when it is known.
   */
  removed = new Map<string, Removed>();
  /** The flat tree the statements' nodes are in, and whether it holds a syntax error. */
  statementsTree: FlatTree | undefined;
  readWithErrors = false;
  /** The top-level segments of the last version's tree, which later versions may reuse. */
  segments = new Set<Tree>();
  /**
   * Whether some statement came back from `removed` since the last version analysed in groups:
   * one that came back in a version analysed in one run is back in its old group, which may
   * now see the shared imports in other places.
   */
  revived = false;
  nextId = 1;
  /** How the last version was analysed: in how many groups, of which how many ran. */
  last = { groups: 0, ran: 0, inOneRun: false };
  /** Whether what is bound, imported or assigned changed since statements' ties were read. */
  changed = true;
  /**
   * Whether an import came or went since then: what is shared may have changed, so every
   * statement's ties are read again. Otherwise only those mentioning a name in `flipped`.
   */
  importsChanged = true;
  /** Names bound (`binds`) or attributes assigned (`.name`) that came or went since then. */
  flipped = new Set<string>();
  /** How many statements' ties the last version read. */
  retied = 0;

  /** Counts a statement's bindings in or out (`by` 1 or -1). */
  count(info: StatementInfo, by: 1 | -1): void {
    if (info.isImport) this.changed = this.importsChanged = true;
    const tally = (counts: Map<string, number>, name: string, key: string): void => {
      const now = (counts.get(name) ?? 0) + by;
      if (now === 0) counts.delete(name);
      else counts.set(name, now);
      if (now === 0 || now === by) {
        this.changed = true;
        this.flipped.add(key);
      }
    };
    for (const name of info.binds) tally(info.isImport ? this.imports : this.binds, name, name);
    for (const attribute of info.attributeStores) tally(this.stores, attribute, `.${attribute}`);
  }

  /** `unit`'s version of the text, in the unit object kept facts point into. */
  adopt(unit: Unit): Unit {
    const kept = this.unit;
    if (kept === undefined) {
      this.unit = unit;
      return unit;
    }
    kept.text = unit.text;
    kept.tree = unit.tree;
    kept.lineStarts = unit.lineStarts;
    kept.cell = unit.cell;
    kept.source = unit.source;
    return kept;
  }

  key(name: string): number {
    let key = this.keys.get(name);
    if (key === undefined) {
      key = this.keys.size;
      this.keys.set(name, key);
    }
    return key;
  }
}

/**
 * A statement that left the text, with the shape of its syntax (see FlatTree.shapeOf) when it
 * is known, and whether the text it was read in held a syntax error.
 */
interface Removed {
  statement: Statement;
  age: number;
  shape: number | undefined;
  withErrors: boolean;
}

interface Group {
  /**
   * Its statements, in order, the shared imports it ran with, and those imports' ids and
   * places among its statements.
   */
  statements: Statement[];
  seen: Statement[];
  /** Each statement's list of shared imports, and numpy's last import, when `seen` was read. */
  importsOf: Statement['imports'][];
  numpy: Statement | undefined;
  sharedKey: string;
  /** Index among the unit's top-level statements, and start offset, of each statement. */
  ordinals: number[];
  starts: number[];
  run: StatementsRun;
  /** Names its run kept in module scope that its statements neither bind nor share. */
  unclaimed: string[];
  /** Whether its facts can be moved to a later version: each lies in one of its statements. */
  movable: boolean;
  /** For each location of the run, and each recorded call, the statement it lies in. */
  locStatements: Int32Array;
  calls: RecordedCall[];
  callStatements: Int32Array;
}

/**
 * One script's analysis. With an editor's `cache`, in groups when they stand apart, so that the
 * next version re-runs only the groups an edit touched; without, in one run, which costs less
 * when nothing is kept. Both give the same facts.
 */
export function analyzeScript(unit: Unit, cache?: AnalysisCache): Analysis {
  if (cache === undefined || ++cache.versions < cache.groupFrom) {
    if (cache) cache.last = { groups: 0, ran: 1, inOneRun: true };
    const analyzer = new Analyzer();
    return { facts: analyzer.analyze([unit]), unitsWithErrors: analyzer.unitsWithErrors };
  }
  unit = cache.adopt(unit);
  const previous = cache.flat;
  const tree = new FlatTree(unit.tree, previous, cache.retired);
  cache.retired = previous && previous.bytes <= cache.maxRetiredBytes ? previous : undefined;
  cache.flat = tree;
  const unitsWithErrors = tree.hasErrors ? [unit] : [];
  const nodes: NodeId[] = [];
  for (let child = tree.firstChild(tree.root); child; child = tree.nextSibling(child)) {
    nodes.push(child);
  }
  const grouped =
    nodes.length < ORDER.statements
      ? analyzeInGroups(unit, tree, previous, nodes, cache)
      : undefined;
  if (grouped) {
    grouped.syntaxErrors = refusedCode(unit, tree);
    return { facts: grouped, unitsWithErrors };
  }
  cache.last = { groups: 0, ran: 1, inOneRun: true };
  // The groups stay for the next version: a script that does not stand apart while a
  // statement is half typed usually does again once it is finished.
  return { facts: new Analyzer().analyze([unit], [tree]), unitsWithErrors };
}

function analyzeInGroups(
  unit: Unit,
  tree: FlatTree,
  previous: FlatTree | undefined,
  nodes: NodeId[],
  cache: AnalysisCache,
): ProgramFacts | undefined {
  const statements = sharesOf(correspond(cache, unit, tree, previous, nodes), cache);
  cache.text = unit.text;
  if (cache.tooManyImports) return undefined;
  const shared = new Map<Statement, number>();
  statements.forEach((statement, ordinal) => statement.shared && shared.set(statement, ordinal));
  const budget = budgetFor([unit]);
  const numpy = cache.numpyImports[cache.numpyImports.length - 1];
  const plans = partition(statements, cache.keys.size).map((ordinals) => {
    const kept = statements[ordinals[0]].group;
    const same = kept !== undefined && holds(kept, statements, ordinals);
    const members = same ? kept.statements : ordinals.map((ordinal) => statements[ordinal]);
    const seen =
      same && kept.numpy === numpy && sameImports(kept, members)
        ? kept.seen
        : sharedImports(members, numpy);
    // Statements kept from the last version keep their order, so the same statements seeing
    // the same imports see them in the same places; one that came back may have moved.
    const sharedKey =
      same && !cache.revived && sameList(kept.seen, seen)
        ? kept.sharedKey
        : sharedImportsKey(members, seen);
    const reused = same && kept.sharedKey === sharedKey ? kept : undefined;
    // Only a group kept as it is has seen what its statements see now (a group that is to run
    // again may not, if this version ends up analysed in one run).
    if (reused && seen !== reused.seen) keepImports(reused, members, numpy);
    return { ordinals, members, seen, sharedKey, reused };
  });
  let importsRun = 0;
  for (const plan of plans) if (!plan.reused) importsRun += plan.seen.length;
  if (importsRun > IMPORTS_RUN_PER_STATEMENT * statements.length) return undefined;

  const groups: Group[] = [];
  let ran = 0;
  let budgetUsed = 0;
  for (const { ordinals, members, seen, sharedKey, reused } of plans) {
    let group: Group;
    if (reused) {
      move(reused, ordinals);
      group = reused;
    } else {
      ran++;
      const starts = members.map((statement) => statement.from);
      const imports = seen.map((binder) => shared.get(binder) as number).sort((a, b) => a - b);
      const run = new Analyzer().analyzeStatements(unit, tree, nodes, ordinals, imports, budget);
      const unclaimed = unclaimedNames(run, ordinals, imports, statements, cache);
      if (unclaimed === undefined) return undefined;
      const ends = members.map((statement) => statement.to);
      group = recorded(members, seen, numpy, sharedKey, ordinals, starts, ends, run, unclaimed);
      for (const statement of members) statement.group = group.movable ? group : undefined;
    }
    budgetUsed += group.run.budgetUsed;
    if (budgetUsed >= budget) return undefined;
    groups.push(group);
  }
  if (!groupsApart(groups, cache)) return undefined;
  cache.last = { groups: groups.length, ran, inOneRun: false };
  cache.revived = false;
  return merged(groups, statements.length, unit);
}

/**
 * The shared imports a group's run needs: those binding a name its statements mention, and the
 * imports of numpy that set the alias its calls are recorded with. It looks up no other name,
 * so the other imports are nothing to it.
 */
function sharedImports(members: Statement[], numpy: Statement | undefined): Statement[] {
  const imports = new Set<Statement>();
  for (const statement of members) for (const binder of statement.imports) imports.add(binder);
  // The alias a function nobody calls records its calls with is the last one imported.
  if (numpy) imports.add(numpy);
  return [...imports];
}

/**
 * Whether the shared imports a group saw are still those its statements see: each statement's
 * list of imports is replaced, never changed, when what it sees may have changed.
 */
function sameImports(group: Group, members: Statement[]): boolean {
  const imports = group.importsOf;
  for (let index = 0; index < members.length; index++) {
    if (members[index].imports !== imports[index]) return false;
  }
  return true;
}

/** Records what a group's statements see, for `sameImports` in the next versions. */
function keepImports(group: Group, members: Statement[], numpy: Statement | undefined): void {
  group.importsOf = members.map((statement) => statement.imports);
  group.numpy = numpy;
}

/**
 * The last of `imports` (in document order) that comes before `from`: numpy's alias at a
 * statement is the one the last import of numpy before it gave.
 */
function lastBefore(imports: Statement[], from: number): Statement | undefined {
  let found: Statement | undefined;
  for (const statement of imports) {
    if (statement.from >= from) break;
    found = statement;
  }
  return found;
}

/**
 * The shared imports a group's run sees, in order, and where they fall among its statements:
 * of two imports of one name, the later one counts.
 */
function sharedImportsKey(members: Statement[], imports: Statement[]): string {
  const inOrder = imports.slice().sort((a, b) => a.from - b.from);
  const places = inOrder.map((binder) => {
    const before = members.findIndex((statement) => statement.from > binder.from);
    return `${binder.id}@${before < 0 ? members.length : before}`;
  });
  return places.join(',');
}

/** Whether a group's statements are those at `ordinals` among `statements`, in that order. */
function holds(group: Group, statements: Statement[], ordinals: number[]): boolean {
  const members = group.statements;
  if (members.length !== ordinals.length) return false;
  for (let index = 0; index < ordinals.length; index++) {
    if (members[index] !== statements[ordinals[index]]) return false;
  }
  return true;
}

/** Whether two lists hold the same items in the same order. */
function sameList<T>(a: T[], b: T[]): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return false;
  return true;
}

/**
 * The statements of the new version: those outside the edit (the text the last version and
 * this one have in common at their start and at their end) are the last version's, the rest
 * are read anew. `cache` is left counting the bindings of the new statements.
 *
 * Next to a syntax error, the same text can parse otherwise (lezer's error recovery reads it in
 * the light of what comes before it): where this version or the one a statement was read in
 * has one, a statement outside the edit but in a segment parsed anew is kept, or comes back,
 * only if its syntax has the same shape as when it was read.
 */
function correspond(
  cache: AnalysisCache,
  unit: Unit,
  tree: FlatTree,
  previous: FlatTree | undefined,
  nodes: NodeId[],
): Statement[] {
  const text = unit.text;
  const old = cache.statements;
  const last = cache.text;
  const change = changeBetween(last, text);
  const prefix = change.from;
  const suffix = text.length - change.to;
  const delta = text.length - last.length;
  const version = cache.versions;
  // The tree the kept statements' nodes are in, when it is the last version's.
  const lastTree = cache.statementsTree === previous ? previous : undefined;
  const parsedAnew = segmentsParsedAnew(unit.tree, cache);
  const withErrors = tree.hasErrors || cache.readWithErrors;
  const mayDiffer = (from: number, to: number): boolean =>
    withErrors && parsedAnew.some(([start, end]) => from < end && to > start);
  let next = 0;
  const statements = nodes.map((node): Statement => {
    const from = tree.from(node);
    const to = tree.to(node);
    const shift = to <= prefix ? 0 : from >= text.length - suffix ? delta : undefined;
    if (shift !== undefined) {
      while (next < old.length && old[next].from < from - shift) next++;
      const candidate = old[next];
      if (candidate && candidate.from === from - shift && candidate.to === to - shift) {
        // Moved in place: the search goes on from the old statement after it.
        next++;
        const same =
          !mayDiffer(from, to) ||
          (lastTree !== undefined && lastTree.shapeOf(candidate.node) === tree.shapeOf(node));
        if (same) {
          candidate.from = from;
          candidate.to = to;
          candidate.version = version;
          candidate.node = node;
          return candidate;
        }
      }
    }
    const revived = cache.removed.size > 0 ? cache.removed.get(text.slice(from, to)) : undefined;
    const readAlike =
      revived !== undefined &&
      (!(tree.hasErrors || revived.withErrors) || revived.shape === tree.shapeOf(node));
    if (revived && readAlike) {
      cache.revived = true;
      cache.removed.delete(text.slice(from, to));
      const statement = revived.statement;
      statement.from = from;
      statement.to = to;
      statement.version = version;
      statement.node = node;
      statement.ties = NO_TIES;
      cache.count(statement.info, 1);
      return statement;
    }
    const info = statementInfo(tree, node, text);
    cache.count(info, 1);
    const id = cache.nextId++;
    return { id, from, to, info, ties: NO_TIES, shared: false, imports: [], version, node };
  });
  for (const [text, entry] of cache.removed) {
    if (++entry.age > KEPT_VERSIONS) cache.removed.delete(text);
  }
  for (const statement of old) {
    if (statement.version === version) continue;
    cache.count(statement.info, -1);
    const shape = lastTree?.shapeOf(statement.node);
    const entry = { statement, age: 0, shape, withErrors: cache.readWithErrors };
    cache.removed.set(last.slice(statement.from, statement.to), entry);
  }
  cache.statements = statements;
  cache.statementsTree = tree;
  cache.readWithErrors = tree.hasErrors;
  return statements;
}

/**
 * Where `tree` has top-level segments the last version's tree did not (parsed anew, or not
 * parsed in segments at all); the cache is left knowing this version's segments.
 */
function segmentsParsedAnew(tree: Tree, cache: AnalysisCache): [number, number][] {
  const segments = new Set<Tree>();
  const anew: [number, number][] = [];
  tree.children.forEach((child, index) => {
    const start = tree.positions[index];
    if (child instanceof Tree && child.type.isAnonymous) {
      segments.add(child);
      if (cache.segments.has(child)) return;
    }
    const end = start + child.length;
    const lastRange = anew[anew.length - 1];
    if (lastRange !== undefined && lastRange[1] === start) lastRange[1] = end;
    else anew.push([start, end]);
  });
  cache.segments = segments;
  return anew;
}

/**
 * For how many versions statements that left the text are kept, with the group each last ran
 * in: typing an opening bracket can turn the rest of a script into one broken statement, and
 * closing it brings the statements back.
 */
const KEPT_VERSIONS = 2;

/**
 * How many names the shared imports of one name (or the imports of numpy) may bind between
 * them for a script to be analysed in groups.
 */
const MAX_NAMES_IMPORTED = 64;

/**
 * How many shared imports the groups that run may run between them, per statement of the
 * script: each group runs the imports it sees, so many small groups that each see many
 * imports cost more than one run of the script.
 */
const IMPORTS_RUN_PER_STATEMENT = 4;

/** Ties read for no statement yet. */
const NO_TIES: number[] = [];

/**
 * Which statements are shared imports (those binding only names nothing else binds), and what
 * ties each statement to others: the names bound in module scope it mentions, the names bound
 * nowhere it reads as values, and the attributes assigned anywhere it mentions. Only new
 * statements are read unless what is bound, imported or assigned changed.
 */
function sharesOf(statements: Statement[], cache: AnalysisCache): Statement[] {
  const { flipped } = cache;
  // A name bound by an import too may turn that import shared or not.
  const every =
    cache.changed &&
    (cache.importsChanged || [...flipped].some((name) => cache.imports.has(name)));
  const some = cache.changed && !every;
  cache.changed = cache.importsChanged = false;
  cache.flipped = new Set();
  if (some) {
    // No import binds these names, so a name is bound exactly when a statement binds it.
    for (const name of flipped) {
      if (name.startsWith('.')) continue;
      if (cache.binds.has(name)) cache.bound.add(name);
      else cache.bound.delete(name);
    }
  }
  if (every) {
    cache.bound = new Set(cache.binds.keys());
    cache.imported = new Map();
    cache.numpyImports = [];
    for (const statement of statements) {
      const { info } = statement;
      statement.shared = info.isImport && info.binds.every((name) => !cache.binds.has(name));
      if (!info.isImport) continue;
      if (!statement.shared) {
        for (const name of info.binds) cache.bound.add(name);
        continue;
      }
      for (const name of info.binds) {
        const binders = cache.imported.get(name);
        if (binders) binders.push(statement);
        else cache.imported.set(name, [statement]);
      }
      if (info.mentions.includes('numpy')) cache.numpyImports.push(statement);
    }
    // Every group runs the imports of the names it mentions: a script whose imports of one
    // name bind many names between them is read in one run instead.
    const weight = (binders: Statement[]): number =>
      binders.reduce((sum, binder) => sum + binder.info.binds.length, 0);
    const most = Math.max(0, ...[...cache.imported.values()].map(weight));
    cache.tooManyImports =
      most > MAX_NAMES_IMPORTED || cache.numpyImports.length > MAX_NAMES_IMPORTED;
  }
  // Until what is imported changes, such a script is read in one run: no statement's ties.
  cache.retied = 0;
  if (cache.tooManyImports) return statements;
  for (const statement of statements) {
    const known = statement.ties !== NO_TIES;
    if (!every && known && !(some && mentionsAny(statement.info, flipped))) continue;
    cache.retied++;
    const { info } = statement;
    const ties: number[] = [];
    if (!statement.shared) {
      for (const name of info.free) if (cache.bound.has(name)) ties.push(cache.key(name));
      for (const name of info.values) {
        if (cache.bound.has(name) || cache.imported.has(name) || isBuiltinName(name)) continue;
        ties.push(cache.key(name));
      }
      for (const member of info.members) {
        if (cache.stores.has(member)) ties.push(cache.key(`.${member}`));
      }
    }
    statement.ties = ties;
    // What is imported, and so what a known statement sees, is as it was.
    if (!every && known) continue;
    const numpy = lastBefore(cache.numpyImports, statement.from);
    const imports = numpy ? [numpy] : [];
    for (const name of info.mentions) {
      const binders = cache.imported.get(name);
      if (binders) for (const binder of binders) if (!imports.includes(binder)) imports.push(binder);
    }
    statement.imports = imports;
  }
  return statements;
}

/**
 * Whether a statement's ties may involve one of `names` (see AnalysisCache.flipped): the names
 * it reads as values are among its free ones.
 */
function mentionsAny(info: StatementInfo, names: Set<string>): boolean {
  for (const name of info.free) if (names.has(name)) return true;
  for (const member of info.members) if (names.has(`.${member}`)) return true;
  return false;
}

/**
 * The groups of statements tied to each other, by index, each in order, and in the order of
 * their first statements. Shared statements belong to none.
 */
function partition(statements: Statement[], keys: number): number[][] {
  const count = statements.length;
  const parent = new Int32Array(count);
  for (let index = 0; index < count; index++) parent[index] = index;
  const owner = new Int32Array(keys).fill(-1);
  for (let index = 0; index < count; index++) {
    const ties = statements[index].ties;
    for (let at = 0; at < ties.length; at++) {
      const other = owner[ties[at]];
      if (other < 0) owner[ties[at]] = index;
      else parent[rootOf(parent, index)] = rootOf(parent, other);
    }
  }
  const groupOfRoot = new Int32Array(count).fill(-1);
  const groups: number[][] = [];
  for (let index = 0; index < count; index++) {
    if (statements[index].shared) continue;
    const root = rootOf(parent, index);
    let group = groupOfRoot[root];
    if (group < 0) {
      group = groupOfRoot[root] = groups.length;
      groups.push([]);
    }
    groups[group].push(index);
  }
  return groups;
}

/** The root of `index` in a union-find forest, halving the path to it on the way. */
function rootOf(parent: Int32Array, index: number): number {
  while (parent[index] !== index) {
    parent[index] = parent[parent[index]];
    index = parent[index];
  }
  return index;
}

/**
 * The names a group's run kept in module scope that its statements neither bind nor share with
 * others: names read before anything bound them, in code of the group's own (usually a half
 * typed statement that Python would refuse). Undefined when the run did not stand apart:
 * another group binds a name it found unbound, it assigned an attribute its statements do not,
 * or it touched the shared state (the syntax read in statements.ts is checked against the run).
 */
function unclaimedNames(
  run: StatementsRun,
  ordinals: number[],
  shared: number[],
  statements: Statement[],
  cache: AnalysisCache,
): string[] | undefined {
  if (!run.standsAlone) return undefined;
  const names = new Set<string>();
  const ties = new Set<number>();
  const stores = new Set<string>();
  for (const ordinal of ordinals) {
    const { info } = statements[ordinal];
    for (const name of info.binds) names.add(name);
    for (const key of statements[ordinal].ties) ties.add(key);
    for (const attribute of info.attributeStores) stores.add(attribute);
  }
  for (const ordinal of shared) for (const name of statements[ordinal].info.binds) names.add(name);
  if (!run.attributeNames.every((attribute) => stores.has(attribute))) return undefined;
  for (const name of run.unbound) if (cache.bound.has(name) && !names.has(name)) return undefined;
  return run.moduleNames.filter((name) => {
    if (names.has(name)) return false;
    const key = cache.keys.get(name);
    return key === undefined || !ties.has(key);
  });
}

/**
 * Whether the groups kept apart what one run would have shared: no group looked up unbound a
 * name another group kept in module scope (in one run it would have found it), and each
 * group's unclaimed names are its own (no statement shares them, no other group kept them).
 */
function groupsApart(groups: Group[], cache: AnalysisCache): boolean {
  const lookedUp = new Map<string, Group>();
  for (const group of groups) {
    for (const name of group.run.unbound) {
      const other = lookedUp.get(name);
      lookedUp.set(name, other === undefined || other === group ? group : SEVERAL);
    }
  }
  const unclaimed = new Set<string>();
  for (const group of groups) {
    for (const name of group.run.moduleNames) {
      const looker = lookedUp.get(name);
      if (looker !== undefined && looker !== group) return false;
    }
    for (const name of group.unclaimed) {
      if (unclaimed.has(name) || cache.keys.has(name)) return false;
      unclaimed.add(name);
    }
  }
  return true;
}

/** Stands for more than one group that looked up a name. */
const SEVERAL = {} as Group;

function recorded(
  statements: Statement[],
  seen: Statement[],
  numpy: Statement | undefined,
  sharedKey: string,
  ordinals: number[],
  starts: number[],
  ends: number[],
  run: StatementsRun,
  unclaimed: string[],
): Group {
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
  const locStatements = new Int32Array(run.locs.length);
  for (let index = 0; index < run.locs.length; index++) {
    const loc = run.locs[index];
    locStatements[index] = statementAt(loc.from, loc.to);
    if (locStatements[index] < 0) movable = false;
  }
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
  return {
    statements,
    seen,
    importsOf: statements.map((statement) => statement.imports),
    numpy,
    sharedKey,
    ordinals,
    starts,
    run,
    unclaimed,
    movable,
    locStatements,
    calls,
    callStatements,
  };
}

/** The facts that carry a program order. */
function sequencedFacts(facts: ProgramFacts): { seq: number }[] {
  const sequenced: { seq: number }[] = [...facts.splits, ...facts.preprocessing];
  for (const estimator of facts.estimators) for (const fit of estimator.fits) sequenced.push(fit);
  return sequenced;
}

/** Moves a group's facts to where its statements are now. */
function move(group: Group, ordinals: number[]): void {
  const members = group.statements;
  const starts = group.starts;
  const first = members[0].from - starts[0];
  let shifted = first !== 0;
  let uniform = true;
  for (let index = 1; index < members.length; index++) {
    const shift = members[index].from - starts[index];
    if (shift !== 0) shifted = true;
    if (shift !== first) uniform = false;
  }
  if (shifted) moveFacts(group, uniform ? undefined : shiftsOf(members, starts), first);
  if (!sameList(ordinals, group.ordinals)) {
    const newOrdinal = new Map(group.ordinals.map((ordinal, index) => [ordinal, ordinals[index]]));
    for (const sequenced of sequencedFacts(group.run.facts)) {
      sequenced.seq = reorderedTo(sequenced.seq, newOrdinal.get(ordinalOf(sequenced.seq)) ?? 0);
    }
    for (const mark of group.run.marks) mark.ordinal = newOrdinal.get(mark.ordinal) ?? 0;
  }
  group.ordinals = ordinals;
}

/** How far each of a group's statements moved since its facts were placed. */
function shiftsOf(members: Statement[], starts: number[]): Int32Array {
  const shifts = new Int32Array(members.length);
  for (let index = 0; index < members.length; index++) {
    shifts[index] = members[index].from - starts[index];
  }
  return shifts;
}

/**
 * Moves each location and recorded call of a group by how far its statement moved: `shifts`
 * per statement, or `uniform` for all of them.
 */
function moveFacts(group: Group, shifts: Int32Array | undefined, uniform: number): void {
  const locs = group.run.locs;
  const locStatements = group.locStatements;
  for (let index = 0; index < locs.length; index++) {
    const loc: Loc = locs[index];
    const shift = shifts === undefined ? uniform : shifts[locStatements[index]];
    loc.from += shift;
    loc.to += shift;
  }
  const { calls, callStatements } = group;
  for (let index = 0; index < calls.length; index++) {
    calls[index].move(shifts === undefined ? uniform : shifts[callStatements[index]]);
  }
  const members = group.statements;
  for (let index = 0; index < members.length; index++) group.starts[index] = members[index].from;
}

/**
 * The facts of all groups in program order: each statement's, in order, then those of functions
 * nobody calls, by phase and the statement that defined them.
 */
function merged(groups: Group[], count: number, unit: Unit): ProgramFacts {
  type Slice = { run: StatementsRun; mark: number };
  const byStatement: (Slice | undefined)[] = new Array(count);
  const later: (Slice & { order: number })[] = [];
  for (const group of groups) {
    const marks = group.run.marks;
    for (let mark = 0; mark < marks.length; mark++) {
      const { phase, ordinal } = marks[mark];
      if (phase === 0) byStatement[ordinal] = { run: group.run, mark };
      else later.push({ run: group.run, mark, order: phase * ORDER.statements + ordinal });
    }
  }
  later.sort((a, b) => a.order - b.order);
  const facts = noFacts([unit]);
  facts.metricComputed = groups.some((group) => group.run.facts.metricComputed);
  const add = ({ run, mark }: Slice): void => {
    const from = run.marks[mark].at;
    const to = run.marks[mark + 1]?.at;
    const part = run.facts;
    append(facts.inferences, part.inferences, from[0], to?.[0]);
    append(facts.estimators, part.estimators, from[1], to?.[1]);
    append(facts.splits, part.splits, from[2], to?.[2]);
    append(facts.preprocessing, part.preprocessing, from[3], to?.[3]);
    append(facts.calls as CallFact[], part.calls, from[4], to?.[4]);
  };
  for (const slice of byStatement) if (slice) add(slice);
  for (const slice of later) add(slice);
  return facts;
}

function append<T>(into: T[], from: T[], start: number, end: number | undefined): void {
  const stop = end ?? from.length;
  for (let index = start; index < stop; index++) into.push(from[index]);
}
