// Code Python's compiler refuses for the scope it stands in, though the grammar accepts it:
// `yield` outside a function, `yield from` in an `async def`, `await`, `async for`, `async with`
// or an asynchronous comprehension outside an `async def`, `nonlocal` in the module, `import *`
// anywhere but the module, `global` or `nonlocal` after what they declare was used, and
// `nonlocal` for a name no function around binds (see declarations.ts). Where a comprehension
// stands between such code and its function, Python's rules depend on which part of the
// comprehension it is in; that code is passed over.
import {
  declarationProblems,
  scopeNames,
  unboundNonlocals,
  type ModuleReading,
  type ScopeNames,
} from './declarations';
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
);

const enum Scope {
  Function,
  AsyncFunction,
  Lambda,
  Class,
  Comprehension,
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
    const problem = this.problem(node, innermost < 0 ? undefined : this.scopes[innermost], opened);
    if (opened !== undefined) {
      const body = this.bodyOf(node, opened);
      this.starts.push(body === 0 ? tree.to(node) : tree.from(body));
      this.ends.push(tree.to(node));
      this.scopes.push(opened);
      this.owners.push(node);
      this.bodies.push(body);
    }
    if (problem !== undefined) report(problem);
    if (!tree.is(node, SCOPE_STATEMENT)) return;
    if (innermost < 0) {
      this.moduleGlobal ||= tree.name(tree.firstChild(node)) === 'global';
      return;
    }
    const body = this.bodies[innermost];
    const scope = this.scopes[innermost];
    const owner = this.owners[innermost];
    if (scope === Scope.Lambda || scope === Scope.Comprehension || body === 0) return;
    if (this.declaring.has(owner)) return;
    this.declaring.add(owner);
    declarationProblems(this.text, this.offset, tree, owner, body, this.reading).forEach(report);
    if (!tree.hasErrors) this.unboundNonlocals(innermost).forEach(report);
  }

  /** The `nonlocal` statements of the scope at `index` that no function around it binds. */
  private unboundNonlocals(index: number): ScopeProblem[] {
    const own = this.namesAt(index);
    if (own.nonlocals.length === 0) return [];
    const around = [];
    for (let outer = 0; outer < index; outer++) {
      const scope = this.scopes[outer];
      // A lambda or comprehension holds no `def` or `class`; a default or decorator may.
      if (scope === Scope.Lambda || scope === Scope.Comprehension) continue;
      const isFunction = scope === Scope.Function || scope === Scope.AsyncFunction;
      around.push({ names: this.namesAt(outer), isFunction });
    }
    return unboundNonlocals(this.text, this.offset, this.tree, own, around);
  }

  private namesAt(index: number): ScopeNames {
    const owner = this.owners[index];
    this.names ??= new Map();
    let names = this.names.get(owner);
    if (names === undefined) {
      names = scopeNames(this.text, this.offset, this.tree, owner, this.bodies[index]);
      this.names.set(owner, names);
    }
    return names;
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
    return undefined;
  }

  /** The node a scope's body starts at: a `def`'s or `class`'s block, a lambda's `:`. */
  private bodyOf(node: NodeId, scope: Scope): NodeId {
    const tree = this.tree;
    if (scope === Scope.Comprehension) return tree.firstChild(node);
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
    if (scope === Scope.Comprehension) return undefined;
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
