// The benchmark's figures, their targets, and the table printed at the end of a run.

export interface Figure {
  name: string;
  /** Undefined when the measurement failed; `error` then says why. */
  value?: number;
  target: number;
  unit: string;
  error?: string;
}

export type Status = 'ok' | 'MISSED' | 'ERROR';

/** Every target is an upper bound: lower is better for all the figures. */
export const TARGETS: Record<string, { target: number; unit: string }> = {
  'lint.usPerLine': { target: 15, unit: 'µs/line' },
  'lint.fullOverParse': { target: 1.3, unit: '×' },
  'lint.scaling': { target: 1.2, unit: '×' },
  'lsp.editP95Ms': { target: 30, unit: 'ms' },
  'lsp.rssMb': { target: 150, unit: 'MB' },
  'runner.overheadMs': { target: 60, unit: 'ms' },
  'extension.clientBundleKb': { target: 500, unit: 'KB' },
  'extension.activationMs': { target: 50, unit: 'ms' },
};

export function statusOf(figure: Figure): Status {
  if (figure.value === undefined) return 'ERROR';
  return figure.value <= figure.target ? 'ok' : 'MISSED';
}

function formatValue(value: number | undefined): string {
  if (value === undefined) return '-';
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(2);
}

export function formatTable(figures: Figure[]): string {
  const rows = figures.map((figure) => [
    figure.name,
    `${formatValue(figure.value)} ${figure.unit}`,
    `≤ ${figure.target} ${figure.unit}`,
    statusOf(figure) === 'ERROR' ? `ERROR: ${figure.error ?? 'no value'}` : statusOf(figure),
  ]);
  const header = ['figure', 'value', 'target', 'status'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (column === 3 ? 0 : row[column].length))),
  );
  const line = (cells: string[]): string =>
    cells.map((cell, column) => (column === 3 ? cell : cell.padEnd(widths[column]))).join('  ');
  const rule = widths.map((width, column) => '-'.repeat(column === 3 ? 6 : width));
  return [line(header), line(rule), ...rows.map(line)].join('\n').concat('\n');
}
