// Targets the grammar accepts but Python refuses to compile: what is assigned to, deleted,
// annotated, bound by `for` or `with`, or given an augmented assignment must be a name, an
// attribute or an item (`x`, `x.a`, `x[i]`), or, where Python unpacks, a tuple or list of them.
import { NameSet, type FlatTree, type NodeId } from './syntax';

/** A target Python refuses, and why. */
export interface TargetProblem {
  node: NodeId;
  message: string;
}

/** What each kind of expression that cannot be a target is called in a message. */
const REFUSED: Record<string, string> = {
  CallExpression: 'a function call',
  BinaryExpression: 'an expression',
  UnaryExpression: 'an expression',
  Number: 'a literal',
  String: 'a literal',
  FormatString: 'an f-string',
  Ellipsis: 'an ellipsis',
  LambdaExpression: 'a lambda',
  ConditionalExpression: 'a conditional expression',
  AwaitExpression: 'an `await` expression',
  SetExpression: 'a set',
  DictionaryExpression: 'a dictionary',
  ArrayComprehensionExpression: 'a list comprehension',
  SetComprehensionExpression: 'a set comprehension',
  DictionaryComprehensionExpression: 'a dictionary comprehension',
  ComprehensionExpression: 'a generator expression',
  NamedExpression: 'an assignment expression (`:=`)',
  YieldExpression: 'a `yield` expression',
};

const GROUPS = NameSet.of('TupleExpression', 'ArrayExpression', 'ParenthesizedExpression');
const PUNCTUATION = NameSet.of(',', '(', ')', '[', ']');

const TARGETS_ARE =
  'a target is a name, an attribute or an item (`x`, `x.a`, `x[i]`), or a tuple or list of them';

const DELETED_ARE =
  '`del` takes names, attributes and items (`x`, `x.a`, `x[i]`), or tuples or lists of them';

/**
 * The first target Python refuses in `holder`: an assignment, augmented assignment, `for`,
 * `with` or `del` statement, or a comprehension.
 */
export function targetProblem(
  text: string,
  offset: number,
  tree: FlatTree,
  holder: NodeId,
): TargetProblem | undefined {
  // With a parse error in it, the statement may not be what was meant; the error is reported.
  if (tree.hasErrors && containsError(tree, holder)) return undefined;
  const reader = new TargetReader(text, offset, tree);
  switch (tree.name(holder)) {
    case 'AssignStatement':
      return reader.assignment(holder);
    case 'UpdateStatement':
      return reader.augmented(holder);
    case 'WithStatement':
      return reader.withTargets(holder);
    case 'DeleteStatement':
      return reader.deleted(holder);
    default:
      return reader.forTargets(holder);
  }
}

class TargetReader {
  constructor(
    private readonly text: string,
    private readonly offset: number,
    private readonly tree: FlatTree,
  ) {}

  /** `a, b = c = value` and `a: int = value`: every part before an `=` is a target. */
  assignment(statement: NodeId): TargetProblem | undefined {
    const tree = this.tree;
    let part = tree.firstChild(statement);
    while (part) {
      let end = part;
      while (end && tree.name(end) !== 'AssignOp' && tree.name(end) !== 'TypeDef') {
        end = tree.nextSibling(end);
      }
      if (!end) return undefined;
      if (tree.name(end) === 'TypeDef') return this.annotated(part, end);
      const refused = this.inList(part, end, 'assign');
      if (refused) return refused;
      part = tree.nextSibling(end);
    }
    return undefined;
  }

  /** `target: annotation`: one name, attribute or item, in brackets or not, and no tuple. */
  private annotated(first: NodeId, typeDef: NodeId): TargetProblem | undefined {
    const tree = this.tree;
    if (tree.nextSibling(first) !== typeDef) return this.refused(first, ANNOTATION);
    const target = this.unbracketed(first);
    const kind = tree.name(target);
    if (kind === 'TupleExpression' || kind === 'ArrayExpression') {
      return this.refused(first, ANNOTATION);
    }
    if (kind === 'VariableName' || kind === 'MemberExpression') {
      return this.constant(target, 'assign');
    }
    return this.describe(target) === undefined ? undefined : this.refused(first, ANNOTATION);
  }

  /** `target += value`: one name, attribute or item, in brackets or not. */
  augmented(statement: NodeId): TargetProblem | undefined {
    const tree = this.tree;
    const first = tree.firstChild(statement);
    const op = tree.nextSibling(first);
    if (tree.name(op) !== 'UpdateOp') return this.refused(first, augmentedMessage('a tuple'));
    const target = this.unbracketed(first);
    const kind = tree.name(target);
    if (kind === 'VariableName' || kind === 'MemberExpression') {
      return this.constant(target, 'augment');
    }
    if (kind === 'TupleExpression') return this.refused(first, augmentedMessage('a tuple'));
    if (kind === 'ArrayExpression') return this.refused(first, augmentedMessage('a list'));
    const what = this.describe(target);
    return what === undefined ? undefined : this.refused(target, augmentedMessage(what));
  }

  /** `for targets in ...`, in a statement or in each `for` of a comprehension. */
  forTargets(node: NodeId): TargetProblem | undefined {
    const tree = this.tree;
    for (let child = tree.firstChild(node); child; child = tree.nextSibling(child)) {
      if (tree.name(child) !== 'for') continue;
      const first = tree.nextSibling(child);
      let end = first;
      while (end && tree.name(end) !== 'in') end = tree.nextSibling(end);
      if (!end) return undefined;
      const refused = this.inList(first, end, 'assign');
      if (refused) return refused;
    }
    return undefined;
  }

  /** `with manager as target`: the node after each `as`. */
  withTargets(statement: NodeId): TargetProblem | undefined {
    const tree = this.tree;
    for (let child = tree.firstChild(statement); child; child = tree.nextSibling(child)) {
      if (tree.name(child) !== 'as') continue;
      const target = tree.nextSibling(child);
      const refused = target ? this.target(target, 'assign') : undefined;
      if (refused) return refused;
    }
    return undefined;
  }

  /** `del a, b[i]`: names, attributes, items, and tuples or lists of them. */
  deleted(statement: NodeId): TargetProblem | undefined {
    const tree = this.tree;
    return this.inList(tree.nextSibling(tree.firstChild(statement)), 0, 'delete');
  }

  /**
   * The first refused target among the siblings from `first` up to `end` (0: the last), which
   * are the items of `group` when they are in brackets: one of them, or a second starred one
   * (a first one, where nothing is unpacked), reported where Python reports it.
   */
  private inList(first: NodeId, end: NodeId, how: How, group?: NodeId): TargetProblem | undefined {
    const tree = this.tree;
    let starred = false;
    for (let child = first; child && child !== end; child = tree.nextSibling(child)) {
      if (tree.name(child) === '*') {
        if (how === 'delete') return this.refused(child, STARRED_DELETED);
        if (starred) return this.refused(group ?? first, MANY_STARRED_TARGETS);
        starred = true;
      }
      const refused = this.target(child, how);
      if (refused) return refused;
    }
    return undefined;
  }

  private target(node: NodeId, how: How): TargetProblem | undefined {
    const tree = this.tree;
    const kind = tree.name(node);
    if (kind === 'VariableName' || kind === 'MemberExpression') return this.constant(node, how);
    if (kind === '*' || tree.is(node, PUNCTUATION)) return undefined;
    if (tree.is(node, GROUPS)) return this.inList(tree.firstChild(node), 0, how, node);
    if (kind === 'UnaryExpression' && tree.name(tree.firstChild(node)) === '*') {
      return this.target(tree.nextSibling(tree.firstChild(node)), how);
    }
    const what = this.describe(node);
    if (what === undefined) return undefined;
    const message =
      how === 'assign'
        ? `Python cannot compile this: ${what} cannot be assigned to; ${TARGETS_ARE}.`
        : `Python cannot compile this: ${what} cannot be deleted; ${DELETED_ARE}.`;
    return this.refused(node, message);
  }

  /**
   * `__debug__` is a constant: as a name, it cannot be a target at all; as an attribute, it
   * can only be deleted or given an augmented assignment.
   */
  private constant(node: NodeId, how: How | 'augment'): TargetProblem | undefined {
    const tree = this.tree;
    const isMember = tree.name(node) === 'MemberExpression';
    if (isMember && how !== 'assign') return undefined;
    const name = isMember ? tree.lastChild(node) : node;
    const kind = tree.name(name);
    if (kind !== 'VariableName' && kind !== 'PropertyName') return undefined;
    if (this.textOf(name) !== '__debug__') return undefined;
    const what = how === 'delete' ? 'deleted' : 'assigned to';
    return this.refused(node, `${DEBUG_CONSTANT} ${what}.`);
  }

  /** What a node that cannot be a target is called in a message; undefined for the others. */
  private describe(node: NodeId): string | undefined {
    const kind = this.tree.name(node);
    return kind === 'None' || kind === 'Boolean' ? `\`${this.textOf(node)}\`` : REFUSED[kind];
  }

  private textOf(node: NodeId): string {
    return this.text.slice(this.offset + this.tree.from(node), this.offset + this.tree.to(node));
  }

  /** What brackets around a single target hold: `(a)` is `a`. */
  private unbracketed(node: NodeId): NodeId {
    const tree = this.tree;
    let inner = node;
    while (tree.name(inner) === 'ParenthesizedExpression') {
      const child = tree.nextSibling(tree.firstChild(inner));
      if (!child || tree.name(child) === ')') break;
      inner = child;
    }
    return inner;
  }

  private refused(node: NodeId, message: string): TargetProblem {
    return { node, message };
  }
}

type How = 'assign' | 'delete';

/** Whether `node` is or holds an error node. */
export function containsError(tree: FlatTree, node: NodeId): boolean {
  if (tree.isError(node)) return true;
  for (let child = tree.firstChild(node); child; child = tree.nextSibling(child)) {
    if (containsError(tree, child)) return true;
  }
  return false;
}

function augmentedMessage(what: string): string {
  return (
    `Python cannot compile this: an augmented assignment (\`+=\`) cannot change ${what}; ` +
    'its target is one name, attribute or item.'
  );
}

export const MANY_STARRED_TARGETS =
  'Python cannot compile this: an assignment can unpack into one starred target only; ' +
  'keep one `*`.';

const STARRED_DELETED =
  'Python cannot compile this: `del` cannot take a starred name; name what to delete.';

const DEBUG_CONSTANT = 'Python cannot compile this: `__debug__` is a constant and cannot be';

const ANNOTATION =
  'Python cannot compile this: only one name, attribute or item can be annotated ' +
  '(`x: int`, `x.a: int`, `x[i]: int`).';

