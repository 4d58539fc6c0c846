// The extension's production bundle size and the time to load and activate it in a fresh Node
// process, with a recording stand-in for the `vscode` module (no editor can be loaded here).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { median } from './stats';

const RUNS = 15;
const WARMUP_RUNS = 2;

export interface Activation {
  activationMs: number;
  loadMs: number;
  activateMs: number;
  /** CPU time of the extension host process itself from load to activated, server excluded. */
  cpuMs: number;
  loadCpuMs: number;
  registrations: number;
  runs: number;
}

interface ActivationRun {
  loadMs: number;
  activateMs: number;
  totalMs: number;
  cpuMs: number;
  loadCpuMs: number;
  registrations: number;
}

function sizeKb(root: string, file: string): number {
  return fs.statSync(path.join(root, 'dist', file)).size / 1024;
}

export function clientBundleKb(root: string): number {
  return sizeKb(root, 'client.js');
}

/**
 * The bundles the client requires after activation: the language client library in the turn
 * after it, the lesson runtime when a lesson or pack is first needed.
 */
export function laterBundlesKb(root: string): Record<string, number> {
  return {
    languageClientKb: sizeKb(root, 'languageClient.js'),
    lessonRuntimeKb: sizeKb(root, 'lessonRuntime.js'),
  };
}

function activateOnce(root: string): ActivationRun {
  const script = path.join(root, 'bench', 'activation', 'activate-once.cjs');
  const result = spawnSync(process.execPath, [script, root], { encoding: 'utf8', timeout: 30000 });
  if (result.status !== 0) {
    throw new Error(`activating dist/client.js failed (exit ${result.status}): ${result.stderr}`);
  }
  return JSON.parse(result.stdout.trim().split('\n').pop() ?? '') as ActivationRun;
}

export function measureActivation(root: string): Activation {
  const runs: ActivationRun[] = [];
  for (let run = 0; run < WARMUP_RUNS + RUNS; run++) {
    const sample = activateOnce(root);
    if (run >= WARMUP_RUNS) runs.push(sample);
  }
  return {
    activationMs: median(runs.map((run) => run.totalMs)),
    loadMs: median(runs.map((run) => run.loadMs)),
    activateMs: median(runs.map((run) => run.activateMs)),
    cpuMs: median(runs.map((run) => run.cpuMs)),
    loadCpuMs: median(runs.map((run) => run.loadCpuMs)),
    registrations: runs[0].registrations,
    runs: RUNS,
  };
}
