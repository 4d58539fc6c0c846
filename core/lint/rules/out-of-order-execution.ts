// NB001: a saved notebook's execution counts do not increase in document order.
import { finding, lessonNote, type Rule } from './rule';
import { unitSpanOfCell } from './cells';

export const outOfOrderExecution: Rule = {
  code: 'NB001',
  slug: 'out-of-order-execution',
  defaultSeverity: 'information',
  summary: "A saved notebook's execution counts do not increase from top to bottom.",
  explanation: [
    'When cells ran out of order, the saved outputs may depend on state that running the',
    'notebook from top to bottom does not recreate, and nobody can reproduce them.',
    '',
    'Restart the kernel and run all cells in order before saving or sharing the notebook.',
  ].join('\n'),
  // Notebook examples in the percent format: each `# %% [n]` starts a cell with execution count n.
  bad: '# %% [2]\nx = 1\n\n# %% [1]\nprint(x)\n',
  good: '# %% [1]\nx = 1\n\n# %% [2]\nprint(x)\n',
  lesson: 'reproducibility-seeds-versions-artifacts',
  check(facts) {
    const cells = facts.cells;
    if (!cells) return [];
    let previous: { count: number; index: number } | undefined;
    for (let index = 0; index < cells.length; index++) {
      const cell = cells[index];
      const count = cell.executionCount;
      if (cell.kind !== 'code' || typeof count !== 'number') continue;
      if (previous && count <= previous.count) {
        const loc = unitSpanOfCell(facts, index);
        if (!loc) return [];
        const message =
          `This cell's execution count [${count}] is not greater than [${previous.count}] of cell ` +
          `${previous.index + 1} above it: the notebook was not run top to bottom, so its saved ` +
          'outputs may not be reproducible. Restart the kernel and run all cells. ' +
          lessonNote(this);
        return [finding(this, loc, message)];
      }
      previous = { count, index };
    }
    return [];
  },
};
