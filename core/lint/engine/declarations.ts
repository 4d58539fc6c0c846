// `global` and `nonlocal` statements Python's compiler refuses for what the scope did with a name
// before them: a parameter of the function, a name already used, assigned, annotated or declared
// with the other keyword there, or one annotated after them.
import { identifier } from './source';
import { NameSet, unbracketed, type FlatTree, type NodeId } from './syntax';

/** What is wrong with a declaration, at positions of the tree's own text. */
export interface DeclarationProblem {
  from: number;
  to: number;
  message: string;
}

const VARIABLE = NameSet.of('VariableName');
const NESTED_SCOPE = NameSet.of('FunctionDefinition', 'ClassDefinition');
const FUNCTION = NameSet.of('FunctionDefinition');
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
const CAPTURE_PATTERN = NameSet.of('CapturePattern');
const IMPORT = NameSet.of('ImportStatement');
const DECLARATION = NameSet.of('ScopeStatement');
const ASSIGN = NameSet.of('AssignStatement');
const COMMENT = NameSet.of('Comment');
const TYPE_DEF = NameSet.of('TypeDef');
const NAMED_EXPRESSION = NameSet.of('NamedExpression');

/** Whether the walk passes over a node: not, as part of a comprehension only, or wholly. */
const enum Skipped {
  No,
  InComprehension,
  Wholly,
}

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

function bothMessage(name: string): string {
  return (
    `Python cannot compile this: \`${name}\` is declared both \`global\` and \`nonlocal\` ` +
    'in this scope; keep the one that names where it lives.'
  );
}

function annotatedMessage(name: string, keyword: string): string {
  return (
    `Python cannot compile this: \`${name}\` is annotated in this scope, and an annotated name ` +
    `cannot be declared \`${keyword}\`; drop the annotation or the declaration.`
  );
}

/** How the module around a scope has Python read it. */
export interface ModuleReading {
  /** Whether annotations are read in a scope of their own (`from __future__ import annotations`). */
  annotationsDeferred?: boolean;
  /** For a notebook cell, whether an offset of the text is on a line of IPython's syntax. */
  ipython?: (offset: number) => boolean;
}

/**
 * What Python refuses about the `global` and `nonlocal` statements in the body `body` of the
 * function or class `owner` (or of the module, when both are the tree's root), in one walk over
 * the body: for each statement, the first name it declares that is a parameter of the function,
 * or was used, assigned or annotated in the scope before it; but in a module, each annotation of
 * a name after it was declared; and, when nothing else is wrong in the scope, a name declared
 * with both keywords. `offset` is where `tree` starts in `text`.
 */
export function declarationProblems(
  text: string,
  offset: number,
  tree: FlatTree,
  owner: NodeId,
  body: NodeId,
  reading: ModuleReading = {},
): DeclarationProblem[] {
  const nameOf = (node: NodeId): string =>
    identifier(text.slice(offset + tree.from(node), offset + tree.to(node)));
  const at = (node: NodeId, message: string): DeclarationProblem => ({
    from: tree.from(node),
    to: tree.to(node),
    message,
  });
  const list = tree.child(owner, 'ParamList');
  const parameters = new Set(list === 0 ? [] : parameterNames(tree, list).map(nameOf));
  /** Each name met so far, and whether only as the target of an annotation. */
  const met = new Map<string, 'used' | 'annotated'>();
  /** Each name declared so far, by the keyword and the statement that first declared it. */
  const declared = new Map<string, { keyword: string; statement: NodeId }>();
  const conflicting = new Set<string>();
  const conflicts: DeclarationProblem[] = [];
  const problems: DeclarationProblem[] = [];
  const ipython = reading.ipython;

  // `:=` in a comprehension binds in a function around it; in a module it binds a global, and
  // in a class Python refuses it.
  const inFunction = owner !== tree.root && tree.is(owner, FUNCTION);
  const deferred = reading.annotationsDeferred === true;
  for (const item of ownItems(tree, body, nameOf, deferred, inFunction)) {
    // IPython hands what such a line holds to a magic as a string.
    if (ipython?.(offset + tree.from(item.declaration ?? item.name))) continue;
    if (item.declaration !== undefined) {
      const statement = item.declaration;
      const keyword = tree.name(tree.firstChild(statement));
      let problem: string | undefined;
      for (let child = tree.firstChild(statement); child !== 0; child = tree.nextSibling(child)) {
        if (!tree.is(child, VARIABLE)) continue;
        const name = nameOf(child);
        const before = met.get(name);
        const earlier = declared.get(name);
        if (parameters.has(name)) problem ??= parameterMessage(name, keyword);
        else if (before === 'used') problem ??= usedBeforeMessage(name, keyword);
        else if (before === 'annotated') problem ??= annotatedMessage(name, keyword);
        if (earlier === undefined) declared.set(name, { keyword, statement });
        // Python names the first declaration of a name declared both ways.
        else if (earlier.keyword !== keyword && !conflicting.has(name)) {
          conflicting.add(name);
          conflicts.push(at(earlier.statement, bothMessage(name)));
        }
      }
      if (problem !== undefined) problems.push(at(statement, problem));
      continue;
    }
    const name = nameOf(item.name);
    const keyword = declared.get(name)?.keyword;
    // A module may annotate its own globals.
    if (item.annotation !== 0 && keyword !== undefined && owner !== tree.root) {
      problems.push(at(item.annotation, annotatedMessage(name, keyword)));
    }
    if (item.annotation === 0) met.set(name, 'used');
    else if (!met.has(name)) met.set(name, 'annotated');
  }
  // Python finds a name declared both ways only once it has read the scope without error.
  return problems.length > 0 ? problems : conflicts;
}

function noBindingMessage(name: string): string {
  return (
    `Python cannot compile this: no function around this one binds \`${name}\`, so ` +
    `\`nonlocal ${name}\` has nothing to refer to; write \`global ${name}\` for the module's ` +
    'name, or bind it in the function around this one.'
  );
}

function noFunctionMessage(name: string): string {
  return (
    `Python cannot compile this: \`nonlocal ${name}\` refers to a name of a function around ` +
    `this one, and there is none; write \`global ${name}\` for the module's name.`
  );
}

/**
 * `name` as Python stores it in the body of the class `className` (and of the functions in
 * it): a private name, `__x` but not `__x__`, becomes `_C__x`.
 */
export function mangled(name: string, className: string | undefined): string {
  if (className === undefined || !name.startsWith('__') || name.endsWith('__')) return name;
  const stripped = className.replace(/^_+/, '');
  return stripped === '' || name.includes('.') ? name : `_${stripped}${name}`;
}

/** What a function or class does in its own scope with the names `nonlocal` asks about. */
export interface ScopeNames {
  /** A name written in the scope as Python stores it (see mangled). */
  mangle: (name: string) => string;
  /** Names it binds: its parameters, targets, imports, functions and classes; mangled. */
  bound: Set<string>;
  /** Names it declares `global`; mangled. */
  globals: Set<string>;
  /** Its `nonlocal` statements. */
  nonlocals: NodeId[];
}

const BINDING_CONTAINER = NameSet.of(
  'TupleExpression',
  'ArrayExpression',
  'ParenthesizedExpression',
);

/** Each name a target binds: a name, or the names in brackets, starred or not. */
export function forEachTargetName(
  tree: FlatTree,
  target: NodeId,
  visit: (name: NodeId) => void,
): void {
  if (tree.is(target, VARIABLE)) visit(target);
  else if (tree.is(target, BINDING_CONTAINER)) {
    for (let part = tree.firstChild(target); part !== 0; part = tree.nextSibling(part)) {
      forEachTargetName(tree, part, visit);
    }
  }
}

/**
 * The targets of the `:=` among a call's arguments that no brackets of their own hold
 * (`f(y := 1)`), which the grammar reads like keyword arguments. `offset` is where `tree`
 * starts in `text`.
 */
export function unbracketedWalrusTargets(
  text: string,
  offset: number,
  tree: FlatTree,
  list: NodeId,
): NodeId[] {
  const targets: NodeId[] = [];
  for (let part = tree.firstChild(list); part !== 0; part = tree.nextSibling(part)) {
    const op = tree.nextSibling(part);
    if (!tree.is(part, VARIABLE) || tree.name(op) !== 'AssignOp') continue;
    if (text.startsWith(':=', offset + tree.from(op))) targets.push(part);
  }
  return targets;
}

const BINDING_STATEMENT = NameSet.of(
  'AssignStatement',
  'UpdateStatement',
  'ForStatement',
  'WithStatement',
  'TryStatement',
  'DeleteStatement',
  'ImportStatement',
  'NamedExpression',
  'CapturePattern',
  'AsPattern',
  'ScopeStatement',
);

/**
 * The names the function or class `owner` binds in its body `body`, the names it declares
 * `global`, and its `nonlocal` statements; not what the functions and classes in it do in
 * theirs. A name is taken as bound wherever it may be (any name of an import, any `:=` target
 * in its lambdas), so that no binding Python sees is missed.
 */
export function scopeNames(
  text: string,
  offset: number,
  tree: FlatTree,
  owner: NodeId,
  body: NodeId,
  className: string | undefined,
): ScopeNames {
  const mangle = (name: string): string => mangled(name, className);
  const nameOf = (node: NodeId): string =>
    mangle(identifier(text.slice(offset + tree.from(node), offset + tree.to(node))));
  const list = tree.child(owner, 'ParamList');
  const names: ScopeNames = {
    mangle,
    bound: new Set(list === 0 ? [] : parameterNames(tree, list).map(nameOf)),
    globals: new Set(),
    nonlocals: [],
  };
  const bind = (target: NodeId): void =>
    forEachTargetName(tree, target, (name) => names.bound.add(nameOf(name)));
  const end = tree.to(body);
  // The bodies of the functions and classes in it, passed over; not their parameters' defaults.
  const nestedBodies = new Set<NodeId>();
  for (let node = body + 1; node <= tree.count && tree.from(node) < end; node++) {
    if (nestedBodies.has(node)) {
      node = lastDescendant(tree, node);
      continue;
    }
    if (tree.is(node, NESTED_SCOPE)) {
      const name = tree.child(node, 'VariableName');
      if (name !== 0) names.bound.add(nameOf(name));
      nestedBodies.add(tree.child(node, 'Body'));
      continue;
    }
    if (tree.is(node, ARG_LIST)) {
      unbracketedWalrusTargets(text, offset, tree, node).forEach(bind);
      continue;
    }
    if (!tree.is(node, BINDING_STATEMENT)) continue;
    const first = tree.firstChild(node);
    switch (tree.name(node)) {
      case 'AssignStatement': {
        const op = lastChildNamed(tree, node, 'AssignOp');
        for (let part = first; part !== 0 && part !== op; part = tree.nextSibling(part)) {
          if (op !== 0) bind(part);
          // Annotated without a value, only a plain name is bound; `(x): int` is not.
          else if (tree.name(tree.nextSibling(part)) === 'TypeDef' && tree.is(part, VARIABLE)) {
            names.bound.add(nameOf(part));
          }
        }
        break;
      }
      case 'CapturePattern':
        // The wildcard `_` binds nothing.
        if (text.slice(offset + tree.from(first), offset + tree.to(first)) !== '_') bind(first);
        break;
      case 'UpdateStatement':
      case 'NamedExpression':
        bind(first);
        break;
      case 'ForStatement':
        for (let part = first; part !== 0; part = tree.nextSibling(part)) {
          if (tree.name(part) === 'in') break;
          bind(part);
        }
        break;
      case 'DeleteStatement':
        for (let part = first; part !== 0; part = tree.nextSibling(part)) bind(part);
        break;
      case 'ImportStatement':
        for (let part = first; part !== 0; part = tree.nextSibling(part)) {
          if (tree.is(part, VARIABLE)) names.bound.add(nameOf(part));
        }
        break;
      case 'ScopeStatement': {
        const keyword = tree.name(first);
        if (keyword === 'nonlocal') names.nonlocals.push(node);
        for (let part = first; part !== 0; part = tree.nextSibling(part)) {
          if (keyword === 'global' && tree.is(part, VARIABLE)) names.globals.add(nameOf(part));
        }
        break;
      }
      default:
        // `with ... as name`, `except ... as name`, a pattern's `as name`.
        for (let part = first; part !== 0; part = tree.nextSibling(part)) {
          if (tree.name(part) === 'as') bind(tree.nextSibling(part));
        }
    }
  }
  return names;
}

/**
 * The `nonlocal` statements of a scope that name what no function around it binds, each at its
 * first such name. `own` is what the scope does with its names; `around`, the scopes around it
 * from the module's level in, with whether each is a function. A name the scope also declares
 * `global` is left to the check of names declared both ways.
 */
export function unboundNonlocals(
  text: string,
  offset: number,
  tree: FlatTree,
  own: ScopeNames,
  around: { names: ScopeNames; isFunction: boolean }[],
): DeclarationProblem[] {
  const bound = new Set<string>();
  let functions = 0;
  for (const { names, isFunction } of around) {
    // The functions in a class may refer to the class being defined, as `super()` does; what
    // the class declares `global` is its own business.
    if (!isFunction) {
      bound.add('__class__');
      continue;
    }
    functions++;
    // A function's `global` declaration hides a name bound further out from those within.
    for (const name of names.globals) bound.delete(name);
    for (const name of names.bound) if (!names.globals.has(name)) bound.add(name);
  }
  const problems: DeclarationProblem[] = [];
  for (const statement of own.nonlocals) {
    for (let part = tree.firstChild(statement); part !== 0; part = tree.nextSibling(part)) {
      if (!tree.is(part, VARIABLE)) continue;
      const written = identifier(text.slice(offset + tree.from(part), offset + tree.to(part)));
      const name = own.mangle(written);
      if (own.globals.has(name) || bound.has(name)) continue;
      const message = functions === 0 ? noFunctionMessage(written) : noBindingMessage(written);
      problems.push({ from: tree.from(statement), to: tree.to(statement), message });
      break;
    }
  }
  return problems;
}

function lastChildNamed(tree: FlatTree, node: NodeId, name: string): NodeId {
  for (let child = tree.lastChild(node); child !== 0; child = tree.prevSibling(child)) {
    if (tree.name(child) === name) return child;
  }
  return 0;
}

/** The last node of `node`'s subtree in document order: the node itself when it has none. */
function lastDescendant(tree: FlatTree, node: NodeId): NodeId {
  for (let last = tree.lastChild(node); last !== 0; last = tree.lastChild(node)) node = last;
  return node;
}

/** The names a parameter list declares, not those of its defaults or annotations. */
function parameterNames(tree: FlatTree, list: NodeId): NodeId[] {
  const names: NodeId[] = [];
  let previous: NodeId = 0;
  for (let child = tree.firstChild(list); child !== 0; child = tree.nextSibling(child)) {
    if (tree.is(child, COMMENT)) continue;
    if (tree.is(child, VARIABLE) && (previous === 0 || tree.name(previous) !== 'AssignOp')) {
      names.push(child);
    }
    previous = child;
  }
  return names;
}

/** The next sibling that is not a comment, or 0. */
function nextToken(tree: FlatTree, node: NodeId): NodeId {
  let next = tree.nextSibling(node);
  while (next !== 0 && tree.is(next, COMMENT)) next = tree.nextSibling(next);
  return next;
}

type Item =
  | { declaration: NodeId; name?: undefined; annotation?: undefined }
  | {
      declaration?: undefined;
      name: NodeId;
      /** The annotated assignment it is the target of, or 0. */
      annotation: NodeId;
    };

/**
 * The `global` and `nonlocal` statements of a scope's body and the names that belong to the
 * scope, in order: not those in the bodies of functions, classes, lambdas and comprehensions in
 * it (only a comprehension's first iterable is evaluated in the scope), nor parameter names,
 * keyword names of calls and patterns, the wildcard `_` of patterns, and names in imports; nor,
 * with `annotationsDeferred`, those in annotations. With `comprehensionsBindHere`, the targets
 * of `:=` in its comprehensions belong to it too.
 */
function* ownItems(
  tree: FlatTree,
  body: NodeId,
  nameOf: (node: NodeId) => string,
  annotationsDeferred: boolean,
  comprehensionsBindHere: boolean,
): Generator<Item> {
  const end = tree.to(body);
  // Ranges of the text passed over, and whether each is part of a comprehension, whose `:=`
  // binds in the scope around it; those the walk has left behind are dropped as it goes.
  let skipped: [number, number, boolean][] = [];
  const skip = (from: number, to: number, comprehension = false): void => {
    if (to > from) skipped.push([from, to, comprehension]);
  };
  const skippedAt = (from: number): Skipped => {
    if (skipped.length === 0) return Skipped.No;
    if (skipped.some(([, stop]) => stop <= from)) {
      skipped = skipped.filter(([, stop]) => stop > from);
    }
    let found = Skipped.No;
    for (const [start, , comprehension] of skipped) {
      if (from < start) continue;
      if (!comprehension) return Skipped.Wholly;
      found = Skipped.InComprehension;
    }
    return found;
  };
  /** Passes over all of a comprehension's parts but its first iterable, after `in`. */
  const skipComprehension = (from: number, to: number, inKeyword: NodeId): void => {
    const iterable = inKeyword === 0 ? 0 : nextToken(tree, inKeyword);
    if (iterable === 0) return skip(from, to, true);
    skip(from, tree.from(iterable), true);
    skip(tree.to(iterable), to, true);
  };
  const annotations = new Map<NodeId, NodeId>();

  for (let node = body + 1; node <= tree.count && tree.from(node) < end; node++) {
    const skipping = skippedAt(tree.from(node));
    if (skipping === Skipped.InComprehension) {
      // What `:=` names in a comprehension is bound in this scope, unless in a lambda there.
      if (tree.is(node, LAMBDA)) skip(tree.from(node), tree.to(node));
      const named = comprehensionsBindHere && tree.is(node, NAMED_EXPRESSION);
      const target = named ? tree.firstChild(node) : 0;
      if (target !== 0 && tree.is(target, VARIABLE)) yield { name: target, annotation: 0 };
      continue;
    }
    if (skipping === Skipped.Wholly) continue;
    if (tree.is(node, DECLARATION)) {
      yield { declaration: node };
      skip(tree.from(node), tree.to(node));
    } else if (tree.is(node, IMPORT)) {
      skip(tree.from(node), tree.to(node));
    } else if (tree.is(node, NESTED_SCOPE)) {
      const nested = tree.child(node, 'Body');
      if (nested !== 0) skip(tree.from(nested), tree.to(nested));
    } else if (tree.is(node, LAMBDA)) {
      const colon = tree.child(node, ':');
      if (colon !== 0) skip(tree.to(colon), tree.to(node));
    } else if (tree.is(node, COMPREHENSION)) {
      skipComprehension(tree.from(node), tree.to(node), tree.child(node, 'in'));
    } else if (tree.is(node, PARAM_LIST)) {
      for (const name of parameterNames(tree, node)) skip(tree.from(name), tree.to(name));
    } else if (tree.is(node, ARG_LIST)) {
      // A generator that is a call's only argument stands in its brackets.
      const loop = tree.child(node, 'for');
      if (loop !== 0) skipComprehension(tree.from(node), tree.to(node), tree.child(node, 'in'));
      for (let child = tree.firstChild(node); child !== 0; child = tree.nextSibling(child)) {
        if (tree.is(child, VARIABLE) && tree.name(nextToken(tree, child)) === 'AssignOp') {
          skip(tree.from(child), tree.to(child));
        }
      }
    } else if (tree.is(node, KEYWORD_PATTERN)) {
      const keyword = tree.firstChild(node);
      skip(tree.from(keyword), tree.to(keyword));
    } else if (tree.is(node, CAPTURE_PATTERN)) {
      const name = tree.firstChild(node);
      if (name !== 0 && nameOf(name) === '_') skip(tree.from(name), tree.to(name));
    } else if (tree.is(node, ASSIGN)) {
      const target = tree.firstChild(node);
      const annotation = tree.nextSibling(target);
      if (tree.name(annotation) !== 'TypeDef') continue;
      if (tree.is(target, VARIABLE)) annotations.set(target, node);
      // A name in brackets annotated without a value is not bound, nor even read.
      else if (tree.nextSibling(annotation) === 0 && tree.is(unbracketed(tree, target), VARIABLE)) {
        skip(tree.from(target), tree.to(target));
      }
    } else if (annotationsDeferred && tree.is(node, TYPE_DEF)) {
      skip(tree.from(node), tree.to(node));
    } else if (tree.is(node, VARIABLE)) {
      yield { name: node, annotation: annotations.get(node) ?? 0 };
    }
  }
}
