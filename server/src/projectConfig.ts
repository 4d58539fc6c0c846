// The [tool.ml-practice] options of the project a file belongs to, read once per pyproject.toml
// change. A broken table is reported once and ignored, so editor settings still apply.
import { fileURLToPath } from 'node:url';
import { ConfigError, ConfigResolver, isExcluded, RULES, type LintOptions } from './engine';

export interface ProjectSettings {
  options?: LintOptions;
  /** The file matches the project's `exclude` globs and is not linted. */
  excluded: boolean;
}

export class ProjectConfigs {
  private resolver = newResolver();

  constructor(private readonly warn: (message: string) => void) {}

  /** Settings for the document at `uri`; only files on disk belong to a project. */
  settingsFor(uri: string): ProjectSettings {
    const filePath = toFilePath(uri);
    if (filePath === undefined) return { excluded: false };

    const config = this.resolver.resolve(filePath);
    if (config instanceof ConfigError) {
      this.warn(`ignoring the project's lint settings: ${config.message}`);
      return { excluded: false };
    }
    return { options: config.options, excluded: isExcluded(config, filePath) };
  }

  /** A pyproject.toml was created, changed or deleted somewhere: read everything again. */
  clear(): void {
    this.resolver = newResolver();
  }
}

function newResolver(): ConfigResolver {
  return new ConfigResolver(RULES.map((rule) => rule.code));
}

function toFilePath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
