// A file's details when it can be found: a missing path and a path through a file are the same
// answer to the callers here, "nothing there".
import { statSync, type Stats } from 'node:fs';

/** The file's details, or undefined when it cannot be found (also a path through a file). */
export function statOrUndefined(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}
