// Code Python's compiler refuses for the scope it stands in, though the grammar accepts it:
// `yield` outside a function, `yield from` in an `async def`, `await`, `async for`, `async with`
// or an asynchronous comprehension outside an `async def`, `nonlocal` in the module, `import *`
// anywhere but the module, a `:=` in a comprehension's iterable, on one of its loop variables
// or in a comprehension in a class body, `global` or `nonlocal` after what they declare was
// used, and `nonlocal` for a name no function around binds (see declarations.ts). Where a
// comprehension (or a generator that is a call's only argument) stands between a `yield` or
// `await` and its function, Python's rules depend on which part of the comprehension it is
// in; that code is passed over.
import {
  declarationProblems,
  forEachTargetName,
  mangled,
  scopeNames,
  unboundNonlocals,
  unbracketedWalrusTargets,
  type ModuleReading,
  type ScopeNames,
} from './declarations';
import { FORM_FEED_INDENTING } from './blocks';
import { identifier } from './source';
import { NameSet, type FlatTree, type NodeId } from './syntax';

/** What a scope check found, at positions of the tree's own text. */
export interface ScopeProblem {
  from: number;
  to: number;
  message: string;
}

const FUNCTION = NameSet.of('FunctionDefinition');
const LAMBDA = NameSet.of('LambdaExpression');
const CLASS = NameSet.of('ClassDefinition');
const GENERATOR = NameSet.of('ComprehensionExpression');
const COMPREHENSIONS = NameSet.of(
  'ArrayComprehensionExpression',
  'SetComprehensionExpression',
  'DictionaryComprehensionExpression',
);
const YIELD = NameSet.of('YieldExpression', 'YieldStatement');
const AWAIT = NameSet.of('AwaitExpression');
const ASYNC_STATEMENT = NameSet.of('ForStatement', 'WithStatement');
const SCOPE_STATEMENT = NameSet.of('ScopeStatement');
const IMPORT = NameSet.of('ImportStatement');
const NONE = NameSet.of('None');
const NAMED = NameSet.of('NamedExpression');
const ARGUMENTS = NameSet.of('ArgList');
const VARIABLE = NameSet.of('VariableName');
const COMMENT = NameSet.of('Comment');

/** Every kind of node the scope checks look at. */
export const SCOPE_NODES = NameSet.of(
  'FunctionDefinition',
  'LambdaExpression',
  'ClassDefinition',
  'ComprehensionExpression',
  'ArrayComprehensionExpression',
  'SetComprehensionExpression',
  'DictionaryComprehensionExpression',
  'YieldExpression',
  'YieldStatement',
  'AwaitExpression',
  'ForStatement',
  'WithStatement',
  'ScopeStatement',
  'ImportStatement',
  'None',
  'NamedExpression',
  'ArgList',
);

const enum Scope {
  Function,
  AsyncFunction,
  Lambda,
  Class,
  Comprehension,
  /** A generator that is a call's only argument, `f(x for x in y)`, in the call's brackets. */
  Generator,
}

/** Whether a scope is one of a comprehension's, which `:=` binds through. */
function isComprehension(scope: Scope): boolean {
  return scope === Scope.Comprehension || scope === Scope.Generator;
}

const YIELD_OUTSIDE =
  'Python cannot compile this: `yield` outside a function; a generator is a function that ' +
  'yields, so put this in a `def`.';

const YIELD_FROM_IN_ASYNC =
  'Python cannot compile this: `yield from` inside an `async def`; yield each item in a loop ' +
  'instead.';

const AWAIT_OUTSIDE_FUNCTION =
  'Python cannot compile this: `await` outside a function; await inside an `async def`, and ' +
  'run it with `asyncio.run(...)`.';

const AWAIT_OUTSIDE_ASYNC =
  'Python cannot compile this: `await` inside a function that is not asynchronous; define ' +
  'it with `async def`.';

function asyncStatementOutside(keyword: string): string {
  return (
    `Python cannot compile this: \`async ${keyword}\` outside an \`async def\`; move it into ` +
    `one, or use a plain \`${keyword}\` here.`
  );
}

const ASYNC_COMPREHENSION =
  'Python cannot compile this: an asynchronous comprehension outside an `async def`; move it ' +
  'into one, or loop over the items with `async for` there.';

const NONLOCAL_IN_MODULE =
  'Python cannot compile this: `nonlocal` at module level; the module\'s names are global, ' +
  'so write `global`, or nothing to read them.';

const WALRUS_IN_ITERABLE =
  'Python cannot compile this: `:=` in the iterable of a comprehension (after `in`); assign ' +
  'the value in a statement before the comprehension.';

function walrusRebinds(name: string): string {
  return (
    `Python cannot compile this: \`:=\` cannot assign \`${name}\`, a loop variable of the ` +
    'comprehension around it; give the result another name.'
  );
}

function innerLoopRebinds(name: string): string {
  return (
    `Python cannot compile this: this loop assigns \`${name}\`, which a \`:=\` before it in ` +
    'the same comprehension assigns; give one of them another name.'
  );
}

const WALRUS_IN_CLASS =
  'Python cannot compile this: `:=` in a comprehension in a class body, outside its methods; ' +
  'assign the value in a statement of the class first, or move the comprehension into a method.';

const IMPORT_STAR_INSIDE =
  'Python cannot compile this: `import *` is allowed only at module level; import the names ' +
  'this needs by name.';

/**
 * The scopes open at each node of a walk in document order (the nodes of one part of a tree
 * that starts at the module's level), and what Python refuses at those nodes. A function's or
 * class's scope is its body: defaults, annotations, bases and decorators belong to the scope
 * around it.
 */
export class ScopeWalk {
  /** Each scope met and not yet left: where its body starts and ends, and its kind. */
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private readonly scopes: Scope[] = [];
  /** The node that opened each, and its body's node (0 for a lambda or comprehension). */
  private readonly owners: NodeId[] = [];
  private readonly bodies: NodeId[] = [];

  /**
   * `offset` is where the tree starts in `text`; `topLevelAwait`, whether the module may await
   * (an IPython cell may).
   */
  constructor(
    private readonly text: string,
    private readonly offset: number,
    private readonly tree: FlatTree,
    private readonly topLevelAwait: boolean,
    private readonly reading: ModuleReading = {},
  ) {}

  /** The functions and classes whose `global` and `nonlocal` statements were looked at. */
  private readonly declaring = new Set<NodeId>();
  /** What each function or class looked at does with its names, by its node. */
  private names: Map<NodeId, ScopeNames> | undefined;
  /** Whether a `global` statement was met at module level. */
  moduleGlobal = false;

  /**
   * What Python refuses at `node`, one of `SCOPE_NODES`, handed to `report`; nodes come in
   * document order. At the first `global` or `nonlocal` statement of a function or class, what
   * is wrong with any of them in it.
   */
  visit(node: NodeId, report: (problem: ScopeProblem) => void): void {
    const tree = this.tree;
    const from = tree.from(node);
    while (this.ends.length > 0 && from >= this.ends[this.ends.length - 1]) {
      this.starts.pop();
      this.ends.pop();
      this.scopes.pop();
      this.owners.pop();
      this.bodies.pop();
    }
    const opened = this.opens(node);
    const innermost = this.innermost(from);
    const problem = tree.is(node, NAMED)
      ? this.walrusProblem(tree.firstChild(node), node, innermost)
      : this.problem(node, innermost < 0 ? undefined : this.scopes[innermost], opened);
    if (opened !== undefined) {
      const body = this.bodyOf(node, opened);
      this.starts.push(body === 0 ? tree.to(node) : tree.from(body));
      this.ends.push(tree.to(node));
      this.scopes.push(opened);
      this.owners.push(node);
      this.bodies.push(body);
    }
    if (problem !== undefined) report(problem);
    if (tree.is(node, ARGUMENTS)) this.unbracketedWalruses(node, report);
    if (!tree.is(node, SCOPE_STATEMENT)) return;
    if (innermost < 0) {
      this.moduleGlobal ||= tree.name(tree.firstChild(node)) === 'global';
      return;
    }
    const body = this.bodies[innermost];
    const scope = this.scopes[innermost];
    const owner = this.owners[innermost];
    if (scope === Scope.Lambda || isComprehension(scope) || body === 0) return;
    if (this.declaring.has(owner)) return;
    this.declaring.add(owner);
    declarationProblems(this.text, this.offset, tree, owner, body, this.reading).forEach(report);
    if (!tree.hasErrors && !this.formFeedIndents()) {
      this.unboundNonlocals(innermost).forEach(report);
    }
  }

  /**
   * Whether a form feed indents a line of the outermost scope open, from the start of its first
   * line: there the tree may not nest functions as Python does (see FORM_FEED_INDENTING).
   */
  private formFeedIndents(): boolean {
    const { text, offset, tree } = this;
    const start = offset + tree.from(this.owners[0]);
    const line = text.lastIndexOf('\n', start - 1) + 1;
    return FORM_FEED_INDENTING.test(text.slice(line, offset + tree.to(this.owners[0])));
  }

  /** The `nonlocal` statements of the scope at `index` that no function around it binds. */
  private unboundNonlocals(index: number): ScopeProblem[] {
    const own = this.namesAt(index);
    if (own.nonlocals.length === 0) return [];
    const around = [];
    for (let outer = 0; outer < index; outer++) {
      const scope = this.scopes[outer];
      // A lambda or comprehension holds no `def` or `class`; a default or decorator may.
      if (scope === Scope.Lambda || isComprehension(scope)) continue;
      const isFunction = scope === Scope.Function || scope === Scope.AsyncFunction;
      around.push({ names: this.namesAt(outer), isFunction });
    }
    return unboundNonlocals(this.text, this.offset, this.tree, own, around);
  }

  /**
   * The name of the innermost class whose body holds `at`, among the scopes up to `index`: what
   * Python mangles private names there with (see mangled).
   */
  private classAround(index: number, at: number): string | undefined {
    for (let outer = index; outer >= 0; outer--) {
      if (this.scopes[outer] !== Scope.Class || at < this.starts[outer]) continue;
      const name = this.tree.child(this.owners[outer], 'VariableName');
      return name === 0 ? undefined : this.nameOf(name);
    }
    return undefined;
  }

  /** A name as written, in the form Python compares names in. */
  private nameOf(node: NodeId): string {
    const { text, offset, tree } = this;
    return identifier(text.slice(offset + tree.from(node), offset + tree.to(node)));
  }

  private namesAt(index: number): ScopeNames {
    const owner = this.owners[index];
    this.names ??= new Map();
    let names = this.names.get(owner);
    if (names === undefined) {
      const className = this.classAround(index, this.starts[index]);
      const body = this.bodies[index];
      names = scopeNames(this.text, this.offset, this.tree, owner, body, className);
      this.names.set(owner, names);
    }
    return names;
  }

  /**
   * What Python refuses about a `:=` (`node`) for the comprehensions around it: one in the
   * iterable of any of them (the part after `in`, a lambda there included), one that assigns
   * a loop variable of one it is in, or one in a comprehension whose scope is a class body.
   * `innermost` is the index of the innermost scope that holds it.
   */
  private walrusProblem(
    target: NodeId,
    node: NodeId,
    innermost: number,
    to = this.tree.to(node),
  ): ScopeProblem | undefined {
    const tree = this.tree;
    if (!tree.is(target, VARIABLE) || tree.hasErrors) return undefined;
    const at = (message: string, place: NodeId): ScopeProblem => ({
      from: tree.from(place),
      to: tree.to(place),
      message,
    });
    const from = tree.from(node);
    for (let index = innermost; index >= 0; index--) {
      const scope = this.scopes[index];
      if (isComprehension(scope) && this.inIterable(this.owners[index], from)) {
        return { from, to, message: WALRUS_IN_ITERABLE };
      }
    }
    if (innermost < 0 || !isComprehension(this.scopes[innermost])) return undefined;
    // Python compares the name as written with the loop variables as stored, which in a class
    // are mangled (see mangled).
    const name = this.nameOf(target);
    const className = this.classAround(innermost, from);
    const mangle = (loop: NodeId): string => mangled(this.nameOf(loop), className);
    let index = innermost;
    for (; index >= 0; index--) {
      // A default, decorator, annotation or base is read in the scope around its function,
      // lambda or class.
      if (from < this.starts[index]) continue;
      if (!isComprehension(this.scopes[index])) break;
      const { met } = this.loopTargets(this.owners[index], from);
      if (met.some((loop) => mangle(loop) === name)) return at(walrusRebinds(name), target);
    }
    if (index >= 0 && this.scopes[index] === Scope.Class) return at(WALRUS_IN_CLASS, target);
    // A loop written after the `:=` in its comprehension (`[x for a in b if (j := a) for j in
    // c]`) is found when Python reads that loop, which compares both names as stored.
    const { later } = this.loopTargets(this.owners[innermost], from);
    const stored = mangled(name, className);
    const loop = later.find((each) => mangle(each) === stored);
    return loop === undefined ? undefined : at(innerLoopRebinds(name), loop);
  }

  /**
   * The `:=` among a call's arguments that no brackets of their own hold (`f(y := 1)`), which
   * the grammar reads like keyword arguments.
   */
  private unbracketedWalruses(list: NodeId, report: (problem: ScopeProblem) => void): void {
    const tree = this.tree;
    for (const target of unbracketedWalrusTargets(this.text, this.offset, tree, list)) {
      const op = tree.nextSibling(target);
      const value = tree.nextSibling(op);
      const innermost = this.innermost(tree.from(target));
      const problem = this.walrusProblem(target, target, innermost, tree.to(value || op));
      if (problem !== undefined) report(problem);
    }
  }

  /** Whether `at` is in an iterable of the comprehension `comprehension`. */
  private inIterable(comprehension: NodeId, at: number): boolean {
    const tree = this.tree;
    for (let part = tree.firstChild(comprehension); part !== 0; part = tree.nextSibling(part)) {
      if (tree.name(part) !== 'in') continue;
      let iterable = tree.nextSibling(part);
      while (iterable !== 0 && tree.is(iterable, COMMENT)) iterable = tree.nextSibling(iterable);
      if (iterable !== 0 && tree.from(iterable) <= at && at < tree.to(iterable)) return true;
    }
    return false;
  }

  /**
   * The names the comprehension's loops bind, split by whether Python has met them by the time
   * it reads `at`: all of them when `at` is in its result expression, which it reads last;
   * else those of the loops written before `at`.
   */
  private loopTargets(comprehension: NodeId, at: number): { met: NodeId[]; later: NodeId[] } {
    const tree = this.tree;
    const met: NodeId[] = [];
    const later: NodeId[] = [];
    let into = met;
    const add = (target: NodeId): void =>
      forEachTargetName(tree, target, (name) => into.push(name));
    let inResult = true;
    let inTarget = false;
    for (let part = tree.firstChild(comprehension); part !== 0; part = tree.nextSibling(part)) {
      const name = tree.name(part);
      if (name === 'for') {
        if (inResult) inResult = at < tree.from(part);
        if (!inResult && tree.from(part) > at) into = later;
        inTarget = true;
      } else if (name === 'in') inTarget = false;
      else if (inTarget) add(part);
    }
    return { met, later };
  }

  /** The index of the innermost scope whose body holds `from`; -1 for the module. */
  private innermost(from: number): number {
    for (let index = this.scopes.length - 1; index >= 0; index--) {
      if (from >= this.starts[index]) return index;
    }
    return -1;
  }

  private opens(node: NodeId): Scope | undefined {
    const tree = this.tree;
    if (tree.is(node, FUNCTION)) {
      return tree.name(tree.firstChild(node)) === 'async' ? Scope.AsyncFunction : Scope.Function;
    }
    if (tree.is(node, LAMBDA)) return Scope.Lambda;
    if (tree.is(node, CLASS)) return Scope.Class;
    if (tree.is(node, GENERATOR) || tree.is(node, COMPREHENSIONS)) return Scope.Comprehension;
    if (tree.is(node, ARGUMENTS) && tree.child(node, 'for') !== 0) return Scope.Generator;
    return undefined;
  }

  /** The node a scope's body starts at: a `def`'s or `class`'s block, a lambda's `:`. */
  private bodyOf(node: NodeId, scope: Scope): NodeId {
    const tree = this.tree;
    if (isComprehension(scope)) return tree.firstChild(node);
    return tree.child(node, scope === Scope.Lambda ? ':' : 'Body');
  }

  private problem(
    node: NodeId,
    scope: Scope | undefined,
    opened: Scope | undefined,
  ): ScopeProblem | undefined {
    const tree = this.tree;
    const at = (message: string, place = node): ScopeProblem => ({
      from: tree.from(place),
      to: tree.to(place),
      message,
    });
    if (scope !== undefined && isComprehension(scope)) return undefined;
    const inModule = scope === undefined;
    if (tree.is(node, NONE)) {
      if (!(inModule || scope === Scope.Class) || !this.isBareYield(node)) return undefined;
      const from = tree.from(node);
      return { from, to: from + 'yield'.length, message: YIELD_OUTSIDE };
    } else if (tree.is(node, YIELD)) {
      if (inModule || scope === Scope.Class) return at(YIELD_OUTSIDE);
      const from = tree.nextSibling(tree.firstChild(node));
      if (scope === Scope.AsyncFunction && tree.name(from) === 'from') {
        return at(YIELD_FROM_IN_ASYNC);
      }
    } else if (tree.is(node, AWAIT)) {
      if (scope === Scope.Function || scope === Scope.Lambda) return at(AWAIT_OUTSIDE_ASYNC);
      if (scope === Scope.Class || (inModule && !this.topLevelAwait)) {
        return at(AWAIT_OUTSIDE_FUNCTION);
      }
    } else if (tree.is(node, ASYNC_STATEMENT)) {
      const first = tree.firstChild(node);
      if (tree.name(first) !== 'async') return undefined;
      if (scope === Scope.AsyncFunction || (inModule && this.topLevelAwait)) return undefined;
      return at(asyncStatementOutside(tree.name(tree.nextSibling(first))));
    } else if (opened === Scope.Comprehension && tree.is(node, COMPREHENSIONS)) {
      if (scope === Scope.AsyncFunction || (inModule && this.topLevelAwait)) return undefined;
      if (tree.child(node, 'async') !== 0) return at(ASYNC_COMPREHENSION);
    } else if (tree.is(node, SCOPE_STATEMENT)) {
      if (inModule && tree.name(tree.firstChild(node)) === 'nonlocal') {
        return at(NONLOCAL_IN_MODULE);
      }
    } else if (tree.is(node, IMPORT) && !inModule) {
      const star = tree.child(node, '*');
      if (star !== 0) return at(IMPORT_STAR_INSIDE, star);
    }
    return undefined;
  }

  /** A `None` the parser read where the text has a bare `yield` (see grammarGaps.ts). */
  private isBareYield(node: NodeId): boolean {
    return this.text.startsWith('yield', this.offset + this.tree.from(node));
  }
}
