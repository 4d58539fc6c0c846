// A lezer syntax tree copied into one flat array, so that the analysis walks it by node number:
// lezer's SyntaxNode API allocates an object for every step (`firstChild`, `nextSibling`, ...).
import { TreeBuffer, type NodeType, type Tree } from '@lezer/common';

/**
 * A node of a FlatTree. Nodes are numbered from 1 in document order (the order of
 * `TreeCursor.next`), so 0 stands for "no node" and a subtree's nodes are consecutive.
 */
export type NodeId = number;

/** Fields of a node, in the order they are stored. */
const KIND = 0;
const FROM = 1;
const TO = 2;
const FIRST = 3;
const LAST = 4;
const NEXT = 5;
const PREV = 6;
const STRIDE = 7;

/**
 * Node types are numbered here across node sets ("kinds"), kind 0 being no type, so that
 * `name` and `isError` of node 0 are answers too ('' and false).
 */
const kindNames: string[] = [''];
const kindErrors: boolean[] = [false];
const kindOfType = new Map<NodeType, number>();
const kindsOfSet = new WeakMap<readonly NodeType[], Int32Array>();

function kindOf(type: NodeType): number {
  let kind = kindOfType.get(type);
  if (kind === undefined) {
    kind = kindNames.length;
    kindOfType.set(type, kind);
    kindNames.push(type.name);
    kindErrors.push(type.isError);
  }
  return kind;
}

/** The kind of each type id of a buffer's node set. */
function kindsOf(types: readonly NodeType[]): Int32Array {
  let kinds = kindsOfSet.get(types);
  if (!kinds) {
    kinds = Int32Array.from(types, kindOf);
    kindsOfSet.set(types, kinds);
  }
  return kinds;
}

/** Node names to test nodes against, answered from a table by node type after the first time. */
export class NameSet {
  private readonly answers: (boolean | undefined)[] = [];

  private constructor(private readonly test: (name: string) => boolean) {}

  static of(...names: string[]): NameSet {
    const set = new Set(names);
    return new NameSet((name) => set.has(name));
  }

  static matching(pattern: RegExp): NameSet {
    return new NameSet((name) => pattern.test(name));
  }

  hasKind(kind: number): boolean {
    let answer = this.answers[kind];
    if (answer === undefined) {
      answer = this.test(kindNames[kind]);
      this.answers[kind] = answer;
    }
    return answer;
  }
}

export class FlatTree {
  /** The top node (a Script) every other node descends from. */
  readonly root: NodeId = 1;
  /** Number of nodes, which is also the largest NodeId. */
  count = 0;
  /** Whether any node is a parse error. */
  hasErrors = false;
  private readonly nodes: Int32Array;

  constructor(tree: Tree) {
    this.nodes = new Int32Array((2 + countChildren(tree)) * STRIDE);
    const root = this.add(kindOf(tree.type), 0, tree.length, 0);
    this.addChildren(tree, 0, root);
  }

  name(node: NodeId): string {
    return kindNames[this.nodes[node * STRIDE + KIND]];
  }

  /** Whether the node's name is in `names`. */
  is(node: NodeId, names: NameSet): boolean {
    return names.hasKind(this.nodes[node * STRIDE + KIND]);
  }

  isError(node: NodeId): boolean {
    return kindErrors[this.nodes[node * STRIDE + KIND]];
  }

  from(node: NodeId): number {
    return this.nodes[node * STRIDE + FROM];
  }

  to(node: NodeId): number {
    return this.nodes[node * STRIDE + TO];
  }

  firstChild(node: NodeId): NodeId {
    return this.nodes[node * STRIDE + FIRST];
  }

  lastChild(node: NodeId): NodeId {
    return this.nodes[node * STRIDE + LAST];
  }

  nextSibling(node: NodeId): NodeId {
    return this.nodes[node * STRIDE + NEXT];
  }

  prevSibling(node: NodeId): NodeId {
    return this.nodes[node * STRIDE + PREV];
  }

  /** The first child named `name`, or 0. */
  child(node: NodeId, name: string): NodeId {
    for (let child = this.firstChild(node); child; child = this.nextSibling(child)) {
      if (this.name(child) === name) return child;
    }
    return 0;
  }

  children(node: NodeId, name: string): NodeId[] {
    const found: NodeId[] = [];
    for (let child = this.firstChild(node); child; child = this.nextSibling(child)) {
      if (this.name(child) === name) found.push(child);
    }
    return found;
  }

  private add(kind: number, from: number, to: number, parent: NodeId): NodeId {
    const nodes = this.nodes;
    const node = ++this.count;
    const at = node * STRIDE;
    nodes[at + KIND] = kind;
    if (kindErrors[kind]) this.hasErrors = true;
    nodes[at + FROM] = from;
    nodes[at + TO] = to;
    if (parent === 0) return node;
    const last = nodes[parent * STRIDE + LAST];
    if (last) {
      nodes[last * STRIDE + NEXT] = node;
      nodes[at + PREV] = last;
    } else {
      nodes[parent * STRIDE + FIRST] = node;
    }
    nodes[parent * STRIDE + LAST] = node;
    return node;
  }

  /** Anonymous nodes (lezer's balancing of long lists) are looked through, as cursors do. */
  private addChildren(tree: Tree, offset: number, parent: NodeId): void {
    for (let index = 0; index < tree.children.length; index++) {
      const child = tree.children[index];
      const start = offset + tree.positions[index];
      if (child instanceof TreeBuffer) {
        const kinds = kindsOf(child.set.types);
        this.addBuffer(child.buffer, kinds, 0, child.buffer.length, start, parent);
      } else if (child.type.isAnonymous) {
        this.addChildren(child, start, parent);
      } else {
        const node = this.add(kindOf(child.type), start, start + child.length, parent);
        this.addChildren(child, start, node);
      }
    }
  }

  /** A buffer holds (type, from, to, end of subtree) per node, in document order. */
  private addBuffer(
    buffer: TreeBuffer['buffer'],
    kinds: Int32Array,
    fromIndex: number,
    toIndex: number,
    offset: number,
    parent: NodeId,
  ): void {
    for (let index = fromIndex; index < toIndex; index = buffer[index + 3]) {
      const from = offset + buffer[index + 1];
      const node = this.add(kinds[buffer[index]], from, offset + buffer[index + 2], parent);
      const end = buffer[index + 3];
      if (end > index + 4) this.addBuffer(buffer, kinds, index + 4, end, offset, node);
    }
  }
}

/** Nodes below `tree`, anonymous ones not counted. */
function countChildren(tree: Tree): number {
  let count = 0;
  for (const child of tree.children) {
    if (child instanceof TreeBuffer) count += child.buffer.length / 4;
    else count += (child.type.isAnonymous ? 0 : 1) + countChildren(child);
  }
  return count;
}
