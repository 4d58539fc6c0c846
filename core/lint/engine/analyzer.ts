// One pass over the parsed units in program order: resolves imports, follows values through
// assignments, calls and functions, and records the facts rules read (see facts.ts).
import { isWalrusValue, keywordName, passed, Passed } from './callArguments';
import type {
  DataNode,
  Estimator,
  EstimatorKind,
  FitFact,
  PredictionFact,
  ProgramFacts,
  SplitFact,
  Taint,
  TextRange,
} from './facts';
import { NO_NAMES, RecordedCall, addName, ancestry, noFacts, programOrder } from './facts';
import {
  CV_FUNCTIONS,
  CV_SPLITTERS,
  DATA_DEPENDENT_TRANSFORMERS,
  HANDLER_NAMES,
  INFERENCE_METHODS,
  ML_LIBRARIES,
  NOT_METRICS,
  ROUTE_DECORATORS,
  SCHEMA_BASES,
  SCHEMA_FACTORIES,
  SEARCH_CLASSES,
  SOURCE_ATTRIBUTES,
  SOURCE_CALLS,
  SPLIT_FUNCTIONS,
  STATISTIC_METHODS,
  TaintKind,
  VALIDATOR_NAME,
  firstSegment,
  isBuiltinName,
  lastSegment,
  mayConcernRandomness,
} from './knowledge';
import { refusedCode } from './refused';
import type { Loc, Unit } from './source';
import { FlatTree, NameSet, type NodeId } from './syntax';
import {
  EMPTY,
  NOTHING,
  Scope,
  Val,
  blank,
  derive,
  merge,
  own,
  schemaVal,
  union,
  unionData,
  withEstimator,
  withPredictions,
  withQname,
  type DictEntry,
  type FuncDef,
} from './values';

/** Where a top-level statement's facts, or an uncalled function's, start in the facts' lists. */
export interface FactMark {
  phase: number;
  ordinal: number;
  /** Lengths of inferences, estimators, splits, preprocessing and calls, and metricComputed. */
  at: number[];
}

/** The facts of a run of some top-level statements, and what was seen while they ran. */
export interface StatementsRun {
  facts: ProgramFacts;
  marks: FactMark[];
  /** Every location the run made. */
  locs: Loc[];
  /**
   * Whether the run touched nothing other statements see: the shared statements left no
   * facts, and no statement changed the alias numpy is imported as.
   */
  standsAlone: boolean;
  budgetUsed: number;
  /** Names bound in module scope, and attributes assigned, at the end. */
  moduleNames: string[];
  attributeNames: string[];
  /** Names looked up while unbound. */
  unbound: Set<string>;
}

/** How many statements may run inside function calls: bounds the work on recursive code. */
export function budgetFor(units: Unit[]): number {
  return 2000 + units.reduce((sum, unit) => sum + unit.text.length, 0) / 8;
}

/** A condition checking that input is good, while its block runs. */
interface ActiveCheck {
  /** The ids of the taints the condition read. */
  taints: Set<number>;
  /** Whether the block predicted on any of them. */
  used: boolean;
}

interface Keyword {
  val: Val;
  node: NodeId;
}

/**
 * The evaluated arguments of a call, in lists of their exact size. Most calls have only
 * positional arguments, so `positional` is the same list as `all` until a keyword or starred
 * argument makes them differ; the nodes of the positional ones are found when asked for.
 */
class Args {
  readonly all: Val[];
  positional: Val[];
  private added = 0;
  private nodes: NodeId[] | undefined;
  /**
   * By name, in order of first appearance (a repeated name keeps its last value). Most calls
   * have none, so the map is made for the first.
   */
  keywords: Map<string, Keyword> | undefined = undefined;

  /** `argList` is the list's node; for a generator argument (`f(x for x in y)`) it is the one. */
  constructor(
    private readonly tree: FlatTree,
    private readonly argList: NodeId,
    private readonly generator: boolean,
    size: number,
  ) {
    this.all = new Array<Val>(size);
    this.positional = this.all;
  }

  keyword(name: string): Keyword | undefined {
    return this.keywords?.get(name);
  }

  get positionalNodes(): NodeId[] {
    if (this.nodes !== undefined) return this.nodes;
    if (this.generator) return (this.nodes = [this.argList]);
    const tree = this.tree;
    this.nodes = [];
    for (let child = tree.firstChild(this.argList); child; child = tree.nextSibling(child)) {
      if (passed(tree, child) === Passed.Positional) this.nodes.push(child);
    }
    return this.nodes;
  }

  addPositional(val: Val): void {
    this.all[this.added++] = val;
    if (this.positional !== this.all) this.positional.push(val);
  }

  addKeyword(name: string, keyword: Keyword): void {
    this.addOther(keyword.val);
    (this.keywords ??= new Map()).set(name, keyword);
  }

  /** A starred argument, or a keyword one: in `all` only. */
  addOther(val: Val): void {
    if (this.positional === this.all) this.positional = this.all.slice(0, this.added);
    this.all[this.added++] = val;
  }
}

const BUILTIN_QNAMES = new Set(['input', 'open']);
const MAX_CALL_DEPTH = 12;
/** Deeper expressions are not followed (keeps recursion bounded on generated code). */
const MAX_EXPRESSION_DEPTH = 200;
/**
 * A loop over a written-out collection runs its body once per item while no statement runs
 * more than this many times, counting the loops around it; any other loop runs it once.
 */
const MAX_RUNS_PER_STATEMENT = 8;
/** Calls whose result holds the items of their argument, in an order that does not matter. */
const ORDER_KEEPING_CALLS = new Set(['list', 'tuple', 'sorted', 'set', 'frozenset']);
const LOOP_JUMPS = NameSet.of('BreakStatement', 'ContinueStatement');
const FUNCTION_EXITS = NameSet.of('RaiseStatement', 'ReturnStatement');
/**
 * Conditions that test the input (`valid(p)`, `"x" in p`, `len(x) == 4`, `a and b`), whose
 * block runs with it validated; a bare name or an assignment expression only tests truth.
 */
const CHECK_SHAPES = NameSet.of('CallExpression', 'BinaryExpression');
/** An HTTP error status in a returned value. */
const ERROR_STATUS = /(?<![\w.])[45]\d\d(?![\w.])/;
/** Calls that never return: `abort(400)`, `flask.abort(...)`, `sys.exit(1)`, `exit()`. */
const NO_RETURN_CALLS = /^(?:(?:flask\.)?abort|sys\.exit|os\._exit|exit|quit)$/;

/** How a block ends the path it is on, from not at all to leaving the function. */
const enum Leaves {
  No = 0,
  Loop = 1,
  Function = 2,
}
/** Statements and the blocks and clauses in them, where a jump can be. */
const STATEMENT_PARTS = NameSet.matching(/Statement$|StatementGroup|Body$|Clause$/);
const OWN_LOOPS_OR_SCOPES = NameSet.of(
  'ForStatement',
  'WhileStatement',
  'FunctionDefinition',
  'ClassDefinition',
  'DecoratedStatement',
);
/** Methods that read a list or a dictionary without changing it. */
const READING_METHODS = new Set(['keys', 'values', 'items', 'get', 'copy', 'count', 'index']);
const BRACKETS = ['(', ')', '[', ']', '{', '}'];
const PUNCTUATION = NameSet.of(...BRACKETS, ',', '*', '**', ':');
const VALUE_NODES = NameSet.matching(/Expression|VariableName|Call/);
/** The keywords of `fit` that every estimator takes. */
const FIT_DATA_KEYWORDS = ['X', 'y', 'sample_weight'];
const TARGET_NODES = NameSet.of(
  'VariableName',
  'TupleExpression',
  'ArrayExpression',
  'ParenthesizedExpression',
  'MemberExpression',
);
const IF_KEYWORDS = NameSet.of('if', 'elif', 'else');
const WITH_KEYWORDS = NameSet.of('with', 'as', 'async', ',');
const COMPREHENSION_BRACKETS = NameSet.of(...BRACKETS);
const COMPREHENSION_PUNCTUATION = NameSet.of(...BRACKETS, ':', ',');
const RECORDED_ROOTS = new Set([...ML_LIBRARIES, 'numpy']);

export class Analyzer {
  readonly facts: ProgramFacts = noFacts([]);

  /** The units whose trees hold parse errors, in order. */
  readonly unitsWithErrors: Unit[] = [];

  private unit!: Unit;
  private tree!: FlatTree;
  private readonly module = new Scope();
  private scope = this.module;
  /** Attribute stores such as `self.model = ...`, keyed by their text. */
  private readonly attributes = new Map<string, Val>();
  private readonly validated = new Set<number>();
  private readonly fitted = new Set<DataNode>();
  private readonly functions: FuncDef[] = [];
  /** The statement being executed, or 0. */
  private statementNode: NodeId = 0;
  private nextId = 1;
  private budget = 0;
  private depth = 0;
  /** How many times the statement being executed runs, for the loops around it. */
  private runsPerStatement = 1;
  /** The checks whose blocks are being executed, the innermost last. */
  private readonly checks: ActiveCheck[] = [];
  /** Per loop body being executed, the innermost last: the taints validated until its end. */
  private readonly loopValidations: number[][] = [];
  /** While a condition is evaluated: the taints of the names it reads. */
  private reads: Taint[][] | undefined;
  /**
   * The results of validating calls (`ok = validate(p)`, `errors = schema.validate(p)`) and
   * the taints of what they checked: a guard on the result validates those.
   */
  private readonly verdicts = new WeakMap<Val, Taint[]>();
  private expressionDepth = 0;
  private numpyAlias: string | undefined;
  /** The top-level statement being run, or that defined the function being run in phase 1+. */
  private ordinal = 0;
  /** 0 while top-level statements run; 1 + a function's own phase while it runs uncalled. */
  private phase = 0;
  private localOrder = 0;
  /** What a recorded run keeps (see analyzeStatements). */
  private run: StatementsRun | undefined;

  /** `trees`, when given, are the units' flat trees, already made. */
  analyze(units: Unit[], trees?: FlatTree[]): ProgramFacts {
    this.facts.units = units;
    this.budget = budgetFor(units);
    let ordinal = 0;
    for (const [index, unit] of units.entries()) {
      this.unit = unit;
      this.tree = trees?.[index] ?? new FlatTree(unit.tree);
      if (this.tree.hasErrors) this.unitsWithErrors.push(unit);
      for (const error of refusedCode(unit, this.tree)) this.facts.syntaxErrors.push(error);
      const tree = this.tree;
      for (let child = tree.firstChild(tree.root); child; child = tree.nextSibling(child)) {
        this.runStatement(child, ordinal++);
      }
    }
    this.evaluateUncalledFunctions();
    return this.facts;
  }

  /**
   * Runs some of the top-level statements of one unit whose flat tree is `tree`, in order: its
   * own (by index among the unit's top-level statements) and the shared imports, which must
   * leave no facts. The run keeps what tells whether it stood on its own, and every location
   * it made, so that its facts can be moved when the statements move.
   */
  analyzeStatements(
    unit: Unit,
    tree: FlatTree,
    statements: NodeId[],
    own: number[],
    shared: number[],
    budget: number,
  ): StatementsRun {
    this.facts.units = [unit];
    this.unit = unit;
    this.tree = tree;
    this.budget = budget;
    const run: StatementsRun = {
      facts: this.facts,
      marks: [],
      locs: [],
      standsAlone: true,
      budgetUsed: 0,
      moduleNames: [],
      attributeNames: [],
      unbound: new Set(),
    };
    this.run = run;
    for (let next = 0, nextShared = 0; next < own.length || nextShared < shared.length; ) {
      const isShared = next === own.length || shared[nextShared] < own[next];
      const ordinal = isShared ? shared[nextShared++] : own[next++];
      const before = isShared ? this.factCounts() : undefined;
      const alias = this.numpyAlias;
      this.runStatement(statements[ordinal], ordinal);
      if (before === undefined) {
        // The alias calls are recorded with is state every later statement sees.
        if (alias !== this.numpyAlias) run.standsAlone = false;
        continue;
      }
      run.marks.pop();
      if (this.factCounts().some((count, index) => count !== before[index])) {
        run.standsAlone = false;
      }
    }
    const alias = this.numpyAlias;
    this.evaluateUncalledFunctions();
    if (alias !== this.numpyAlias) run.standsAlone = false;
    this.run = undefined;
    run.budgetUsed = budget - this.budget;
    run.moduleNames = [...this.module.vars.keys()];
    run.attributeNames = [...this.attributes.keys()];
    return run;
  }

  /** Runs one top-level statement, counting program order from its place. */
  private runStatement(node: NodeId, ordinal: number): void {
    this.ordinal = ordinal;
    this.phase = 0;
    this.localOrder = 0;
    this.mark();
    this.exec(node);
  }

  private mark(): void {
    this.run?.marks.push({ phase: this.phase, ordinal: this.ordinal, at: this.factCounts() });
  }

  private factCounts(): number[] {
    const facts = this.facts;
    return [
      facts.inferences.length,
      facts.estimators.length,
      facts.splits.length,
      facts.preprocessing.length,
      facts.calls.length,
      facts.metricComputed ? 1 : 0,
    ];
  }

  private nextSeq(): number {
    return programOrder(this.phase, this.ordinal, this.localOrder++);
  }

  // ---- helpers -------------------------------------------------------------------------

  private loc(node: NodeId): Loc {
    return this.keep({ unit: this.unit, from: this.tree.from(node), to: this.tree.to(node) });
  }

  /** What `name` is bound to, seen from `scope`; a run keeps the names it found unbound. */
  private lookup(name: string, scope: Scope = this.scope): Val | undefined {
    const found = scope.lookup(name);
    if (found === undefined) this.run?.unbound.add(name);
    return found;
  }

  /** A location, kept in the run's list when the run is recorded so that it can be moved. */
  private keep(loc: Loc): Loc {
    this.run?.locs.push(loc);
    return loc;
  }

  private text(node: NodeId): string {
    return this.unit.text.slice(this.tree.from(node), this.tree.to(node));
  }

  private newData(parents: DataNode[], role?: 'train' | 'test', split?: SplitFact): DataNode {
    return { id: this.nextId++, parents, role, split };
  }

  private newTaint(kind: TaintKind, source: string, node: NodeId): Taint {
    return { id: this.nextId++, kind, source, loc: this.loc(node) };
  }

  private unvalidated(val: Val): Taint[] {
    return val.taints.filter((taint) => !this.validated.has(taint.id));
  }

  private markValidated(val: Val): void {
    for (const taint of val.taints) this.validated.add(taint.id);
  }

  private newEstimator(className: string, kind: EstimatorKind, node: NodeId): Estimator {
    const estimator: Estimator = {
      id: this.nextId++,
      className,
      kind,
      loc: this.loc(node),
      names: NO_NAMES,
      fits: [],
      predictions: [],
      evaluations: [],
    };
    this.facts.estimators.push(estimator);
    return estimator;
  }

  // ---- statements ----------------------------------------------------------------------

  private execBlock(block: NodeId): void {
    const tree = this.tree;
    for (let child = tree.firstChild(block); child; child = tree.nextSibling(child)) {
      this.exec(child);
    }
  }

  private exec(node: NodeId): void {
    const tree = this.tree;
    if (tree.isError(node)) return;
    const saved = this.statementNode;
    if (tree.name(node) !== 'StatementGroup' && tree.name(node) !== ':') this.statementNode = node;
    if (this.depth > 0) this.budget--;
    switch (tree.name(node)) {
      case 'StatementGroup':
      case 'Body':
        this.execBlock(node);
        break;
      case 'ImportStatement':
        this.execImport(node);
        break;
      case 'AssignStatement':
        this.execAssign(node);
        break;
      case 'UpdateStatement':
        this.execUpdate(node);
        break;
      case 'ExpressionStatement':
        this.evalStatementExpression(tree.firstChild(node));
        break;
      case 'IfStatement':
        this.execIf(node);
        break;
      case 'AssertStatement':
        this.markValidated(this.evalChildren(node));
        break;
      case 'ForStatement':
        this.execFor(node);
        break;
      case 'WithStatement':
        this.execWith(node);
        break;
      case 'TryStatement':
        this.execTry(node);
        break;
      case 'ReturnStatement':
        this.execReturn(node);
        break;
      case 'FunctionDefinition':
        this.defineFunction(node, []);
        break;
      case 'ClassDefinition':
        this.defineClass(node);
        break;
      case 'DecoratedStatement':
        this.execDecorated(node);
        break;
      case 'MatchStatement':
        this.execMatch(node);
        break;
      case 'DeleteStatement':
        this.execDelete(node);
        break;
      case 'WhileStatement':
        this.execWhile(node);
        break;
      default:
        this.execGeneric(node);
    }
    this.statementNode = saved;
  }

  /** The statement being executed, falling back to the given node. */
  private statementLoc(fallback: NodeId): Loc {
    return this.loc(this.statementNode || fallback);
  }

  private execWhile(node: NodeId): void {
    const tree = this.tree;
    let bodies = 0;
    for (let child = tree.firstChild(node); child; child = tree.nextSibling(child)) {
      if (tree.name(child) !== 'Body') {
        if (tree.is(child, VALUE_NODES)) this.eval(child);
      } else if (bodies++ === 0) this.execLoopBody(child);
      else this.execBlock(child);
    }
  }

  /** `del items[i]`: the list or dictionary no longer holds what was written in it. */
  private execDelete(node: NodeId): void {
    const tree = this.tree;
    for (let child = tree.firstChild(node); child; child = tree.nextSibling(child)) {
      const object = tree.firstChild(child);
      if (tree.name(child) === 'MemberExpression' && object && !tree.child(child, 'PropertyName')) {
        forgetContents(this.eval(object));
      }
    }
    this.execGeneric(node);
  }

  private execGeneric(node: NodeId): void {
    const tree = this.tree;
    for (let child = tree.firstChild(node); child; child = tree.nextSibling(child)) {
      if (tree.name(child) === 'Body') this.execBlock(child);
      else if (tree.is(child, VALUE_NODES)) this.eval(child);
    }
  }

  /**
   * `match subject:` runs each case's guard and body; the names a case's pattern captures hold
   * parts of the subject, with its outside data.
   */
  private execMatch(node: NodeId): void {
    const tree = this.tree;
    const subjects: Val[] = [];
    for (let child = tree.firstChild(node); child; child = tree.nextSibling(child)) {
      if (tree.is(child, VALUE_NODES)) subjects.push(this.eval(child));
      if (tree.name(child) !== 'MatchBody') continue;
      const subject = union(subjects);
      for (let clause = tree.firstChild(child); clause; clause = tree.nextSibling(clause)) {
        if (tree.name(clause) === 'MatchClause') this.execCase(clause, subject);
      }
    }
  }

  private execCase(clause: NodeId, subject: Val): void {
    const tree = this.tree;
    for (let part = tree.firstChild(clause); part; part = tree.nextSibling(part)) {
      const name = tree.name(part);
      if (name === 'Body') this.execBlock(part);
      else if (name === 'Guard') this.execGeneric(part);
      else if (name.endsWith('Pattern')) this.bindCaptures(part, subject);
    }
  }

  /** Binds every name the pattern captures (`x`, `*rest`, `**rest`, `... as x`). */
  private bindCaptures(pattern: NodeId, subject: Val): void {
    const tree = this.tree;
    const part = (): Val =>
      subject === EMPTY ? EMPTY : new Val(subject.taints, [this.newData(subject.data)]);
    let last = pattern;
    while (tree.lastChild(last)) last = tree.lastChild(last);
    for (let node = pattern; node <= last; node++) {
      const name = tree.name(node);
      let captured = 0;
      if (name === 'CapturePattern') captured = tree.firstChild(node);
      else if (name === 'AsPattern') captured = tree.lastChild(node);
      if (captured && tree.name(captured) === 'VariableName') {
        this.bindName(this.text(captured), part());
      }
    }
  }

  private evalChildren(node: NodeId): Val {
    const vals: Val[] = [];
    const tree = this.tree;
    for (let child = tree.firstChild(node); child; child = tree.nextSibling(child)) {
      vals.push(this.eval(child));
    }
    return union(vals);
  }

  private execImport(node: NodeId): void {
    const tree = this.tree;
    const children = tree.children(node, 'VariableName');
    const isFrom = tree.name(tree.firstChild(node)) === 'from';
    if (!isFrom) {
      this.bindImportedModules(node);
      return;
    }
    const importKeyword = tree.child(node, 'import');
    const modulePath = children
      .filter((child) => importKeyword && tree.to(child) <= tree.from(importKeyword))
      .map((child) => this.text(child))
      .join('.');
    let pendingName: string | undefined;
    const first = importKeyword ? tree.nextSibling(importKeyword) : 0;
    for (let child = first; child; child = tree.nextSibling(child)) {
      if (tree.name(child) === 'VariableName') {
        const name = this.text(child);
        if (tree.name(tree.prevSibling(child)) === 'as' && pendingName) {
          this.bindImport(name, `${modulePath}.${pendingName}`);
          pendingName = undefined;
        } else {
          if (pendingName) this.bindImport(pendingName, `${modulePath}.${pendingName}`);
          pendingName = name;
        }
      }
    }
    if (pendingName) this.bindImport(pendingName, `${modulePath}.${pendingName}`);
  }

  private bindImportedModules(node: NodeId): void {
    const tree = this.tree;
    let path: string[] = [];
    let alias: string | undefined;
    const flush = (): void => {
      if (path.length === 0) return;
      if (alias) this.bindImport(alias, path.join('.'));
      else this.bindImport(path[0], path[0]);
      path = [];
      alias = undefined;
    };
    for (let child = tree.firstChild(node); child; child = tree.nextSibling(child)) {
      if (tree.name(child) === ',') flush();
      else if (tree.name(child) === 'VariableName') {
        if (tree.name(tree.prevSibling(child)) === 'as') alias = this.text(child);
        else path.push(this.text(child));
      }
    }
    flush();
  }

  private bindImport(name: string, qname: string): void {
    if (qname === 'numpy') this.numpyAlias = name;
    this.scope.vars.set(name, withQname(qname));
  }

  /**
   * `a = b = value` and `x, y = f(), g()`: the parts between `=` signs are target lists and the
   * last part is the value. Most assignments have one target, so no lists are built for them.
   */
  private execAssign(node: NodeId): void {
    const tree = this.tree;
    let lastOp = 0;
    for (let child = tree.firstChild(node); child; child = tree.nextSibling(child)) {
      if (tree.name(child) === 'AssignOp') lastOp = child;
    }
    if (!lastOp) return;

    const valueFrom = tree.nextSibling(lastOp);
    const single = this.onlyPart(valueFrom, 0);
    const value = single
      ? this.eval(single)
      : this.tupleOf(this.parts(valueFrom, 0).map((child) => this.eval(child)));
    for (let from = tree.firstChild(node); ; ) {
      let op = from;
      while (tree.name(op) !== 'AssignOp') op = tree.nextSibling(op);
      const target = this.onlyPart(from, op);
      if (target) this.bindTarget(target, value);
      else this.bindTargets(this.parts(from, op), value);
      if (op === lastOp) return;
      from = tree.nextSibling(op);
    }
  }

  private isPart(node: NodeId): boolean {
    const name = this.tree.name(node);
    return name !== ',' && name !== 'TypeDef' && !this.tree.isError(node);
  }

  /** The parts of a list from `from` up to (not including) `to` or the end. */
  private parts(from: NodeId, to: NodeId): NodeId[] {
    const parts: NodeId[] = [];
    for (let child = from; child && child !== to; child = this.tree.nextSibling(child)) {
      if (this.isPart(child)) parts.push(child);
    }
    return parts;
  }

  /** The one part of such a list, or 0 when it has none or several. */
  private onlyPart(from: NodeId, to: NodeId): NodeId {
    let only = 0;
    for (let child = from; child && child !== to; child = this.tree.nextSibling(child)) {
      if (!this.isPart(child)) continue;
      if (only) return 0;
      only = child;
    }
    return only;
  }

  private tupleOf(items: Val[]): Val {
    const tuple = union(items).copy();
    tuple.est = undefined;
    tuple.items = items;
    tuple.entries = undefined;
    return tuple;
  }

  private execUpdate(node: NodeId): void {
    const target = this.tree.firstChild(node);
    const value = this.tree.lastChild(node);
    if (!target || !value) return;
    const combined = union([this.eval(target), this.eval(value)]);
    this.bindTargets([target], combined);
  }

  private bindTargets(targets: NodeId[], value: Val): void {
    if (targets.length === 1) {
      this.bindTarget(targets[0], value);
      return;
    }
    targets.forEach((target, index) => this.bindTarget(target, this.element(value, index)));
  }

  /** The index-th element of an unpacked value. */
  private element(value: Val, index: number): Val {
    if (value.items) return value.items[index] ?? EMPTY;
    if (value.cvPairs) {
      const role = index === 0 ? 'train' : 'test';
      return new Val(NOTHING, [this.newData(value.cvPairs.inputs, role, value.cvPairs)]);
    }
    if (value === EMPTY) return EMPTY;
    const element = new Val(value.taints, [this.newData(value.data)]);
    element.preds = value.preds;
    const verdict = this.verdicts.get(value);
    if (verdict !== undefined) this.verdicts.set(element, verdict);
    return element;
  }

  private bindTarget(target: NodeId, value: Val): void {
    switch (this.tree.name(target)) {
      case 'VariableName':
        this.bindName(this.text(target), value);
        break;
      case 'TupleExpression':
      case 'ArrayExpression':
      case 'ParenthesizedExpression': {
        const children = this.nestedTargets(target);
        if (children.length > 0) this.bindTargets(children, value);
        break;
      }
      case 'MemberExpression':
        this.bindMember(target, value);
        break;
      default:
    }
  }

  private nestedTargets(node: NodeId): NodeId[] {
    const tree = this.tree;
    const result: NodeId[] = [];
    for (let child = tree.firstChild(node); child; child = tree.nextSibling(child)) {
      if (tree.is(child, TARGET_NODES)) {
        result.push(child);
      }
    }
    return result;
  }

  private bindName(name: string, value: Val): void {
    let bound = value;
    if (value === EMPTY || (value.data.length === 0 && !value.est && !value.qname && !value.func)) {
      bound = value.copy();
      bound.data = [this.newData(NOTHING)];
    }
    if (bound.est) addName(bound.est, name);
    this.scope.vars.set(name, bound);
  }

  private bindMember(target: NodeId, value: Val): void {
    const object = this.tree.firstChild(target);
    if (!object) return;
    if (this.tree.child(target, 'PropertyName')) {
      this.attributes.set(this.text(target), value);
      return;
    }
    this.evalSubscriptIndex(target);
    const receiver = this.eval(object);
    if (receiver === EMPTY || receiver.qname) return;
    receiver.taints = merge(receiver.taints, value.taints);
    forgetContents(receiver);
  }

  private evalSubscriptIndex(target: NodeId): Val {
    const tree = this.tree;
    const vals: Val[] = [];
    const first = tree.nextSibling(tree.firstChild(target));
    for (let child = first; child; child = tree.nextSibling(child)) {
      vals.push(this.eval(child));
    }
    return union(vals);
  }

  /**
   * What an `if` validates. A check's block runs with what its condition reads validated
   * (`if valid(p): model.predict(p)`; see CHECK_SHAPES). A guard, whose condition says the
   * input is bad and whose block leaves (`if not valid(p): return ...`,
   * `if p is None: abort(400)`), validates it for the code after, or for the rest of the loop
   * body when it only skips the row (`continue`). A check that does not predict on what it
   * checked is such a guard too when it turns the input away (`if np.isnan(x).any(): return
   * {...}, 400`; see turnsAway); one that does (`if valid(p): return model.predict(p)`)
   * validates nothing after it, which runs when the check failed.
   */
  private execIf(node: NodeId): void {
    const tree = this.tree;
    let guard = Leaves.No;
    const bodies = tree.children(node, 'Body');
    for (const body of bodies) guard = Math.max(guard, this.leavesEarly(body));
    let condition: Val | undefined;
    let negated = false;
    let check = false;
    let predictedOnCheck = false;
    for (let child = tree.firstChild(node); child; child = tree.nextSibling(child)) {
      if (tree.name(child) === 'Body') {
        if (condition === undefined) this.execBlock(child);
        else if (negated) {
          this.execBlock(child);
          if (!predictedOnCheck) this.validateAfterGuard(condition, guard);
        } else if (check && this.execChecked(child, condition)) predictedOnCheck = true;
        else {
          if (!check) this.execBlock(child);
          const guards = !check || this.turnsAway(child, bodies);
          if (guard === Leaves.Function && guards && !predictedOnCheck) {
            this.markValidated(condition);
          }
        }
        condition = undefined;
      } else if (!tree.is(child, IF_KEYWORDS)) {
        condition = this.evalCondition(child);
        negated = this.negates(child);
        check = !negated && this.isCheck(child);
      }
    }
  }

  /** Whether a condition tests the input (see CHECK_SHAPES), in brackets or not. */
  private isCheck(condition: NodeId): boolean {
    const tree = this.tree;
    if (tree.name(condition) !== 'ParenthesizedExpression') return tree.is(condition, CHECK_SHAPES);
    const inner = this.inBrackets(condition);
    return inner !== 0 && this.isCheck(inner);
  }

  /** The expression in brackets, or 0 for `()`. */
  private inBrackets(parenthesized: NodeId): NodeId {
    const inner = this.tree.nextSibling(this.tree.firstChild(parenthesized));
    return inner !== 0 && this.tree.name(inner) !== ')' ? inner : 0;
  }

  /**
   * Whether a check that did not predict guards the code after it: its block turns the input
   * away, or it goes on while another branch turns the input away
   * (`if valid(p): pass` / `else: return "bad", 400`). A check whose block only returns
   * something else (a cached answer, a health reply) is a special case, not a guard: the code
   * after it still sees unchecked input.
   */
  private turnsAway(block: NodeId, bodies: NodeId[]): boolean {
    if (this.rejects(block)) return true;
    if (this.leavesEarly(block) !== Leaves.No) return false;
    return bodies.some((body) => body !== block && this.rejects(body));
  }

  /**
   * Whether a block rejects the input: it raises, aborts or exits, or returns an error status
   * (`return {"error": ...}, 400`, `{"statusCode": 422, ...}`).
   */
  private rejects(block: NodeId): boolean {
    const tree = this.tree;
    for (let child = tree.firstChild(block); child; child = tree.nextSibling(child)) {
      const name = tree.name(child);
      if (name === 'RaiseStatement') return true;
      if (name === 'ReturnStatement' && ERROR_STATUS.test(this.text(child))) return true;
      if (name === 'StatementGroup' && this.rejects(child)) return true;
      if (this.neverReturns(child)) return true;
    }
    return false;
  }

  /** A statement that calls what never comes back: `abort(400)`, `sys.exit(1)`. */
  private neverReturns(statement: NodeId): boolean {
    const tree = this.tree;
    if (tree.name(statement) !== 'ExpressionStatement') return false;
    const call = tree.firstChild(statement);
    const callee = tree.name(call) === 'CallExpression' ? tree.firstChild(call) : 0;
    return callee !== 0 && NO_RETURN_CALLS.test(this.text(callee));
  }

  /** A guard's condition, validated after it: for good, or for the rest of the loop body. */
  private validateAfterGuard(condition: Val, guard: Leaves): void {
    if (guard === Leaves.Function) this.markValidated(condition);
    else if (guard === Leaves.Loop && this.loopValidations.length > 0) {
      const scope = this.loopValidations[this.loopValidations.length - 1];
      for (const taint of condition.taints) {
        if (this.validated.has(taint.id)) continue;
        this.validated.add(taint.id);
        scope.push(taint.id);
      }
    }
  }

  /** Runs a loop's body; what its guards validated only for the rest of it ends with it. */
  private execLoopBody(body: NodeId): void {
    const scope: number[] = [];
    this.loopValidations.push(scope);
    try {
      this.execBlock(body);
    } finally {
      this.loopValidations.pop();
      for (const id of scope) this.validated.delete(id);
    }
  }

  /**
   * A condition's value, carrying as well everything the names it reads carry: a validating
   * call in it (`if not validate(p)`) has a result without `p`'s taints, yet it checks `p`.
   */
  private evalCondition(node: NodeId): Val {
    const saved = this.reads;
    const reads: Taint[][] = [];
    this.reads = reads;
    let val: Val;
    try {
      val = this.eval(node);
    } finally {
      this.reads = saved;
    }
    if (reads.length === 0) return val;
    let taints = val.taints;
    for (const read of reads) taints = merge(taints, read);
    return taints === val.taints ? val : new Val(taints, val.data);
  }

  /**
   * Runs the block of a check with what the condition carries validated, for that block only,
   * and says whether the block predicted on it.
   */
  private execChecked(block: NodeId, condition: Val): boolean {
    return this.whileChecked(condition, () => this.execBlock(block));
  }

  /** Runs `run` with what the condition carries validated, and says whether it predicted on it. */
  private whileChecked(condition: Val, run: () => void): boolean {
    const added = condition.taints.filter((taint) => !this.validated.has(taint.id));
    for (const taint of added) this.validated.add(taint.id);
    const check: ActiveCheck = { taints: new Set(condition.taints.map((t) => t.id)), used: false };
    this.checks.push(check);
    try {
      run();
    } finally {
      this.checks.pop();
      for (const taint of added) this.validated.delete(taint.id);
    }
    return check.used;
  }

  /**
   * `a if condition else b`: the condition first, then the branch it lets through with what it
   * checked validated (`model.predict(p) if valid(p) else None`, or the `else` branch of a
   * negated check such as `None if not valid(p) else model.predict(p)`).
   */
  private evalConditional(node: NodeId): Val {
    const tree = this.tree;
    const chosen = tree.firstChild(node);
    const ifKeyword = tree.nextSibling(chosen);
    const condition = tree.nextSibling(ifKeyword);
    const otherwise = tree.nextSibling(tree.nextSibling(condition));
    if (tree.name(ifKeyword) !== 'if' || !condition || !otherwise) return this.evalChildren(node);
    const tested = this.evalCondition(condition);
    const negated = this.negates(condition);
    const checked = negated ? otherwise : this.isCheck(condition) ? chosen : 0;
    const branch = (part: NodeId): Val => {
      if (part !== checked) return this.eval(part);
      let val = EMPTY;
      this.whileChecked(tested, () => (val = this.eval(part)));
      return val;
    };
    return union([branch(chosen), tested, branch(otherwise)]);
  }

  /**
   * Whether a condition holds when the input is bad: `not ...`, `!=`, `not in`, `is` (without
   * `not`), or such a test joined with others by `and` or `or`.
   */
  private negates(condition: NodeId): boolean {
    const tree = this.tree;
    switch (tree.name(condition)) {
      case 'UnaryExpression':
        return tree.name(tree.firstChild(condition)) === 'not';
      case 'ParenthesizedExpression': {
        const inner = this.inBrackets(condition);
        return inner !== 0 && this.negates(inner);
      }
      case 'BinaryExpression': {
        const left = tree.firstChild(condition);
        const operator = tree.nextSibling(left);
        switch (tree.name(operator)) {
          case 'and':
          case 'or':
            return this.negates(left) || this.negates(tree.lastChild(condition));
          case 'not':
            return true;
          case 'is':
            return tree.name(tree.nextSibling(operator)) !== 'not';
          case 'CompareOp':
            return this.text(operator) === '!=';
          default:
            return false;
        }
      }
      default:
        return false;
    }
  }

  /**
   * How a block ends the path (a guard's body): it leaves the function with `raise`, `return`
   * or a call that does not come back (Flask's `abort(400)`, `sys.exit(1)`), or it only skips
   * the rest of a loop's body with `continue` or `break`.
   */
  private leavesEarly(body: NodeId): Leaves {
    const tree = this.tree;
    let leaves = Leaves.No;
    for (let child = tree.firstChild(body); child; child = tree.nextSibling(child)) {
      if (tree.is(child, FUNCTION_EXITS)) return Leaves.Function;
      if (tree.is(child, LOOP_JUMPS)) leaves = Leaves.Loop;
      else if (tree.name(child) === 'StatementGroup') {
        leaves = Math.max(leaves, this.leavesEarly(child));
        if (leaves === Leaves.Function) return leaves;
      } else if (this.neverReturns(child)) return Leaves.Function;
    }
    return leaves;
  }

  private execFor(node: NodeId): void {
    const tree = this.tree;
    const inKeyword = tree.child(node, 'in');
    const targets: NodeId[] = [];
    // What it iterates: one value, or the items of a tuple (`in a, b` or `in *a, *b`).
    const iterated: NodeId[] = [];
    let isTuple = false;
    for (let child = tree.firstChild(node); child; child = tree.nextSibling(child)) {
      const name = tree.name(child);
      if (name === 'Body') continue;
      if (inKeyword && tree.to(child) <= tree.from(inKeyword) && name !== 'for' && name !== ',') {
        if (name !== 'async') targets.push(child);
      } else if (inKeyword && tree.from(child) >= tree.to(inKeyword)) {
        if (name === ',') isTuple = true;
        else if (name !== '*' && !tree.isError(child)) iterated.push(child);
      }
    }
    const value = isTuple
      ? this.tupleOf(iterated.map((child) => this.eval(child)))
      : iterated.length > 0
        ? this.eval(iterated[0])
        : EMPTY;
    const [body, otherwise] = tree.children(node, 'Body');
    const unrolled = this.unrolledItems(value);
    const items =
      unrolled !== undefined && !(body !== undefined && this.jumpsOut(body))
        ? unrolled
        : [value.cvPairs ? value : this.element(value, 0)];
    const outerRuns = this.runsPerStatement;
    this.runsPerStatement *= items.length;
    for (const item of items) {
      this.bindLoopTargets(targets, item, value);
      if (body) this.execLoopBody(body);
    }
    this.runsPerStatement = outerRuns;
    if (otherwise) this.execBlock(otherwise);
  }

  /**
   * Binds a loop's targets to one item of what it iterates; over `splitter.split(X)` the item
   * is the pairs themselves, unpacked into train and test parts.
   */
  private bindLoopTargets(targets: NodeId[], item: Val, iterable: Val): void {
    if (targets.length === 1 && !iterable.cvPairs) this.bindTarget(targets[0], item);
    else this.bindTargets(targets, item);
  }

  /**
   * Whether a loop's body holds a `break` or `continue` of its own, which may skip items: such a
   * loop runs its body once.
   */
  private jumpsOut(block: NodeId): boolean {
    const tree = this.tree;
    for (let child = tree.firstChild(block); child; child = tree.nextSibling(child)) {
      if (tree.is(child, LOOP_JUMPS)) return true;
      if (tree.is(child, STATEMENT_PARTS) && !tree.is(child, OWN_LOOPS_OR_SCOPES)) {
        if (this.jumpsOut(child)) return true;
      }
    }
    return false;
  }

  /**
   * The items a loop over `iterable` runs its body for, one at a time: those of a written-out
   * list, tuple, set or dictionary view (`for model in [forest, baseline]`), so that every
   * model compared in a loop is fitted and scored, less those the analysis knows nothing of
   * (numbers, strings) and repeats. Undefined when one value stands for all.
   */
  private unrolledItems(iterable: Val): Val[] | undefined {
    const items = iterable.items;
    if (iterable.cvPairs !== undefined || items === undefined) return undefined;
    const judged = new Map<Val, boolean>();
    const known = [...new Set(items.filter((item) => !knowsNothing(item, judged)))];
    if (known.length === 0) return undefined;
    if (this.runsPerStatement * known.length > MAX_RUNS_PER_STATEMENT) return undefined;
    return known;
  }

  private execWith(node: NodeId): void {
    const tree = this.tree;
    let last = EMPTY;
    for (let child = tree.firstChild(node); child; child = tree.nextSibling(child)) {
      if (tree.name(child) === 'Body') this.execBlock(child);
      else if (tree.name(tree.prevSibling(child)) === 'as') this.bindTarget(child, last);
      else if (!tree.is(child, WITH_KEYWORDS)) last = this.eval(child);
    }
  }

  private execTry(node: NodeId): void {
    const tree = this.tree;
    for (let child = tree.firstChild(node); child; child = tree.nextSibling(child)) {
      if (tree.name(child) === 'Body') this.execBlock(child);
      else if (tree.name(tree.prevSibling(child)) === 'as') this.bindName(this.text(child), EMPTY);
    }
  }

  private execReturn(node: NodeId): void {
    const valueNodes = this.nestedValues(node);
    const value =
      valueNodes.length > 1
        ? this.tupleOf(valueNodes.map((child) => this.eval(child)))
        : valueNodes.length === 1
          ? this.eval(valueNodes[0])
          : EMPTY;
    for (let scope: Scope | undefined = this.scope; scope; scope = scope.parent) {
      if (scope.returns) {
        scope.returns.push(value);
        return;
      }
    }
  }

  private nestedValues(node: NodeId): NodeId[] {
    const tree = this.tree;
    const values: NodeId[] = [];
    for (let child = tree.firstChild(node); child; child = tree.nextSibling(child)) {
      const name = tree.name(child);
      if (name !== 'return' && name !== ',' && !tree.isError(child)) values.push(child);
    }
    return values;
  }

  // ---- functions and classes -----------------------------------------------------------

  private execDecorated(node: NodeId): void {
    const tree = this.tree;
    const decorators = tree.children(node, 'Decorator');
    for (const decorator of decorators) this.evalChildren(decorator);
    const definition =
      tree.child(node, 'FunctionDefinition') || tree.child(node, 'ClassDefinition');
    if (!definition) return;
    if (tree.name(definition) === 'ClassDefinition') this.defineClass(definition);
    else this.defineFunction(definition, decorators);
  }

  private defineFunction(node: NodeId, decorators: NodeId[]): FuncDef | undefined {
    const nameNode = this.tree.child(node, 'VariableName');
    if (!nameNode) return undefined;
    const name = this.text(nameNode);
    const func: FuncDef = {
      name,
      node,
      unit: this.unit,
      tree: this.tree,
      scope: this.scope,
      serving: this.isServing(name, node, decorators),
      active: false,
      evaluated: false,
      ordinal: this.ordinal,
      phase: this.phase,
    };
    this.functions.push(func);
    const val = blank();
    val.func = func;
    this.scope.vars.set(name, val);
    return func;
  }

  /**
   * Whether a decorator's expression is reached through a route's attribute: what is called,
   * subscripted or looked up along it, as in `(app.route("/x"))`, `routers["v2"].post("/x")`
   * or `x := app.get("/")`, not its arguments or subscripts.
   */
  private reachesRoute(node: NodeId): boolean {
    const tree = this.tree;
    for (let at = node; at; ) {
      const kind = tree.name(at);
      if (kind === 'MemberExpression') {
        const property = tree.lastChild(at);
        if (tree.name(property) === 'PropertyName' && ROUTE_DECORATORS.has(this.text(property))) {
          return true;
        }
        at = tree.firstChild(at);
      } else if (kind === 'CallExpression') at = tree.firstChild(at);
      else if (kind === 'ParenthesizedExpression') at = tree.nextSibling(tree.firstChild(at));
      else if (kind === 'NamedExpression' || kind === 'Decorator') at = tree.lastChild(at);
      else return false;
    }
    return false;
  }

  private isServing(name: string, node: NodeId, decorators: NodeId[]): boolean {
    const tree = this.tree;
    const isRoute = decorators.some((decorator) => {
      const names = tree.children(decorator, 'VariableName');
      const last = names[names.length - 1];
      if (names.length > 1 && last !== undefined) return ROUTE_DECORATORS.has(this.text(last));
      // A decorator that is another expression: a route along what it calls or looks up.
      return names.length === 0 && this.reachesRoute(decorator);
    });
    if (isRoute) return true;
    const paramList = tree.child(node, 'ParamList');
    const params = paramList ? tree.children(paramList, 'VariableName') : [];
    return HANDLER_NAMES.has(name) && params.length >= 2;
  }

  private defineClass(node: NodeId): void {
    const tree = this.tree;
    const nameNode = tree.child(node, 'VariableName');
    const bases = tree.child(node, 'ArgList');
    const baseVals = bases ? this.evalArgs(bases).all : [];
    const schema = baseVals.some(
      (base) => base.schema || (base.qname !== undefined && SCHEMA_BASES.has(base.qname)),
    );
    if (nameNode) {
      const name = this.text(nameNode);
      const classVal = withQname(name);
      classVal.schema = schema;
      classVal.localClass = true;
      this.scope.vars.set(name, classVal);
    }
    const body = tree.child(node, 'Body');
    if (!body) return;
    const saved = this.scope;
    this.scope = new Scope(saved);
    for (let child = tree.firstChild(body); child; child = tree.nextSibling(child)) {
      if (tree.name(child) === 'FunctionDefinition') this.defineFunction(child, []);
      else if (tree.name(child) === 'DecoratedStatement') this.execDecorated(child);
      else this.exec(child);
    }
    this.scope = saved;
  }

  private callFunction(func: FuncDef, args: Args): Val {
    if (func.active || this.depth >= MAX_CALL_DEPTH || (func.evaluated && this.budget <= 0)) {
      return unionData(args.all);
    }
    const bindings = this.bindParams(func, args);
    return this.runFunction(func, bindings);
  }

  private runFunction(func: FuncDef, bindings: Map<string, Val>): Val {
    const savedScope = this.scope;
    const savedUnit = this.unit;
    const savedTree = this.tree;
    func.active = true;
    func.evaluated = true;
    this.depth++;
    this.unit = func.unit;
    this.tree = func.tree;
    this.scope = new Scope(func.scope);
    this.scope.returns = [];
    for (const [name, val] of bindings) this.scope.vars.set(name, val);
    const body = this.tree.child(func.node, 'Body');
    if (body) this.execBlock(body);
    const returns = this.scope.returns;
    this.scope = savedScope;
    this.unit = savedUnit;
    this.tree = savedTree;
    this.depth--;
    func.active = false;
    return returns.length === 1 ? returns[0] : union(returns);
  }

  private paramNodes(func: FuncDef): { name: string; node: NodeId; annotation?: string }[] {
    const { tree, unit } = func;
    const list = tree.child(func.node, 'ParamList');
    const params: { name: string; node: NodeId; annotation?: string }[] = [];
    if (!list) return params;
    const textOf = (node: NodeId): string => unit.text.slice(tree.from(node), tree.to(node));
    for (let child = tree.firstChild(list); child; child = tree.nextSibling(child)) {
      if (tree.name(child) !== 'VariableName') continue;
      if (tree.name(tree.prevSibling(child)) === 'AssignOp') continue;
      const next = tree.nextSibling(child);
      const typeDef = tree.name(next) === 'TypeDef' ? next : 0;
      const annotation = typeDef ? textOf(typeDef).replace(/^:\s*/, '') : undefined;
      params.push({ name: textOf(child), node: child, annotation });
    }
    return params;
  }

  private bindParams(func: FuncDef, args: Args): Map<string, Val> {
    const bindings = new Map<string, Val>();
    const params = this.paramNodes(func);
    params.forEach((param, index) => {
      const keyword = args.keyword(param.name);
      const val = keyword?.val ?? args.positional[index];
      bindings.set(param.name, val ?? new Val(NOTHING, [this.newData(NOTHING)]));
    });
    return bindings;
  }

  private evaluateUncalledFunctions(): void {
    for (let index = 0; index < this.functions.length; index++) {
      const func = this.functions[index];
      if (func.evaluated) continue;
      this.ordinal = func.ordinal;
      this.phase = func.phase + 1;
      this.localOrder = 0;
      this.mark();
      const bindings = new Map<string, Val>();
      for (const param of this.paramNodes(func)) {
        bindings.set(param.name, this.entryParameter(func, param));
      }
      this.runFunction(func, bindings);
    }
  }

  /** A parameter of a function nobody in the program calls: outside data for entry points. */
  private entryParameter(
    func: FuncDef,
    param: { name: string; node: NodeId; annotation?: string },
  ): Val {
    const data = [this.newData(NOTHING)];
    if (!func.serving || param.name === 'self' || param.name === 'cls') {
      return new Val(NOTHING, data);
    }
    if (param.annotation && this.isValidatingAnnotation(func, param.annotation)) {
      return new Val(NOTHING, data);
    }
    const source =
      `received as the parameter \`${param.name}\` ` +
      `of the serving entry point \`${func.name}\``;
    const taint: Taint = {
      id: this.nextId++,
      kind: 'parameter',
      source,
      loc: this.keep({
        unit: func.unit,
        from: func.tree.from(param.node),
        to: func.tree.to(param.node),
      }),
    };
    return new Val([taint], data);
  }

  private isValidatingAnnotation(func: FuncDef, annotation: string): boolean {
    if (/^(int|float|bool)$/.test(annotation)) return true;
    const base = annotation.split(/[[|]/)[0].trim();
    const val = this.lookup(base, func.scope) ?? this.lookup(base, this.module);
    return val?.schema === true;
  }

  // ---- expressions ---------------------------------------------------------------------

  private evalStatementExpression(node: NodeId): void {
    if (!node) return;
    if (this.tree.name(node) === 'CallExpression') this.evalCall(node, true);
    else this.eval(node);
  }

  private eval(node: NodeId): Val {
    if (this.expressionDepth >= MAX_EXPRESSION_DEPTH) return EMPTY;
    this.expressionDepth++;
    try {
      return this.evalNode(node);
    } finally {
      this.expressionDepth--;
    }
  }

  private evalNode(node: NodeId): Val {
    const tree = this.tree;
    switch (tree.name(node)) {
      case 'VariableName':
        return this.evalName(node);
      case 'MemberExpression':
        return this.evalMember(node);
      case 'CallExpression':
        return this.evalCall(node, false);
      case 'BinaryExpression':
        return this.evalBinary(node);
      case 'String':
      case 'Number':
      case 'Boolean':
      case 'None':
      case 'LambdaExpression':
        return EMPTY;
      case 'TupleExpression':
      case 'ArrayExpression':
      case 'SetExpression':
        return this.tupleOf(this.evalItems(node));
      case 'DictionaryExpression':
        return this.evalDictionary(node);
      case 'ArrayComprehensionExpression':
      case 'SetComprehensionExpression':
      case 'DictionaryComprehensionExpression':
      case 'ComprehensionExpression':
        return this.evalComprehension(node);
      case 'NamedExpression':
        return this.evalWalrus(tree.firstChild(node), tree.lastChild(node));
      case 'ConditionalExpression':
        return this.evalConditional(node);
      default:
        if (tree.isError(node) || !tree.firstChild(node)) return EMPTY;
        return this.evalChildren(node);
    }
  }

  /** `name := value`: the value, bound to the name as well. */
  private evalWalrus(name: NodeId, value: NodeId): Val {
    const val = this.eval(value);
    if (this.tree.name(name) === 'VariableName') this.bindName(this.text(name), val);
    return val;
  }

  /**
   * A dictionary display: what all its keys and values carry, and its entries in order for
   * `.values()` and `.items()`, those of the dictionaries it unpacks (`**other`) included and
   * a later entry replacing an earlier one of the same string key, while each unpacked
   * dictionary is known and there are few enough entries for a loop to run once per entry.
   */
  private evalDictionary(node: NodeId): Val {
    const tree = this.tree;
    const parts: Val[] = [];
    let entries: DictEntry[] | undefined = [];
    let unpacks = false;
    let known = false;
    let key: Val | undefined;
    let keyNode: NodeId = 0;
    for (let child = tree.firstChild(node); child; child = tree.nextSibling(child)) {
      if (tree.is(child, PUNCTUATION)) continue;
      const val = this.eval(child);
      parts.push(val);
      const before = tree.name(tree.prevSibling(child));
      if (before === '**') {
        unpacks = true;
        entries = val.entries && entries?.concat(val.entries);
      } else if (before !== ':') {
        key = val;
        keyNode = child;
      } else if (entries !== undefined && key !== undefined) {
        if (val !== EMPTY) known = true;
        entries.push({ key, value: val, keyNode, keyTree: tree, keyText: this.unit.text });
      }
      if (entries !== undefined && entries.length > MAX_RUNS_PER_STATEMENT) {
        entries = withoutReplaced(entries);
        if (entries.length > MAX_RUNS_PER_STATEMENT) entries = undefined;
      }
    }
    // Nothing but literals: nothing a loop over it could learn.
    if (!unpacks && !known) return union(parts);
    return dictionaryOf(parts, entries && (unpacks ? withoutReplaced(entries) : entries));
  }

  private evalItems(node: NodeId): Val[] {
    const tree = this.tree;
    const items: Val[] = [];
    for (let child = tree.firstChild(node); child; child = tree.nextSibling(child)) {
      if (!tree.is(child, PUNCTUATION)) items.push(this.eval(child));
    }
    return items;
  }

  private evalComprehension(node: NodeId): Val {
    const tree = this.tree;
    const firstFor = tree.child(node, 'for');
    const vals: Val[] = [];
    let targets: NodeId[] = [];
    let collecting = false;
    let clauses = 0;
    let firstIterable: Val | undefined;
    const iterables = new Map<NodeId, Val>();
    for (let child = tree.firstChild(node); child; child = tree.nextSibling(child)) {
      if (firstFor && tree.from(child) >= tree.from(firstFor)) {
        if (tree.name(child) === 'for') {
          collecting = true;
          targets = [];
          clauses++;
        } else if (tree.name(child) === 'in') collecting = false;
        else if (collecting && tree.name(child) !== ',') targets.push(child);
        else if (tree.name(tree.prevSibling(child)) === 'in') {
          const iterable = this.eval(child);
          iterables.set(child, iterable);
          vals.push(derive(iterable));
          const item = iterable.cvPairs ? iterable : this.element(iterable, 0);
          this.bindLoopTargets(targets, item, iterable);
          firstIterable ??= iterable;
        } else if (!tree.is(child, COMPREHENSION_BRACKETS) && tree.name(child) !== 'if')
          vals.push(this.eval(child));
      }
    }
    // Every child again, the clauses included, the iterables by their values above (each
    // evaluated once, so that nested comprehensions cost no more than their size); with one
    // `for` over a written-out collection, once per item, as a loop statement runs its body.
    const items = clauses === 1 && firstIterable ? this.unrolledItems(firstIterable) : undefined;
    const outerRuns = this.runsPerStatement;
    if (items) this.runsPerStatement *= items.length;
    for (const item of items ?? [undefined]) {
      if (item !== undefined) this.bindLoopTargets(targets, item, firstIterable as Val);
      for (let child = tree.firstChild(node); child; child = tree.nextSibling(child)) {
        if (!tree.is(child, COMPREHENSION_PUNCTUATION)) {
          vals.push(iterables.get(child) ?? this.eval(child));
        }
      }
    }
    this.runsPerStatement = outerRuns;
    const result = union(vals).copy();
    result.est = undefined;
    return result;
  }

  private evalName(node: NodeId): Val {
    const name = this.text(node);
    const found = this.lookup(name);
    if (found) {
      if (this.reads !== undefined) {
        if (found.taints.length > 0) this.reads.push(found.taints);
        const verdict = this.verdicts.get(found);
        if (verdict !== undefined) this.reads.push(verdict);
      }
      return found;
    }
    if (BUILTIN_QNAMES.has(name) || isBuiltinName(name)) return withQname(name);
    // Outside data the program never binds: the same data wherever the module reads it, and
    // wherever one run of a function does.
    const val = new Val(NOTHING, [this.rootForUnknown(name)]);
    if (/^[A-Z]/.test(name)) val.qname = name;
    (this.depth > 0 ? this.scope : this.module).vars.set(name, val);
    return val;
  }

  /** Names that are never assigned get a role from their spelling (`X_test`, `X_train`). */
  private rootForUnknown(name: string): DataNode {
    if (/(^|_)(test|val|valid|validation|holdout)(_|$)/i.test(name))
      return this.newData(NOTHING, 'test');
    if (/(^|_)train(_|$)/i.test(name)) return this.newData(NOTHING, 'train');
    return this.newData(NOTHING);
  }

  private evalMember(node: NodeId): Val {
    const tree = this.tree;
    const object = tree.firstChild(node);
    if (!object) return EMPTY;
    const last = tree.lastChild(node);
    const property = tree.name(last) === 'PropertyName' ? last : 0;
    if (!property) {
      const receiver = this.eval(object);
      const index = this.evalSubscriptIndex(node);
      if (receiver.items && index === EMPTY) {
        const position = Number(
          this.text(node)
            .slice(this.text(object).length)
            .replace(/[[\]\s]/g, ''),
        );
        if (Number.isInteger(position)) return receiver.items[position] ?? derive(receiver);
      }
      if (receiver.entries && index === EMPTY) {
        const entry = this.entryAt(receiver.entries, object);
        if (entry) return entry.value;
      }
      const selected = own(unionData([receiver, index]));
      if (!tree.child(node, ':') || selected.data.length === 0) return selected;
      const slice = new Val(selected.taints, [this.newData(selected.data)]);
      slice.preds = selected.preds;
      return slice;
    }
    const stored = this.attributes.size > 0 ? this.attributes.get(this.text(node)) : undefined;
    if (stored) return stored;
    const receiver = this.eval(object);
    const name = this.text(property);
    if (receiver.qname && !receiver.localClass)
      return this.qualifiedAttribute(`${receiver.qname}.${name}`, node);
    if (receiver.est && name.endsWith('_')) return this.estimatorAttribute(receiver, name, node);
    return derive(receiver);
  }

  /**
   * In `d["train"]`, where `object` is `d` and `d` still holds the entries it was written with:
   * the entry of that string key, the last one when the key is written twice; none when a key
   * of `d` is not a string literal.
   */
  private entryAt(entries: DictEntry[], object: NodeId): DictEntry | undefined {
    const tree = this.tree;
    const open = tree.nextSibling(object);
    const key = tree.nextSibling(open);
    if (tree.name(key) !== 'String' || tree.name(tree.nextSibling(key)) !== ']') return undefined;
    const name = stringKey(this.text(key));
    if (name === undefined) return undefined;
    let found: DictEntry | undefined;
    for (const entry of entries) {
      const entryName = keyName(entry);
      // A key not written as a string may be any key at run time.
      if (entryName === undefined) return undefined;
      if (entryName === name) found = entry;
    }
    return found;
  }

  private qualifiedAttribute(qname: string, node: NodeId): Val {
    const kind = SOURCE_ATTRIBUTES.get(qname);
    if (!kind) return withQname(qname);
    const taint = this.newTaint(kind, `read from \`${qname.replace(/^flask\./, '')}\``, node);
    const val = new Val([taint], [this.newData(NOTHING)]);
    val.qname = qname;
    return val;
  }

  private estimatorAttribute(receiver: Val, name: string, node: NodeId): Val {
    const estimator = receiver.est as Estimator;
    if (name === 'best_estimator_') return receiver;
    if (name === 'best_score_' || name === 'cv_results_') {
      this.facts.metricComputed = true;
      estimator.evaluations.push({
        estimator,
        loc: this.loc(node),
        via: 'cross-validation',
        metricName: name,
        statement: this.statementLoc(node),
        callText: this.text(node),
      });
    }
    return EMPTY;
  }

  private evalBinary(node: NodeId): Val {
    const tree = this.tree;
    const left = tree.firstChild(node);
    const operator = left ? tree.nextSibling(left) : 0;
    const right = tree.lastChild(node);
    if (!left || !right) return EMPTY;
    const leftVal = this.eval(left);
    const rightVal = this.eval(right);
    const op = operator ? this.text(operator) : '';
    if (op === '==' || op === '-' || op === '!=') this.comparisonMetric(leftVal, rightVal, node);
    if ((op === '-' || op === '/') && rightVal.stat && !leftVal.stat) {
      this.statisticPreprocessing(leftVal, rightVal, node, 'normalises');
    }
    const result = own(unionData([leftVal, rightVal]));
    result.stat = undefined;
    return result;
  }

  /** `(pred == y_test).mean()` or `y_test - pred`: a metric written by hand. */
  private comparisonMetric(left: Val, right: Val, node: NodeId): void {
    const preds = left.preds ?? right.preds;
    const other = left.preds ? right : left;
    if (!preds || other === EMPTY) return;
    this.facts.metricComputed = true;
    for (const prediction of preds) {
      if (!prediction.estimator) continue;
      prediction.estimator.evaluations.push({
        estimator: prediction.estimator,
        loc: this.loc(node),
        prediction,
        via: 'comparison',
        metricName: 'comparison',
        statement: this.statementLoc(node),
        callText: this.text(node),
      });
    }
  }

  /** Records a fill or normalisation of data with a statistic of that same data. */
  private statisticPreprocessing(
    target: Val,
    statistic: Val,
    node: NodeId,
    what: string,
  ): void {
    const own = new Set(ancestry(target.data));
    if (!statistic.data.some((data) => own.has(data))) return;
    this.facts.preprocessing.push({
      seq: this.nextSeq(),
      loc: this.loc(node),
      text: this.text(node),
      what: `${what} with a statistic of the whole column`,
      data: statistic.data,
    });
  }

  private evalArgs(argList: NodeId): Args {
    const tree = this.tree;
    if (tree.child(argList, 'for')) {
      const args = new Args(tree, argList, true, 1);
      args.addPositional(this.evalComprehension(argList));
      return args;
    }
    let size = 0;
    for (let child = tree.firstChild(argList); child; child = tree.nextSibling(child)) {
      if (passed(tree, child) !== Passed.Not) size++;
    }
    const args = new Args(tree, argList, false, size);
    for (let child = tree.firstChild(argList); child; child = tree.nextSibling(child)) {
      const how = passed(tree, child);
      if (how === Passed.Not) continue;
      const walrus = how === Passed.Positional && isWalrusValue(tree, child);
      const val = walrus ? this.evalWalrus(keywordName(tree, child), child) : this.eval(child);
      if (how === Passed.Positional) {
        args.addPositional(val);
      } else if (how === Passed.Keyword) {
        const keyword = keywordName(tree, child);
        if (keyword) args.addKeyword(this.text(keyword), { val, node: child });
        else args.addOther(val);
      } else {
        args.addOther(val);
      }
    }
    return args;
  }

  private evalCall(node: NodeId, isStatement: boolean): Val {
    const tree = this.tree;
    const callee = tree.firstChild(node);
    const argList = tree.lastChild(node);
    if (!callee || !argList || tree.name(argList) !== 'ArgList') return EMPTY;
    const last = tree.name(callee) === 'MemberExpression' ? tree.lastChild(callee) : 0;
    const property = tree.name(last) === 'PropertyName' ? last : 0;
    if (property && tree.firstChild(callee)) {
      const stored = this.attributes.size > 0 && this.attributes.has(this.text(callee));
      const receiver = stored ? undefined : this.eval(tree.firstChild(callee));
      if (receiver) {
        const method = this.text(property);
        const args = this.evalArgs(argList);
        if (receiver.qname && !receiver.localClass && !receiver.est && !receiver.taints.length) {
          return this.callQualified(`${receiver.qname}.${method}`, node, callee, args, isStatement);
        }
        return this.callMethod(receiver, method, node, callee, property, args, isStatement);
      }
    }
    const calleeVal = this.evalCallee(callee);
    const args = this.evalArgs(argList);
    if (calleeVal.func) return this.callFunction(calleeVal.func, args);
    if (calleeVal.localClass) return this.construct(calleeVal, this.text(callee), node, args);
    if (calleeVal.qname)
      return this.callQualified(calleeVal.qname, node, callee, args, isStatement);
    return this.plainCall(this.text(callee), args, isStatement);
  }

  /**
   * What a call calls. A name bound nowhere (`print`, `ValueError`) is not kept in module scope
   * as reading it as a value would: a call uses its name alone.
   */
  private evalCallee(callee: NodeId): Val {
    if (this.tree.name(callee) !== 'VariableName') return this.eval(callee);
    const name = this.text(callee);
    if (this.lookup(name)) return this.eval(callee);
    return BUILTIN_QNAMES.has(name) || /^[A-Z]/.test(name) ? withQname(name) : EMPTY;
  }

  /** A call the engine has no special knowledge of: its result carries its inputs. */
  private plainCall(name: string, args: Args, isStatement: boolean): Val {
    if (VALIDATOR_NAME.test(lastSegment(name))) return this.validatingCall(args, isStatement);
    return this.collectionCall(name, args) ?? unionData(args.all);
  }

  /**
   * `sorted`, `list`, `enumerate`, `zip` and the like over written-out collections, and
   * `dict(name=value, ...)`: the items a loop over the result binds in turn.
   */
  private collectionCall(name: string, args: Args): Val | undefined {
    const positional = args.positional;
    if (name === 'dict') {
      if (positional.length > 0 || args.keywords === undefined) return undefined;
      if (args.all.length !== args.keywords.size) return undefined;
      const entries = [...args.keywords].map(([key, keyword]) => ({
        key: EMPTY,
        value: keyword.val,
        name: key,
      }));
      const values = entries.map((entry) => entry.value);
      return dictionaryOf(values, entries.length <= MAX_RUNS_PER_STATEMENT ? entries : undefined);
    }
    if (positional.length === 0 || positional.some((val) => val.items === undefined)) {
      return undefined;
    }
    const items = positional[0].items as Val[];
    if (ORDER_KEEPING_CALLS.has(name) && positional.length === 1) return this.tupleOf(items);
    if (name === 'reversed' && positional.length === 1) return this.tupleOf([...items].reverse());
    if (name === 'enumerate' && positional.length === 1) {
      return this.tupleOf(items.map((item) => this.tupleOf([EMPTY, item])));
    }
    if (name === 'zip') {
      const length = Math.min(...positional.map((val) => (val.items as Val[]).length));
      const rows = Array.from({ length }, (_, index) =>
        this.tupleOf(positional.map((val) => (val.items as Val[])[index])),
      );
      return this.tupleOf(rows);
    }
    return undefined;
  }

  private validatingCall(args: Args, isStatement: boolean): Val {
    if (isStatement) for (const val of args.all) this.markValidated(val);
    const inputs = unionData(args.all);
    const result = new Val(NOTHING, inputs.data);
    if (inputs.taints.length > 0) this.verdicts.set(result, inputs.taints);
    return result;
  }

  /** Records a call to the ML libraries or NumPy that can make results depend on randomness. */
  private recordCall(qname: string, node: NodeId, callee: NodeId, args: Args): void {
    const dot = qname.indexOf('.');
    if (dot === -1 || !RECORDED_ROOTS.has(qname.slice(0, dot))) return;
    if (!mayConcernRandomness(qname)) return;
    const nodes = {
      unit: this.unit,
      tree: this.tree,
      call: node,
      callee,
      argList: this.tree.child(node, 'ArgList'),
      keywords: args.keywords,
    };
    const call = new RecordedCall(qname, nodes, args.positional.length, this.numpyAlias);
    this.facts.calls.push(call);
  }

  private callQualified(
    qname: string,
    node: NodeId,
    callee: NodeId,
    args: Args,
    isStatement: boolean,
  ): Val {
    this.recordCall(qname, node, callee, args);
    const name = lastSegment(qname);
    const source = SOURCE_CALLS.get(qname);
    if (source) return this.sourceCall(source, qname, node, args);
    if (SPLIT_FUNCTIONS.has(qname)) return this.split(node, args);
    if (CV_FUNCTIONS.has(qname)) return this.crossValidate(name, node, args);
    if (qname.startsWith('sklearn.metrics.') && !NOT_METRICS.has(name)) {
      return this.metric(name, node, args);
    }
    if (qname === 'jsonschema.validate') return this.validatingCall(args, true);
    if (VALIDATOR_NAME.test(name)) return this.validatingCall(args, isStatement);
    if (SCHEMA_FACTORIES.has(qname)) return schemaVal(NOTHING);
    if (name === 'make_pipeline' || name === 'Pipeline')
      return this.pipeline(node, args, 'pipeline');
    if (qname.startsWith('numpy.random.') && name !== 'default_rng') return EMPTY;
    if (/^[A-Z]/.test(name))
      return this.construct(withQname(qname), name, node, args);
    return this.plainCall(name, args, isStatement);
  }

  private sourceCall(kind: TaintKind, qname: string, node: NodeId, args: Args): Val {
    const inputs = unionData(args.all);
    const taint = this.newTaint(kind, `read from \`${qname.replace(/^flask\./, '')}\``, node);
    return new Val(merge(inputs.taints, [taint]), [this.newData(inputs.data)]);
  }

  private construct(classVal: Val, name: string, node: NodeId, args: Args): Val {
    if (classVal.schema)
      return schemaVal(unionData(args.all).data);
    const className = lastSegment(name);
    if (classVal.localClass) {
      const instance = new Val(NOTHING, [this.newData(NOTHING)]);
      instance.className = className;
      return instance;
    }
    const root = firstSegment(classVal.qname ?? '');
    const known = ML_LIBRARIES.includes(root);
    if (!known && !/(Classifier|Regressor|Regression|Model|Estimator|SVC|SVR)$/.test(className)) {
      return own(unionData(args.all));
    }
    if (SEARCH_CLASSES.has(className)) return this.pipeline(node, args, 'search', className);
    if (CV_SPLITTERS.has(className)) {
      return withEstimator(this.newEstimator(className, 'splitter', node));
    }
    const kind: EstimatorKind = DATA_DEPENDENT_TRANSFORMERS.has(className)
      ? 'transformer'
      : 'model';
    return withEstimator(this.newEstimator(className, kind, node));
  }

  private pipeline(node: NodeId, args: Args, kind: EstimatorKind, className?: string): Val {
    const inner = this.pipelineSteps(args);
    const last = inner[inner.length - 1];
    const name = className ?? (last ? `Pipeline(${last.className})` : 'Pipeline');
    for (const step of inner) if (step.kind !== 'transformer') step.kind = 'pipeline';
    const estimator = this.newEstimator(name, kind, node);
    if (last) estimator.wrapped = last.wrapped ?? last.className;
    return withEstimator(estimator);
  }

  /** The estimators among the arguments, and in lists and (name, step) pairs of them. */
  private pipelineSteps(args: Args): Estimator[] {
    const steps: Estimator[] = [];
    const add = (val: Val): void => {
      if (val.est && val.est.kind !== 'splitter') steps.push(val.est);
    };
    for (const val of args.all) {
      if (!val.items) add(val);
      else {
        for (const item of val.items) {
          if (item.items) item.items.forEach(add);
          else add(item);
        }
      }
    }
    return steps;
  }

  private callMethod(
    receiver: Val,
    method: string,
    node: NodeId,
    callee: NodeId,
    property: NodeId,
    args: Args,
    isStatement: boolean,
  ): Val {
    if (receiver.schema) return new Val(NOTHING, unionData(args.all).data);
    if (receiver.entries !== undefined) {
      const entries = receiver.entries;
      if (args.all.length === 0 && method === 'values') {
        return this.tupleOf(entries.map((entry) => entry.value));
      }
      if (args.all.length === 0 && method === 'items') {
        return this.tupleOf(entries.map((entry) => this.tupleOf([entry.key, entry.value])));
      }
    }
    if (!READING_METHODS.has(method)) forgetContents(receiver);
    if (
      method === 'fit' ||
      method === 'fit_transform' ||
      method === 'fit_resample' ||
      method === 'partial_fit'
    ) {
      return this.fit(receiver, method, node, callee, property, args);
    }
    if (INFERENCE_METHODS.has(method)) return this.predict(receiver, method, node, callee, args);
    if ((method === 'transform' || method === 'inverse_transform') && receiver.est) {
      const input = unionData(args.all);
      return new Val(input.taints, [this.newData(input.data)]);
    }
    if ((method === 'score' || method === 'evaluate') && receiver.est) {
      return this.score(receiver.est, method, node, args);
    }
    if (method === 'split' && receiver.est?.kind === 'splitter') return this.cvSplit(node, args);
    if (VALIDATOR_NAME.test(method)) return this.validatingCall(args, isStatement);
    if (STATISTIC_METHODS.has(method) && receiver !== EMPTY) {
      const statistic = new Val(receiver.taints, receiver.data);
      statistic.stat = true;
      return statistic;
    }
    if (method === 'fillna' && args.all.some((val) => val.stat)) {
      const statistic = args.all.find((val) => val.stat) as Val;
      this.statisticPreprocessing(receiver, statistic, node, 'fills missing values');
    }
    if (method === 'set_params') return receiver;
    const result = own(unionData([receiver, ...args.all]));
    result.stat = undefined;
    return result;
  }

  /** A fit's arguments that any estimator's `fit` takes: the data and `sample_weight`. */
  private dataArguments(args: Args, argList: NodeId): string {
    const keywords = [...(args.keywords?.keys() ?? [])];
    if (keywords.every((name) => FIT_DATA_KEYWORDS.includes(name))) {
      return this.text(argList).slice(1, -1);
    }
    const passed = args.positionalNodes.map((node) => this.text(node));
    for (const name of FIT_DATA_KEYWORDS) {
      const keyword = args.keyword(name);
      if (keyword) passed.push(`${name}=${this.text(keyword.node)}`);
    }
    return passed.join(', ');
  }

  private fit(
    receiver: Val,
    method: string,
    node: NodeId,
    callee: NodeId,
    property: NodeId,
    args: Args,
  ): Val {
    const tree = this.tree;
    if (!receiver.est) {
      if (receiver === EMPTY) return EMPTY;
      receiver.est = this.newEstimator(receiver.className ?? 'estimator', 'unknown', node);
      const receiverNode = tree.firstChild(callee);
      if (tree.name(receiverNode) === 'VariableName') {
        addName(receiver.est, this.text(receiverNode));
      }
    }
    const estimator = receiver.est;
    const input = args.positional[0] ?? args.keyword('X')?.val ?? EMPTY;
    const fitMethod = method === 'partial_fit' ? 'fit' : (method as FitFact['method']);
    const argList = tree.child(node, 'ArgList');
    estimator.fits.push({
      seq: this.nextSeq(),
      estimator,
      method: fitMethod,
      loc: this.loc(node),
      methodLoc: this.loc(property),
      receiverText: this.text(tree.firstChild(callee)),
      argsText: this.text(argList).slice(1, -1),
      dataArgsText: this.dataArguments(args, argList),
      data: input.data,
      statement: this.statementLoc(node),
    });
    for (const data of input.data) this.fitted.add(data);
    if (estimator.kind === 'search') this.recordCrossValidation(input, node);
    if (method === 'fit_transform')
      return new Val(input.taints, [this.newData(input.data)]);
    if (method === 'fit_resample') {
      const target = args.positional[1] ?? EMPTY;
      return this.tupleOf([
        new Val(input.taints, [this.newData(input.data)]),
        new Val(target.taints, [this.newData(target.data)]),
      ]);
    }
    return receiver;
  }

  private predict(receiver: Val, method: string, node: NodeId, callee: NodeId, args: Args): Val {
    const input = args.positional[0] ?? args.keyword('X')?.val ?? EMPTY;
    const argNode = args.positionalNodes[0];
    const argList = this.tree.child(node, 'ArgList');
    const taints = this.unvalidated(input);
    for (const check of this.checks) {
      if (input.taints.some((taint) => check.taints.has(taint.id))) check.used = true;
    }
    if (taints.length > 0 && !this.isEvaluationData(input)) {
      this.facts.inferences.push({
        loc: this.loc(node),
        callText: `${this.text(callee)}(${this.text(argList).slice(1, -1)})`,
        argText: argNode ? this.text(argNode) : '',
        taints,
        guardName:
          argNode !== undefined && this.tree.name(argNode) === 'VariableName'
            ? this.text(argNode)
            : this.guardName(argNode, taints),
        statement: this.statementLoc(node),
      });
    }
    const prediction: PredictionFact = {
      estimator: receiver.est,
      loc: this.loc(node),
      data: input.data,
      argsText: this.text(argList).slice(1, -1),
      crossValidated: false,
      method,
      receiverLoc: this.loc(this.tree.firstChild(callee)),
    };
    receiver.est?.predictions.push(prediction);
    return withPredictions(input.taints, this.newData(input.data), [prediction]);
  }

  /** Whether data comes from a part of a split, or from data a model was fitted on. */
  private isEvaluationData(val: Val): boolean {
    for (const data of ancestry(val.data)) {
      if (data.role !== undefined || this.fitted.has(data)) return true;
    }
    return false;
  }

  /** In `model.predict([payload["x"]])`, the variable whose value carries the outside data. */
  private guardName(argNode: NodeId | undefined, taints: Taint[]): string | undefined {
    const tree = this.tree;
    if (!argNode || taints.length === 0) return undefined;
    // Nodes are numbered in document order: the argument's subtree, up to where it ends.
    const names: NodeId[] = [];
    const end = tree.to(argNode);
    let node = argNode;
    do {
      const keyword = tree.name(tree.nextSibling(node)) === 'AssignOp';
      if (tree.name(node) === 'VariableName' && !keyword) names.push(node);
      node++;
    } while (node <= tree.count && tree.from(node) < end);
    for (const name of names) {
      const val = this.lookup(this.text(name));
      if (val && this.unvalidated(val).length > 0) return this.text(name);
    }
    return undefined;
  }

  private score(estimator: Estimator, method: string, node: NodeId, args: Args): Val {
    const input = args.positional[0] ?? EMPTY;
    const argList = this.tree.child(node, 'ArgList');
    const prediction: PredictionFact = {
      estimator,
      loc: this.loc(node),
      data: input.data,
      argsText: this.text(argList).slice(1, -1),
      crossValidated: false,
    };
    this.facts.metricComputed = true;
    estimator.evaluations.push({
      estimator,
      loc: this.loc(node),
      prediction,
      via: 'score',
      metricName: method,
      statement: this.statementLoc(node),
      callText: this.text(node),
      scoreArgsText: prediction.argsText,
    });
    return EMPTY;
  }

  private metric(name: string, node: NodeId, args: Args): Val {
    this.facts.metricComputed = true;
    for (const val of args.all) {
      for (const prediction of val.preds ?? []) {
        const estimator = prediction.estimator;
        if (!estimator) continue;
        const argument = this.argumentHolding(args, val);
        estimator.evaluations.push({
          estimator,
          loc: this.loc(node),
          prediction,
          via: prediction.crossValidated ? 'cross-validation' : 'metric',
          metricName: name,
          statement: this.statementLoc(node),
          callText: this.text(node),
          predictionsArgument: argument ? this.within(node, argument) : undefined,
        });
      }
    }
    return EMPTY;
  }

  /** The node of the argument, positional or keyword, whose value is `val`. */
  private argumentHolding(args: Args, val: Val): NodeId | undefined {
    const index = args.positional.indexOf(val);
    if (index >= 0) return args.positionalNodes[index];
    for (const keyword of args.keywords?.values() ?? []) {
      if (keyword.val === val) return keyword.node;
    }
    return undefined;
  }

  /** Where `inner` is within the text of `outer`, as offsets into that text. */
  private within(outer: NodeId, inner: NodeId): TextRange {
    const start = this.tree.from(outer);
    return { from: this.tree.from(inner) - start, to: this.tree.to(inner) - start };
  }

  private split(node: NodeId, args: Args): Val {
    const inputs = args.positional;
    const split: SplitFact = {
      seq: this.nextSeq(),
      loc: this.loc(node),
      inputs: union(inputs).data,
      kind: 'split',
    };
    this.facts.splits.push(split);
    const parts: Val[] = [];
    for (const input of inputs) {
      for (const role of ['train', 'test'] as const) {
        parts.push(new Val(input.taints, [this.newData(input.data, role, split)]));
      }
    }
    const val = blank();
    val.items = parts;
    return val;
  }

  private recordCrossValidation(input: Val, node: NodeId): SplitFact {
    const split: SplitFact = {
      seq: this.nextSeq(),
      loc: this.loc(node),
      inputs: input.data,
      kind: 'cross-validation',
    };
    this.facts.splits.push(split);
    return split;
  }

  private cvSplit(node: NodeId, args: Args): Val {
    const input = args.positional[0] ?? EMPTY;
    const val = blank();
    val.cvPairs = this.recordCrossValidation(input, node);
    return val;
  }

  private crossValidate(name: string, node: NodeId, args: Args): Val {
    const estimatorVal = args.keyword('estimator')?.val ?? args.positional[0] ?? EMPTY;
    const estimatorNode = args.keyword('estimator')?.node ?? args.positionalNodes[0];
    const input = args.keyword('X')?.val ?? args.positional[1] ?? EMPTY;
    this.recordCrossValidation(input, node);
    const estimator = estimatorVal.est;
    if (!estimator) return EMPTY;
    const prediction: PredictionFact = {
      estimator,
      loc: this.loc(node),
      data: input.data,
      argsText: '',
      crossValidated: true,
    };
    if (name === 'cross_val_predict') {
      return withPredictions(NOTHING, this.newData(input.data), [prediction]);
    }
    this.facts.metricComputed = true;
    estimator.evaluations.push({
      estimator,
      loc: this.loc(node),
      prediction,
      via: 'cross-validation',
      metricName: name,
      statement: this.statementLoc(node),
      callText: this.text(node),
      estimatorArgument: estimatorNode ? this.within(node, estimatorNode) : undefined,
    });
    return EMPTY;
  }
}

/** The entries less each one that a later entry of the same string key replaces. */
function withoutReplaced(entries: DictEntry[]): DictEntry[] {
  const last = new Map<string, DictEntry>();
  const names = entries.map(keyName);
  entries.forEach((entry, index) => {
    if (names[index] !== undefined) last.set(names[index] as string, entry);
  });
  if (last.size === 0) return entries;
  return entries.filter((entry, index) => {
    const name = names[index];
    return name === undefined || last.get(name) === entry;
  });
}

/** The name of an entry's key when it is a string. */
function keyName(entry: DictEntry): string | undefined {
  if (entry.name !== undefined) return entry.name;
  const tree = entry.keyTree;
  const node = entry.keyNode;
  if (tree === undefined || node === undefined || tree.name(node) !== 'String') return undefined;
  return stringKey((entry.keyText ?? '').slice(tree.from(node), tree.to(node)));
}

/** A plain string literal's contents, the same whichever quotes it is written with. */
function stringKey(literal: string): string | undefined {
  return /^(['"])(.*)\1$/s.exec(literal)?.[2];
}

/** A dictionary: what its parts carry, and its entries when they are followed. */
function dictionaryOf(parts: Val[], entries: DictEntry[] | undefined): Val {
  const dictionary = union(parts).copy();
  dictionary.est = undefined;
  dictionary.items = undefined;
  dictionary.entries = entries;
  return dictionary;
}

/** A list or dictionary changed in place: what its display held is no longer known. */
function forgetContents(val: Val): void {
  if (val === EMPTY) return;
  val.items = undefined;
  val.entries = undefined;
}

/**
 * A value of which nothing is known: EMPTY, or a tuple or list of such values only. `judged`
 * keeps the answers for the values met, which nested lists share.
 */
function knowsNothing(val: Val, judged: Map<Val, boolean>): boolean {
  if (val === EMPTY) return true;
  if (val.items === undefined || val.est !== undefined) return false;
  if (val.taints.length > 0 || val.data.length > 0) return false;
  let answer = judged.get(val);
  if (answer === undefined) {
    judged.set(val, false);
    answer = val.items.every((item) => knowsNothing(item, judged));
    judged.set(val, answer);
  }
  return answer;
}
