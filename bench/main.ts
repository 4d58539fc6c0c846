// `npm run bench`: measures lint throughput, editor latency and memory, runner overhead and
// extension start-up on this machine, prints a table and writes bench/results.json.
// Flags: --check (exit 1 when a target is missed), --only lint,lsp,runner,extension.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { clientBundleKb, laterBundlesKb, measureActivation } from './extension';
import {
  LINT_SIZES,
  LONG_STATEMENT_ITEMS,
  fastestOfSweeps,
  sweepOrder,
  measureLintSize,
  measureLongStatements,
  type LintSizeResult,
} from './lint';
import { measureEditLatency, measureMemory } from './lsp';
import { describeMachine, gitCommit } from './machine';
import { formatTable, statusOf, TARGETS, type Figure } from './report';
import { callerEnvironmentNote, measureRunnerOverhead } from './runner';
import { round } from './stats';
import { productInfo } from '../core/productInfo';

const SECTIONS = ['lint', 'lsp', 'runner', 'extension'] as const;
type Section = (typeof SECTIONS)[number];
const LINT_SEED = 2026;
/** How many times the lint sizes are swept; each size keeps its fastest sweep. */
const LINT_SWEEPS = 2;

function repoRoot(): string {
  return productInfo().root;
}

function parseSections(argv: string[]): Section[] {
  const only = argv.find((arg) => arg.startsWith('--only'));
  if (only === undefined) return [...SECTIONS];
  const value = only.includes('=') ? only.split('=')[1] : argv[argv.indexOf(only) + 1];
  const names = (value ?? '').split(',').filter(Boolean);
  const unknown = names.filter((name) => !(SECTIONS as readonly string[]).includes(name));
  if (names.length === 0 || unknown.length > 0) {
    throw new Error(
      `--only: expected a comma-separated list of ${SECTIONS.join(', ')}, got "${value ?? ''}"`,
    );
  }
  return names as Section[];
}

class Results {
  readonly figures: Figure[] = [];
  readonly details: Record<string, unknown> = {};
  /** Lines printed under the table. */
  readonly notes: string[] = [];

  set(name: string, value: number): void {
    this.figures.push({ name, value: round(value), ...TARGETS[name] });
  }

  fail(names: string[], error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    for (const name of names) this.figures.push({ name, error: message, ...TARGETS[name] });
  }
}

async function attempt(
  results: Results,
  names: string[],
  measure: () => Promise<void> | void,
): Promise<void> {
  try {
    await measure();
  } catch (error) {
    process.stderr.write(
      `${names.join(', ')}: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    results.fail(names, error);
  }
}

function lintSection(results: Results): void {
  const sweeps: LintSizeResult[][] = [];
  for (let sweep = 1; sweep <= LINT_SWEEPS; sweep++) {
    const measured = new Map<number, LintSizeResult>();
    for (const size of sweepOrder(LINT_SIZES, sweep)) {
      const result = measureLintSize(size, LINT_SEED);
      const perLine = result.usPerLine.toFixed(2);
      process.stderr.write(`  lint ${result.lines} lines, sweep ${sweep}: ${perLine} µs/line\n`);
      measured.set(size, result);
    }
    sweeps.push(LINT_SIZES.map((size) => measured.get(size) as LintSizeResult));
  }
  const bySize = fastestOfSweeps(sweeps);
  const largest = bySize[bySize.length - 1];
  results.set('lint.usPerLine', Math.max(...bySize.map((size) => size.usPerLine)));
  results.set('lint.fullOverParse', largest.fullMs / largest.parseMs);
  results.set('lint.scaling', largest.usPerLine / bySize[0].usPerLine);
  results.details.lint = bySize.map((size) => roundAll(size));
  results.details.lintSweeps = sweeps.map((sweep) =>
    sweep.map(({ lines, usPerLine, parseUsPerLine }) =>
      roundAll({ lines, usPerLine, parseUsPerLine }),
    ),
  );
  const long = measureLongStatements();
  for (const { shape, ms } of long) {
    const times = ms.map((each) => each.toFixed(0)).join('/');
    const items = LONG_STATEMENT_ITEMS.join('/');
    process.stderr.write(`  lint one ${shape} of ${items} items: ${times} ms\n`);
  }
  results.details.longStatements = long.map((shape) => roundAll(shape));
}

async function lspSection(results: Results, root: string): Promise<void> {
  const server = path.join(root, 'dist', 'server.js');
  await attempt(results, ['lsp.editP95Ms'], async () => {
    const latency = await measureEditLatency(server);
    results.set('lsp.editP95Ms', latency.p95Ms);
    const { samples, flushedSamples, ...summary } = latency;
    results.details.lspEdits = { ...roundAll(summary), edits: samples.length };
  });
  await attempt(results, ['lsp.rssMb'], async () => {
    const memory = await measureMemory(server);
    results.set('lsp.rssMb', memory.rssMb);
    results.details.lspMemory = roundAll(memory);
  });
}

function runnerSection(results: Results, root: string): void {
  const runner = measureRunnerOverhead(path.join(root, 'dist', 'cli.js'));
  results.set('runner.overheadMs', runner.overheadMs);
  results.details.runner = roundAll(runner);
  const note = callerEnvironmentNote(runner);
  if (note !== undefined) results.notes.push(note);
}

async function extensionSection(results: Results, root: string): Promise<void> {
  await attempt(results, ['extension.clientBundleKb'], () => {
    results.set('extension.clientBundleKb', clientBundleKb(root));
    results.details.laterBundles = roundAll(laterBundlesKb(root));
  });
  await attempt(results, ['extension.activationMs'], () => {
    const activation = measureActivation(root);
    results.set('extension.activationMs', activation.activationMs);
    results.details.activation = roundAll(activation);
  });
}

function roundAll<T extends object>(values: T): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => [
      key,
      typeof value === 'number' ? round(value) : value,
    ]),
  );
}

const FIGURES_OF: Record<Section, string[]> = {
  lint: ['lint.usPerLine', 'lint.fullOverParse', 'lint.scaling'],
  lsp: ['lsp.editP95Ms', 'lsp.rssMb'],
  runner: ['runner.overheadMs'],
  extension: ['extension.clientBundleKb', 'extension.activationMs'],
};

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const sections = parseSections(argv);
  const root = repoRoot();
  const results = new Results();
  const machine = describeMachine();
  const started = Date.now();

  for (const section of sections) {
    process.stderr.write(`measuring ${section}...\n`);
    const names = FIGURES_OF[section];
    if (section === 'lint') await attempt(results, names, () => lintSection(results));
    if (section === 'lsp') await lspSection(results, root);
    if (section === 'runner') await attempt(results, names, () => runnerSection(results, root));
    if (section === 'extension') await extensionSection(results, root);
  }

  process.stdout.write(`\n${formatTable(results.figures)}${results.notes.join('')}`);
  const load = Math.max(machine.loadAverage[0], describeMachine().loadAverage[0]);
  if (load > machine.cores) {
    process.stdout.write(
      `warning: load average ${load} on ${machine.cores} cores; other work shared the CPU, so ` +
        'wall-clock figures are inflated (CPU-time figures are in the details of the results; ' +
        'in process they also count the garbage collector\'s helper threads)\n',
    );
  }
  const output = {
    date: new Date().toISOString(),
    commit: gitCommit(root),
    durationS: Math.round((Date.now() - started) / 1000),
    machine: { ...machine, loadAverageAtEnd: describeMachine().loadAverage },
    figures: Object.fromEntries(
      results.figures.map((figure) => [
        figure.name,
        {
          value: figure.value ?? null,
          target: figure.target,
          unit: figure.unit,
          status: statusOf(figure),
          error: figure.error,
        },
      ]),
    ),
    details: results.details,
  };
  if (sections.length === SECTIONS.length) {
    fs.writeFileSync(
      path.join(root, 'bench', 'results.json'),
      `${JSON.stringify(output, null, 2)}\n`,
    );
    process.stdout.write('results written to bench/results.json\n');
  } else {
    const partial = path.join(root, 'out', 'bench-run', 'partial.json');
    fs.mkdirSync(path.dirname(partial), { recursive: true });
    fs.writeFileSync(partial, `${JSON.stringify(output, null, 2)}\n`);
    process.stdout.write(
      `partial run (--only): results written to ${path.relative(root, partial)}\n`,
    );
  }

  const failed = results.figures.filter((figure) => statusOf(figure) !== 'ok');
  if (failed.length > 0) process.stdout.write(`${failed.length} figure(s) missed their target\n`);
  return argv.includes('--check') && failed.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
