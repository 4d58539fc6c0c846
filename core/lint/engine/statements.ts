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
      // A keyword argument's name (`random_state=0`) names no variable.
      if (isArgList && tree.name(tree.nextSibling(child)) === 'AssignOp') continue;
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
    switch (name) {
      case 'ImportStatement':
        for (let child = tree.firstChild(node); child; child = tree.nextSibling(child)) {
          if (tree.name(child) === 'VariableName') this.binds.add(this.textOf(child));
        }
        return;
      case 'AssignStatement': {
        const lastOp = this.lastAssignOp(node);
        for (let child = tree.firstChild(node); child && child !== lastOp; ) {
          this.target(child);
          child = tree.nextSibling(child);
          if (!lastOp) break;
        }
        return;
      }
      case 'UpdateStatement':
      case 'DeleteStatement':
        for (let child = tree.firstChild(node); child; child = tree.nextSibling(child)) {
          this.target(child);
        }
        return;
      case 'NamedExpression':
        this.target(tree.firstChild(node));
        return;
      default:
    }
    if (name.endsWith('Pattern')) {
      this.everyName(node);
      return;
    }
    if (!tree.is(node, TARGET_HOLDERS)) return;
    let inTargets = false;
    for (let child = tree.firstChild(node); child; child = tree.nextSibling(child)) {
      const part = tree.name(child);
      if (part === 'for') inTargets = true;
      else if (part === 'in') inTargets = false;
      else if (inTargets || tree.name(tree.prevSibling(child)) === 'as') this.target(child);
    }
  }

  private lastAssignOp(node: NodeId): NodeId {
    let lastOp = 0;
    for (let child = this.tree.firstChild(node); child; child = this.tree.nextSibling(child)) {
      if (this.tree.name(child) === 'AssignOp') lastOp = child;
    }
    return lastOp;
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
    const tree = this.tree;
    if (name === 'AssignStatement' || name === 'UpdateStatement') {
      const lastOp = name === 'AssignStatement' ? this.lastAssignOp(node) : 0;
      for (let child = tree.firstChild(node); child && child !== lastOp; ) {
        this.attributeTargets(child);
        child = tree.nextSibling(child);
        if (!lastOp) break;
      }
      return;
    }
    if (!tree.is(node, TARGET_HOLDERS)) return;
    let inTargets = false;
    for (let child = tree.firstChild(node); child; child = tree.nextSibling(child)) {
      const part = tree.name(child);
      if (part === 'for') inTargets = true;
      else if (part === 'in') inTargets = false;
      else if (inTargets || tree.name(tree.prevSibling(child)) === 'as') {
        this.attributeTargets(child);
      }
    }
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
