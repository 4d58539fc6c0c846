// Locating a notebook cell's first line, for findings about a cell as a whole.
import type { ProgramFacts } from '../engine/facts';
import type { Loc } from '../engine/source';

export function unitSpanOfCell(facts: ProgramFacts, cell: number): Loc | undefined {
  const unit = facts.units.find((candidate) => candidate.cell === cell);
  if (!unit) return undefined;
  const end = unit.text.indexOf('\n');
  return { unit, from: 0, to: end === -1 ? unit.text.length : end };
}
