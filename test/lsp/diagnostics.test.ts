// The diagnostics the server keeps for each open document store what repeats only once: the
// message and fix of a rule flagged on many lines, positions, and the rule's link.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fixesOf } from '../../server/src/diagnostics';
import { scriptTarget } from '../../server/src/targets';

const FLAGGED_LINES = 40;
const URI = 'file:///repeated.py';

/** A script with the same unseeded draw on many lines, so one ML007 message recurs. */
function repeatedDraws(): string {
  const lines = ['import numpy as np'];
  for (let i = 0; i < FLAGGED_LINES; i++) lines.push(`sample_${i} = np.random.rand(3)`);
  return `${lines.join('\n')}\n`;
}

function lint(text: string): Diagnostic[] {
  const document = TextDocument.create(URI, 'python', 1, text);
  return scriptTarget(document).analyse({}).get(URI) ?? [];
}

/**
 * Lints `text` in a fresh Node process that keeps the diagnostics as the server does and writes
 * a heap snapshot, then counts the kept diagnostics and the distinct strings their messages are.
 */
function messagesInHeap(text: string): { diagnostics: number; messageStrings: number } {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-practice-heap-'));
  try {
    const snapshot = path.join(directory, 'kept.heapsnapshot');
    const textDocument = require.resolve('vscode-languageserver-textdocument');
    const targets = require.resolve('../../server/src/targets');
    const script = [
      `const { TextDocument } = require(${JSON.stringify(textDocument)});`,
      `const { scriptTarget } = require(${JSON.stringify(targets)});`,
      'const [text, uri, snapshot] = process.argv.slice(1);',
      "const document = TextDocument.create(uri, 'python', 1, text);",
      'globalThis.kept = scriptTarget(document).analyse({}).get(uri);',
      "require('node:v8').writeHeapSnapshot(snapshot);",
    ].join('\n');
    execFileSync(process.execPath, ['-e', script, text, URI, snapshot]);
    return diagnosticMessages(JSON.parse(fs.readFileSync(snapshot, 'utf8')) as HeapSnapshot);
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

interface HeapSnapshot {
  snapshot: {
    meta: {
      node_fields: string[];
      node_types: [string[]];
      edge_fields: string[];
      edge_types: [string[]];
    };
  };
  nodes: number[];
  edges: number[];
  strings: string[];
}

/**
 * Objects with a `codeDescription` and a string `message` are diagnostics (an object literal's
 * template has the properties too, without values); the heap nodes their `message` properties
 * point to are the message strings they keep.
 */
function diagnosticMessages(heap: HeapSnapshot): { diagnostics: number; messageStrings: number } {
  const { node_fields: nodeFields, edge_fields: edgeFields } = heap.snapshot.meta;
  const nodeTypes = heap.snapshot.meta.node_types[0];
  const edgeTypes = heap.snapshot.meta.edge_types[0];
  const nodeTypeAt = nodeFields.indexOf('type');
  const isString = (node: number) => nodeTypes[heap.nodes[node + nodeTypeAt]].endsWith('string');
  const edgeCountAt = nodeFields.indexOf('edge_count');
  const [typeAt, nameAt, targetAt] = ['type', 'name_or_index', 'to_node'].map((field) =>
    edgeFields.indexOf(field),
  );
  let diagnostics = 0;
  const messageStrings = new Set<number>();
  let edge = 0;
  for (let node = 0; node < heap.nodes.length; node += nodeFields.length) {
    const properties = new Map<string, number>();
    const edgeCount = heap.nodes[node + edgeCountAt];
    for (let i = 0; i < edgeCount; i++, edge += edgeFields.length) {
      if (edgeTypes[heap.edges[edge + typeAt]] !== 'property') continue;
      properties.set(heap.strings[heap.edges[edge + nameAt]], heap.edges[edge + targetAt]);
    }
    const message = properties.get('message');
    if (message === undefined || !isString(message) || !properties.has('codeDescription')) {
      continue;
    }
    diagnostics++;
    messageStrings.add(message);
  }
  return { diagnostics, messageStrings: messageStrings.size };
}

describe('diagnostics kept for an open document', function () {
  it('hold one copy of a message that recurs on every flagged line', function () {
    const kept = messagesInHeap(repeatedDraws());

    assert.deepEqual(kept, { diagnostics: FLAGGED_LINES, messageStrings: 1 });
  });

  it('share the rule link and the positions a fix has in common with its range', function () {
    const diagnostics = lint(repeatedDraws());
    assert.equal(diagnostics.length, FLAGGED_LINES);

    const [first, second] = diagnostics;
    assert.equal(first.codeDescription, second.codeDescription);
    assert.equal(fixesOf(first)[0].edits[0].range.start, first.range.start);
  });

  it('still carry the links a client reads, and keep their fixes on the server', function () {
    const [first] = lint(repeatedDraws());

    assert.equal(first.code, 'ML007');
    assert.match(first.codeDescription?.href ?? '', /ML007-unseeded-randomness\.md$/);
    assert.equal(fixesOf(first)[0].edits[0].newText, 'np.random.default_rng(0).random');
    assert.equal(first.data, undefined);
    assert.doesNotMatch(JSON.stringify(first), /default_rng\(0\)\.random/);
  });
});
