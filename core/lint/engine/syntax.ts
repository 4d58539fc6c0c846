// A lezer syntax tree copied into one flat array, so that the analysis walks it by node number:
// lezer's SyntaxNode API allocates an object for every step (`firstChild`, `nextSibling`, ...).
import { Tree, TreeBuffer, type NodeType } from '@lezer/common';

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

/**
 * Flat copies of the segments of a module tree (its anonymous children, see parse.ts), for the
 * segments met more than once: an editor's parser keeps the trees of the segments an edit did
 * not touch, so each analysis after an edit copies only what was re-parsed.
 */
const segmentCopies = new WeakMap<Tree, FlatTree>();
const segmentsSeen = new WeakSet<Tree>();

/** A segment's flat copy spliced into a tree: its node n is node n + shift there. */
export interface Spliced {
  copy: FlatTree;
  /** The first and last node of the segment in the tree it is spliced into. */
  first: NodeId;
  last: NodeId;
  shift: number;
  /** Where the segment starts in the text. */
  start: number;
}

/**
 * Whether `pattern` matches some line of `text`, of which `tree` is the flat parse. The text of
 * each segment spliced in from an earlier parse is tested once, its answer kept in `known`;
 * the rest is tested on every call, a line at a time at least, so a pattern anchored at a line
 * start (with the `m` flag) sees whole lines. For quick checks before a walk over the text.
 */
export function someLineMatches(
  text: string,
  tree: FlatTree,
  pattern: RegExp,
  known: WeakMap<FlatTree, boolean>,
): boolean {
  let at = 0;
  for (const segment of tree.spliced) {
    if (segment.start > at && pattern.test(text.slice(lineStart(text, at), segment.start))) {
      return true;
    }
    const end = segment.start + segment.copy.to(segment.copy.root);
    let found = known.get(segment.copy);
    if (found === undefined) {
      found = pattern.test(text.slice(segment.start, end));
      known.set(segment.copy, found);
    }
    if (found) return true;
    at = end;
  }
  return at < text.length && pattern.test(text.slice(lineStart(text, at)));
}

function lineStart(text: string, at: number): number {
  return at === 0 ? 0 : text.lastIndexOf('\n', at - 1) + 1;
}

/** The nodes of a flat tree that handed its memory over. */
const NO_NODES = new Int32Array(0);

export class FlatTree {
  /** The top node (a Script) every other node descends from. */
  readonly root: NodeId = 1;
  /** Number of nodes, which is also the largest NodeId. */
  count = 0;
  /** Whether any node is a parse error. */
  hasErrors = false;
  /**
   * The segments spliced in from their flat copies, in document order; every other node was
   * copied from the lezer tree, so only those need looking at when something about each
   * copy is kept.
   */
  readonly spliced: Spliced[] = [];
  private nodes: Int32Array;

  /**
   * `previous`, the flat tree of an earlier version of the text, lends the nodes of the segments
   * at its start that this version kept where they were: they are copied in one piece.
   * `retired`, a flat tree nothing reads any more, hands its memory over when it is large
   * enough and not more than twice as large as needed (so a document that shrank lets the
   * memory of its larger versions go), and is left empty. A tree built on a previous one is
   * an edit's: it is made with room for a few more nodes, so that the next edits' trees fit
   * in it once it retires.
   */
  constructor(tree: Tree, previous?: FlatTree, retired?: FlatTree) {
    const segmented = !tree.type.isAnonymous;
    const size = (2 + countChildren(tree, segmented)) * STRIDE;
    const length = retired?.nodes.length ?? 0;
    this.nodes =
      size <= length && length <= 2 * size
        ? retired!.handOver(size)
        : new Int32Array(previous === undefined ? size : size + (size >> 3));
    const root = this.add(kindOf(tree.type), 0, tree.length, 0);
    if (!segmented) {
      this.addChildren(tree, 0, root);
      return;
    }
    const kept = previous === undefined ? 0 : this.keepSegments(tree, previous, root);
    this.addSegments(tree, root, kept);
  }

  /** The memory its nodes take, in bytes. */
  get bytes(): number {
    return this.nodes.byteLength;
  }

  /** Its nodes' memory, the first `size` entries cleared; it is left with no nodes. */
  private handOver(size: number): Int32Array {
    const nodes = this.nodes;
    this.nodes = NO_NODES;
    this.count = 0;
    this.spliced.length = 0;
    return nodes.fill(0, 0, size);
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

  /**
   * A hash of the node's subtree: the kind and the place, relative to the node's start, of each
   * node below it in order. Two parses of the same text that differ anywhere differ in it, but
   * for the rare collision of a 32-bit hash.
   */
  shapeOf(node: NodeId): number {
    const nodes = this.nodes;
    const base = nodes[node * STRIDE + FROM];
    let hash = 0x811c9dc5;
    const stack = [node];
    while (stack.length > 0) {
      const at = (stack.pop() as NodeId) * STRIDE;
      hash = Math.imul(hash ^ nodes[at + KIND], 0x01000193);
      hash = Math.imul(hash ^ (nodes[at + FROM] - base), 0x01000193);
      hash = Math.imul(hash ^ (nodes[at + TO] - base), 0x01000193);
      for (let child = nodes[at + LAST]; child; child = nodes[child * STRIDE + PREV]) {
        stack.push(child);
      }
    }
    return hash;
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

  /**
   * The top node's children: a segment (an anonymous child) met before is copied from its flat
   * copy, made the second time it is met; anything else is added node by node.
   */
  private addSegments(tree: Tree, root: NodeId, from: number): void {
    for (let index = from; index < tree.children.length; index++) {
      const child = tree.children[index];
      const start = tree.positions[index];
      if (!(child instanceof Tree) || !child.type.isAnonymous) {
        this.addChild(child, start, root);
        continue;
      }
      let copy = segmentCopies.get(child);
      if (copy === undefined && segmentsSeen.has(child)) {
        copy = new FlatTree(child);
        segmentCopies.set(child, copy);
      }
      if (copy !== undefined) {
        this.splice(copy, start, root);
      } else {
        segmentsSeen.add(child);
        this.addChildren(child, start, root);
      }
    }
  }

  /**
   * Copies from `previous` the segments `tree` starts with that were spliced there, one after
   * the other from its first node, from the same copies at the same places; returns how many.
   */
  private keepSegments(tree: Tree, previous: FlatTree, root: NodeId): number {
    const spliced = previous.spliced;
    let kept = 0;
    let next = root + 1;
    while (kept < spliced.length && kept < tree.children.length) {
      const segment = spliced[kept];
      const child = tree.children[kept];
      if (segment.first !== next || segment.start !== tree.positions[kept]) break;
      if (!(child instanceof Tree) || segmentCopies.get(child) !== segment.copy) break;
      next = segment.last + 1;
      kept++;
    }
    if (kept === 0) return 0;
    const nodes = this.nodes;
    nodes.set(previous.nodes.subarray((root + 1) * STRIDE, next * STRIDE), (root + 1) * STRIDE);
    this.count = next - 1;
    let first = 0;
    let last = 0;
    for (let index = 0; index < kept; index++) {
      const segment = spliced[index];
      this.spliced.push(segment);
      if (segment.copy.hasErrors) this.hasErrors = true;
      const top = segment.copy.firstChild(segment.copy.root);
      if (top === 0) continue;
      if (first === 0) first = top + segment.shift;
      last = segment.copy.lastChild(segment.copy.root) + segment.shift;
    }
    nodes[root * STRIDE + FIRST] = first;
    nodes[root * STRIDE + LAST] = last;
    // In `previous` it may lead on to the segments this version changed.
    if (last !== 0) nodes[last * STRIDE + NEXT] = 0;
    return kept;
  }

  /**
   * Appends the nodes below the root of `copy` (a flat tree of one segment) as children of
   * `parent`, shifted to `start`. The copy's node n becomes node n + shift: its nodes are
   * consecutive and in document order, and none links back to its root.
   */
  private splice(copy: FlatTree, start: number, parent: NodeId): void {
    const nodes = this.nodes;
    const shift = this.count - 1;
    const begin = (this.count + 1) * STRIDE;
    nodes.set(copy.nodes.subarray(2 * STRIDE, (copy.count + 1) * STRIDE), begin);
    const end = begin + (copy.count - 1) * STRIDE;
    for (let at = begin; at < end; at += STRIDE) {
      nodes[at + FROM] += start;
      nodes[at + TO] += start;
      if (nodes[at + FIRST] !== 0) {
        nodes[at + FIRST] += shift;
        nodes[at + LAST] += shift;
      }
      if (nodes[at + NEXT] !== 0) nodes[at + NEXT] += shift;
      if (nodes[at + PREV] !== 0) nodes[at + PREV] += shift;
    }
    this.spliced.push({ copy, first: shift + 2, last: shift + copy.count, shift, start });
    this.count += copy.count - 1;
    if (copy.hasErrors) this.hasErrors = true;

    const first = copy.firstChild(copy.root);
    if (!first) return;
    const last = nodes[parent * STRIDE + LAST];
    if (last) {
      nodes[last * STRIDE + NEXT] = first + shift;
      nodes[(first + shift) * STRIDE + PREV] = last;
    } else {
      nodes[parent * STRIDE + FIRST] = first + shift;
    }
    nodes[parent * STRIDE + LAST] = copy.lastChild(copy.root) + shift;
  }

  /** Anonymous nodes (lezer's balancing of long lists) are looked through, as cursors do. */
  private addChildren(tree: Tree, offset: number, parent: NodeId): void {
    for (let index = 0; index < tree.children.length; index++) {
      this.addChild(tree.children[index], offset + tree.positions[index], parent);
    }
  }

  private addChild(child: Tree | TreeBuffer, start: number, parent: NodeId): void {
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

/**
 * Nodes below `tree`, anonymous ones not counted; with `segmented`, a child segment that has a
 * flat copy counts as the copy says.
 */
function countChildren(tree: Tree, segmented = false): number {
  let count = 0;
  for (const child of tree.children) {
    if (child instanceof TreeBuffer) count += child.buffer.length / 4;
    else if (!child.type.isAnonymous) count += 1 + countChildren(child);
    else {
      const copy = segmented ? segmentCopies.get(child) : undefined;
      count += copy !== undefined ? copy.count - 1 : countChildren(child);
    }
  }
  return count;
}

const BRACKETED = NameSet.of('ParenthesizedExpression');
const COMMENT = NameSet.of('Comment');

/**
 * What round brackets hold, out of any number of them (`((x))` gives `x`); the node itself when
 * it is not in brackets, and 0 when they hold more than one node.
 */
export function unbracketed(tree: FlatTree, node: NodeId): NodeId {
  while (node !== 0 && tree.is(node, BRACKETED)) {
    let inner: NodeId = 0;
    for (let child = tree.firstChild(node); child !== 0; child = tree.nextSibling(child)) {
      const name = tree.name(child);
      if (name === '(' || name === ')' || tree.is(child, COMMENT)) continue;
      if (inner !== 0) return 0;
      inner = child;
    }
    node = inner;
  }
  return node;
}
