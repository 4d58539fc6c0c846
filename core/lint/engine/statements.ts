// What a top-level statement can share with the rest of its module, read from its syntax: the
// names it binds at module level, the names it reads there, and the attributes it mentions and
// assigns. Statements that share nothing can be analysed apart (see components.ts).
import { FlatTree, NameSet, type NodeId } from './syntax';

export interface StatementInfo {
  /** Names the statement binds in module scope when the analysis runs it (a superset). */
  readonly binds: readonly string[];
  /** The names it mentions from module scope: every mention but of a name its function binds. */
  readonly free: readonly string[];
  /** Every name it mentions, free or not, each once. */
  readonly mentions: readonly string[];
  /**
   * The names it uses as values from module scope: every mention but a call's callee
   * (`print(...)`) and a name its function binds itself.
   */
  readonly values: readonly string[];
  /** The text of every attribute it mentions (`self.model`, `np.random`), each once. */
  readonly members: readonly string[];
  /** The text of every attribute it assigns (`self.model = ...`), at any depth. */
  readonly attributeStores: readonly string[];
  /** An `import` or `from ... import` statement. */
  readonly isImport: boolean;
}

/** Nodes whose body runs in a scope of its own, not the one around them. */
const OWN_SCOPES = NameSet.of('FunctionDefinition', 'ClassDefinition', 'LambdaExpression');
const PARAMETERS = NameSet.of('ParamList', 'LambdaParams');
/** Nodes with targets among their children: after `for` (up to `in`) or after `as`. */
const TARGET_HOLDERS = NameSet.of(
  'ForStatement',
  'WithStatement',
  'TryStatement',
  'ComprehensionExpression',
  'ArrayComprehensionExpression',
  'SetComprehensionExpression',
  'DictionaryComprehensionExpression',
  'ArgList',
  'ParenthesizedExpression',
);
/** Target lists and brackets around targets: the names in them are bound. */
const TARGET_GROUPS = NameSet.of('TupleExpression', 'ArrayExpression', 'ParenthesizedExpression');

export function statementInfo(tree: FlatTree, statement: NodeId, text: string): StatementInfo {
  const reader = new StatementReader(tree, text, false);
  reader.read(statement, []);
  return {
    binds: [...reader.binds],
    free: [...reader.free],
    mentions: [...reader.mentions],
    values: [...reader.values],
    members: [...reader.members],
    attributeStores: [...reader.attributeStores],
    isImport: tree.name(statement) === 'ImportStatement',
  };
}

class StatementReader {
  readonly binds = new Set<string>();
  readonly free = new Set<string>();
  readonly mentions = new Set<string>();
  readonly values = new Set<string>();
  readonly members = new Set<string>();
  readonly attributeStores = new Set<string>();

  /** `bindsOnly`: only the bindings of one scope are wanted, nothing below its own scopes. */
  constructor(
    private readonly tree: FlatTree,
    private readonly text: string,
    private readonly bindsOnly: boolean,
  ) {}

  private textOf(node: NodeId): string {
    return this.text.slice(this.tree.from(node), this.tree.to(node));
  }

  /**
   * Reads `node` and what is below it. `locals` holds, innermost last, the names each function
   * or class around it binds; it is empty in module scope.
   */
  read(node: NodeId, locals: Set<string>[], callee = false): void {
    const tree = this.tree;
    const name = tree.name(node);
    if (name === 'VariableName') {
      const text = this.textOf(node);
      this.mentions.add(text);
      for (const scope of locals) if (scope.has(text)) return;
      this.free.add(text);
      if (!callee) this.values.add(text);
      return;
    }
    if (name === 'MemberExpression' && tree.child(node, 'PropertyName')) {
      this.members.add(this.textOf(node));
    }
    if (locals.length === 0) this.readBindings(node, name);
    else if (!this.bindsOnly) this.readAttributeStores(node, name);
    if (tree.is(node, OWN_SCOPES)) {
      this.readScope(node, locals);
      return;
    }
    const isCall = name === 'CallExpression';
    const isArgList = name === 'ArgList';
    for (let child = tree.firstChild(node); child; child = tree.nextSibling(child)) {
      const next = isArgList ? tree.nextSibling(child) : 0;
      if (next && tree.name(next) === 'AssignOp') {
        // A keyword argument's name (`random_state=0`) names no variable; `f(x := 1)` binds one.
        if (tree.to(next) - tree.from(next) !== 2) continue;
        if (locals.length === 0) this.target(child);
      }
      this.read(child, locals, isCall && child === tree.firstChild(node));
    }
  }

  /**
   * A function, lambda or class: its name, defaults, annotations and bases belong to the scope
   * around it; its parameters and body to its own.
   */
  private readScope(definition: NodeId, locals: Set<string>[]): void {
    const tree = this.tree;
    const lambda = tree.name(definition) === 'LambdaExpression';
    const own = new Set<string>();
    const bodies: NodeId[] = [];
    let afterColon = false;
    for (let child = tree.firstChild(definition); child; child = tree.nextSibling(child)) {
      const name = tree.name(child);
      if (name === 'Body' || (lambda && afterColon)) bodies.push(child);
      else if (name === ':') afterColon = true;
      else if (name === 'VariableName') {
        const text = this.textOf(child);
        this.mentions.add(text);
        if (locals.length === 0) this.binds.add(text);
        if (!locals.some((scope) => scope.has(text))) this.free.add(text);
      } else if (tree.is(child, PARAMETERS)) this.readParameters(child, locals, own);
      else this.read(child, locals);
    }
    if (this.bindsOnly) return;
    for (const body of bodies) {
      const scope = new StatementReader(tree, this.text, true);
      scope.read(body, []);
      for (const bound of scope.binds) own.add(bound);
    }
    const inner = [...locals, own];
    for (const body of bodies) this.read(body, inner);
  }

  /** Parameter names are the function's own; defaults and annotations are read around it. */
  private readParameters(list: NodeId, locals: Set<string>[], own: Set<string>): void {
    const tree = this.tree;
    for (let child = tree.firstChild(list); child; child = tree.nextSibling(child)) {
      if (tree.name(child) === 'VariableName') {
        own.add(this.textOf(child));
        this.mentions.add(this.textOf(child));
      }
      else this.read(child, locals);
    }
  }

  /** The bindings a statement or expression in module scope makes by its own form. */
  private readBindings(node: NodeId, name: string): void {
    const tree = this.tree;
    if (name === 'ImportStatement') {
      for (let child = tree.firstChild(node); child; child = tree.nextSibling(child)) {
        if (tree.name(child) === 'VariableName') this.binds.add(this.textOf(child));
      }
    } else if (name.endsWith('Pattern')) this.everyName(node);
    else for (const target of this.targetsOf(node, name)) this.target(target);
  }

  /**
   * The children of a node that it binds or assigns: an assignment's parts before its last `=`,
   * the left side of `+=` and `:=`, what `del` deletes, and the children after `for` (up to
   * `in`) or after `as`.
   */
  private targetsOf(node: NodeId, name: string): NodeId[] {
    const tree = this.tree;
    const targets: NodeId[] = [];
    const first = tree.firstChild(node);
    if (name === 'AssignStatement') {
      let lastOp = 0;
      for (let child = first; child; child = tree.nextSibling(child)) {
        if (tree.name(child) === 'AssignOp') lastOp = child;
      }
      if (!lastOp) return first ? [first] : targets;
      for (let child = first; child !== lastOp; child = tree.nextSibling(child)) {
        targets.push(child);
      }
    } else if (name === 'UpdateStatement' || name === 'NamedExpression') {
      if (first) targets.push(first);
    } else if (name === 'DeleteStatement') {
      for (let child = first; child; child = tree.nextSibling(child)) targets.push(child);
    } else if (tree.is(node, TARGET_HOLDERS)) {
      let inTargets = false;
      for (let child = first; child; child = tree.nextSibling(child)) {
        const part = tree.name(child);
        if (part === 'for') inTargets = true;
        else if (part === 'in') inTargets = false;
        else if (inTargets || tree.name(tree.prevSibling(child)) === 'as') targets.push(child);
      }
    }
    return targets;
  }

  /** A target: the names in it are bound, the attributes assigned. */
  private target(node: NodeId): void {
    const tree = this.tree;
    const name = tree.name(node);
    if (name === 'VariableName') this.binds.add(this.textOf(node));
    else if (name === 'MemberExpression') {
      if (tree.child(node, 'PropertyName')) this.attributeStores.add(this.textOf(node));
    } else if (tree.is(node, TARGET_GROUPS) || name === 'UnaryExpression') {
      for (let child = tree.firstChild(node); child; child = tree.nextSibling(child)) {
        this.target(child);
      }
    } else if (name !== 'AssignOp' && name !== 'UpdateOp' && name !== 'TypeDef') {
      this.everyName(node);
    }
  }

  private everyName(node: NodeId): void {
    const tree = this.tree;
    if (tree.name(node) === 'VariableName') this.binds.add(this.textOf(node));
    for (let child = tree.firstChild(node); child; child = tree.nextSibling(child)) {
      this.everyName(child);
    }
  }

  /** Attributes assigned inside functions and classes (`self.model = ...`). */
  private readAttributeStores(node: NodeId, name: string): void {
    for (const target of this.targetsOf(node, name)) this.attributeTargets(target);
  }

  private attributeTargets(node: NodeId): void {
    const tree = this.tree;
    if (tree.name(node) === 'MemberExpression') {
      if (tree.child(node, 'PropertyName')) this.attributeStores.add(this.textOf(node));
      return;
    }
    if (tree.is(node, TARGET_GROUPS)) {
      for (let child = tree.firstChild(node); child; child = tree.nextSibling(child)) {
        this.attributeTargets(child);
      }
    }
  }
}
