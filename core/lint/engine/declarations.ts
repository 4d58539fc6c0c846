// `global` and `nonlocal` statements Python's compiler refuses for what the scope did with a name
// before them: a parameter of the function, a name already used, assigned or annotated there,
// or one annotated after them.
import { NameSet, type FlatTree, type NodeId } from './syntax';

/** What is wrong with a declaration, at positions of the tree's own text. */
export interface DeclarationProblem {
  from: number;
  to: number;
  message: string;
}

const VARIABLE = NameSet.of('VariableName');
const NESTED_SCOPE = NameSet.of('FunctionDefinition', 'ClassDefinition');
const LAMBDA = NameSet.of('LambdaExpression');
const COMPREHENSION = NameSet.of(
  'ComprehensionExpression',
  'ArrayComprehensionExpression',
  'SetComprehensionExpression',
  'DictionaryComprehensionExpression',
);
const PARAM_LIST = NameSet.of('ParamList');
const ARG_LIST = NameSet.of('ArgList');
const KEYWORD_PATTERN = NameSet.of('KeywordPattern');
const NOT_NAMES_HERE = NameSet.of('ImportStatement', 'ScopeStatement');
const ASSIGN = NameSet.of('AssignStatement');

function parameterMessage(name: string, keyword: string): string {
  return (
    `Python cannot compile this: \`${name}\` is a parameter of this function, so it cannot ` +
    `also be declared \`${keyword}\`; rename one of them.`
  );
}

function usedBeforeMessage(name: string, keyword: string): string {
  return (
    `Python cannot compile this: \`${name}\` is used or assigned in this scope before ` +
    `\`${keyword} ${name}\`; put that statement first in the scope.`
  );
}

function annotatedMessage(name: string, keyword: string): string {
  return (
    `Python cannot compile this: \`${name}\` is annotated in this scope, and an annotated name ` +
    `cannot be declared \`${keyword}\`; drop the annotation or the declaration.`
  );
}

/**
 * What Python refuses about the `global` or `nonlocal` statement `statement` in the body `body`
 * of the function or class `owner`: the first name it declares that is a parameter of the
 * function, or was used, assigned or annotated in the scope before it; else the first
 * annotation of one of its names after it. `offset` is where `tree` starts in `text`.
 */
export function declarationProblem(
  text: string,
  offset: number,
  tree: FlatTree,
  owner: NodeId,
  body: NodeId,
  statement: NodeId,
): DeclarationProblem | undefined {
  const nameOf = (node: NodeId): string =>
    text.slice(offset + tree.from(node), offset + tree.to(node));
  const keyword = tree.name(tree.firstChild(statement));
  const declared: string[] = [];
  for (let child = tree.firstChild(statement); child !== 0; child = tree.nextSibling(child)) {
    if (tree.is(child, VARIABLE)) declared.push(nameOf(child));
  }
  const at = (node: NodeId, message: string): DeclarationProblem => ({
    from: tree.from(node),
    to: tree.to(node),
    message,
  });

  const parameters = tree.child(owner, 'ParamList');
  if (parameters !== 0) {
    const names = new Set(parameterNames(tree, parameters).map(nameOf));
    const parameter = declared.find((name) => names.has(name));
    if (parameter !== undefined) return at(statement, parameterMessage(parameter, keyword));
  }

  const before = new Map<string, boolean>();
  for (const { node, annotated } of ownNames(tree, body + 1, statement)) {
    const name = nameOf(node);
    if (declared.includes(name) && !before.get(name)) before.set(name, !annotated);
  }
  for (const name of declared) {
    const usedOrAssigned = before.get(name);
    if (usedOrAssigned === true) return at(statement, usedBeforeMessage(name, keyword));
    if (usedOrAssigned === false) return at(statement, annotatedMessage(name, keyword));
  }

  const end = tree.to(body);
  let after = statement + 1;
  while (after < tree.count + 1 && tree.from(after) < tree.to(statement)) after++;
  let last = after;
  while (last <= tree.count && tree.from(last) < end) last++;
  for (const { node, annotated, assignment } of ownNames(tree, after, last)) {
    if (annotated && declared.includes(nameOf(node))) {
      return at(assignment, annotatedMessage(nameOf(node), keyword));
    }
  }
  return undefined;
}

/** The names a parameter list declares, not those of its defaults or annotations. */
function parameterNames(tree: FlatTree, list: NodeId): NodeId[] {
  const names: NodeId[] = [];
  let previous: NodeId = 0;
  for (let child = tree.firstChild(list); child !== 0; child = tree.nextSibling(child)) {
    if (tree.is(child, VARIABLE) && (previous === 0 || tree.name(previous) !== 'AssignOp')) {
      names.push(child);
    }
    previous = child;
  }
  return names;
}

interface Occurrence {
  node: NodeId;
  /** Whether it is the target of an annotated assignment, `assignment`. */
  annotated: boolean;
  assignment: NodeId;
}

/**
 * The names among nodes `first` to `last` (exclusive) that belong to the scope they stand in:
 * not those in the bodies of functions, classes, lambdas and comprehensions in it (only a
 * comprehension's first iterable is evaluated in the scope), nor parameter names, keyword
 * names of calls and patterns, and names in imports and declarations.
 */
function* ownNames(tree: FlatTree, first: NodeId, last: NodeId): Generator<Occurrence> {
  // Ranges of the text passed over; those the walk has left behind are dropped as it goes.
  let skipped: [number, number][] = [];
  const skip = (from: number, to: number): void => {
    if (to > from) skipped.push([from, to]);
  };
  const isSkipped = (node: NodeId): boolean => {
    const from = tree.from(node);
    if (skipped.length > 0 && skipped.some(([, end]) => end <= from)) {
      skipped = skipped.filter(([, end]) => end > from);
    }
    return skipped.some(([start]) => from >= start);
  };
  const annotatedTargets = new Map<NodeId, NodeId>();
  for (let node = first; node < last; node++) {
    if (isSkipped(node)) continue;
    if (tree.is(node, NOT_NAMES_HERE)) {
      skip(tree.from(node), tree.to(node));
    } else if (tree.is(node, NESTED_SCOPE)) {
      const body = tree.child(node, 'Body');
      if (body !== 0) skip(tree.from(body), tree.to(body));
    } else if (tree.is(node, LAMBDA)) {
      const colon = tree.child(node, ':');
      if (colon !== 0) skip(tree.to(colon), tree.to(node));
    } else if (tree.is(node, COMPREHENSION)) {
      const iterable = tree.nextSibling(tree.child(node, 'in'));
      if (iterable === 0) skip(tree.from(node), tree.to(node));
      else {
        skip(tree.from(node), tree.from(iterable));
        skip(tree.to(iterable), tree.to(node));
      }
    } else if (tree.is(node, PARAM_LIST)) {
      for (const name of parameterNames(tree, node)) skip(tree.from(name), tree.to(name));
    } else if (tree.is(node, ARG_LIST)) {
      for (let child = tree.firstChild(node); child !== 0; child = tree.nextSibling(child)) {
        if (tree.is(child, VARIABLE) && tree.name(tree.nextSibling(child)) === 'AssignOp') {
          skip(tree.from(child), tree.to(child));
        }
      }
    } else if (tree.is(node, KEYWORD_PATTERN)) {
      const keyword = tree.firstChild(node);
      skip(tree.from(keyword), tree.to(keyword));
    } else if (tree.is(node, ASSIGN)) {
      const target = tree.firstChild(node);
      if (tree.is(target, VARIABLE) && tree.name(tree.nextSibling(target)) === 'TypeDef') {
        annotatedTargets.set(target, node);
      }
    } else if (tree.is(node, VARIABLE)) {
      const assignment = annotatedTargets.get(node);
      yield { node, annotated: assignment !== undefined, assignment: assignment ?? 0 };
    }
  }
}
