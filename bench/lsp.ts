// Editor latency and memory of the language server, driven over stdio as an editor drives it.
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createRng, generateScript, pick, type Rng } from './corpus';
import { delay, LspClient } from './lspClient';
import { median, percentile } from './stats';
import { processCpuMs } from './timing';

const DOCUMENT_LINES = 5000;
/**
 * How long after the last diagnostics the resting size is read: V8's memory reducer gives
 * back the young generation and the old generation's garbage about 30 s into a rest.
 */
const RESTING_MS = 35_000;
const EDITS = 200;
/** The hover-flushed pass only separates the debounce from the work, so fewer edits do. */
const FLUSHED_EDITS = 50;
const OPEN_DOCUMENTS = 100;
const TIMEOUT_MS = 60000;

export interface EditLatency {
  /** Edit to diagnostics as a user sees it, the server's own scheduling included. */
  p95Ms: number;
  medianMs: number;
  maxMs: number;
  /** Edit followed at once by a hover, which asks the server for up-to-date results now. */
  flushedP95Ms: number;
  flushedMedianMs: number;
  /** The wait the server adds before it starts linting: median edit minus median flushed. */
  debounceMs: number;
  /** Server CPU time per edit over the plain edits, less sensitive to other load. */
  serverCpuMsPerEdit: number;
  /** Spawn to the answer to `initialize`. */
  startMs: number;
  samples: number[];
  flushedSamples: number[];
}

export interface Memory {
  documents: number;
  rssMb: number;
  peakRssMb: number;
  /** VmRSS once the server has rested long enough for V8 to give back what it can. */
  restingRssMb: number;
  openMs: number;
}

async function startServer(serverPath: string): Promise<LspClient> {
  const client = new LspClient(serverPath);
  try {
    await client.request('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } } },
    });
  } catch (error) {
    await client.stop();
    throw error;
  }
  client.notify('initialized', {});
  return client;
}

function forVersion(uri: string, version: number): (params: any) => boolean {
  return (params) =>
    params.uri === uri && (params.version === undefined || params.version === version);
}

async function open(client: LspClient, uri: string, text: string): Promise<void> {
  const published = client.waitFor(
    'textDocument/publishDiagnostics',
    forVersion(uri, 1),
    TIMEOUT_MS,
  );
  client.notify('textDocument/didOpen', {
    textDocument: { uri, languageId: 'python', version: 1, text },
  });
  await published;
}

/** Single-character edits: a letter typed somewhere, then deleted again, and so on. */
class Typist {
  private readonly lines: string[];
  private readonly rng: Rng;
  private typed: { line: number; character: number } | undefined;

  constructor(text: string, seed: number) {
    this.lines = text.split('\n');
    this.rng = createRng(seed);
  }

  next(): { range: object; text: string } {
    if (this.typed !== undefined) {
      const { line, character } = this.typed;
      this.typed = undefined;
      return {
        range: { start: { line, character }, end: { line, character: character + 1 } },
        text: '',
      };
    }
    const line = Math.floor(this.rng() * (this.lines.length - 1));
    const character = Math.floor(this.rng() * (this.lines[line].length + 1));
    this.typed = { line, character };
    const at = { line, character };
    return { range: { start: at, end: at }, text: pick(this.rng, ['e', 'x', '_', '1', '(', ' ']) };
  }
}

async function timeEdits(
  client: LspClient,
  uri: string,
  text: string,
  edits: number,
  hover: boolean,
): Promise<number[]> {
  await open(client, uri, text);
  const typist = new Typist(text, 8);
  const samples: number[] = [];
  for (let version = 2; version < edits + 2; version++) {
    const change = typist.next();
    const published = client.waitFor(
      'textDocument/publishDiagnostics',
      forVersion(uri, version),
      TIMEOUT_MS,
    );
    const started = performance.now();
    client.notify('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [change],
    });
    if (hover) {
      // Its answer is not awaited; a server that exits fails the wait for the diagnostics.
      client
        .request('textDocument/hover', {
          textDocument: { uri },
          position: { line: 0, character: 0 },
        })
        .catch(() => undefined);
    }
    await published;
    samples.push(performance.now() - started);
  }
  return samples;
}

export async function measureEditLatency(serverPath: string): Promise<EditLatency> {
  const text = generateScript(5, DOCUMENT_LINES);
  const spawned = performance.now();
  const client = await startServer(serverPath);
  const startMs = performance.now() - spawned;
  try {
    const cpuBefore = await client.inspect('its CPU time was read', processCpuMs);
    const samples = await timeEdits(client, 'file:///bench/typing.py', text, EDITS, false);
    const cpuAfter = await client.inspect('its CPU time was read', processCpuMs);
    const serverCpuMsPerEdit = (cpuAfter - cpuBefore) / (EDITS + 1);
    const flushedSamples = await timeEdits(
      client,
      'file:///bench/hovering.py',
      text,
      FLUSHED_EDITS,
      true,
    );
    return {
      p95Ms: percentile(samples, 95),
      medianMs: median(samples),
      maxMs: Math.max(...samples),
      flushedP95Ms: percentile(flushedSamples, 95),
      flushedMedianMs: median(flushedSamples),
      debounceMs: Math.max(0, median(samples) - median(flushedSamples)),
      serverCpuMsPerEdit,
      startMs,
      samples,
      flushedSamples,
    };
  } finally {
    await client.stop();
  }
}

/** VmRSS and VmHWM of a process, in MB, from /proc. */
export function residentMemory(pid: number): { rssMb: number; peakRssMb: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string): number => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    if (match === null) throw new Error(`/proc/${pid}/status has no ${field} line`);
    return Number(match[1]);
  };
  return { rssMb: kb('VmRSS') / 1024, peakRssMb: kb('VmHWM') / 1024 };
}

export async function measureMemory(serverPath: string): Promise<Memory> {
  const client = await startServer(serverPath);
  try {
    const started = performance.now();
    // One after another, so that each document's timeout covers its own lint only.
    for (let i = 0; i < OPEN_DOCUMENTS; i++) {
      await open(client, `file:///bench/open_${i}.py`, generateScript(100 + i, DOCUMENT_LINES));
    }
    const openMs = performance.now() - started;
    await delay(1000);
    const opened = await client.inspect('its memory was read', residentMemory);
    await delay(RESTING_MS - 1000);
    const restingRssMb = (await client.inspect('its memory was read', residentMemory)).rssMb;
    return { documents: OPEN_DOCUMENTS, ...opened, restingRssMb, openMs };
  } finally {
    await client.stop();
  }
}
