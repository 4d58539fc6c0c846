// The [tool.ml-practice] options of the project a file belongs to, read once per pyproject.toml
// change. A broken table is reported once and ignored, so editor settings still apply.
import { fileURLToPath } from 'node:url';
import { projectOptions, type LintOptions } from './engine';

export class ProjectConfigs {
  private readonly cache = new Map<string, LintOptions | undefined>();
  private readonly reported = new Set<string>();

  constructor(private readonly warn: (message: string) => void) {}

  /** Options for the document at `uri`; only files on disk have a project. */
  optionsFor(uri: string): LintOptions | undefined {
    const filePath = toFilePath(uri);
    if (filePath === undefined) return undefined;
    if (this.cache.has(filePath)) return this.cache.get(filePath);

    const options = this.read(filePath);
    this.cache.set(filePath, options);
    return options;
  }

  /** A pyproject.toml was created, changed or deleted somewhere: read everything again. */
  clear(): void {
    this.cache.clear();
    this.reported.clear();
  }

  private read(filePath: string): LintOptions | undefined {
    try {
      return projectOptions(filePath)?.options;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (!this.reported.has(message)) {
        this.reported.add(message);
        this.warn(`Ignoring project lint settings: ${message}`);
      }
      return undefined;
    }
  }
}

function toFilePath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
