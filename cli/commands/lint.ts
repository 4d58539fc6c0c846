import { UsageError } from '../args';

export async function lintCommand(_argv: string[]): Promise<number> {
  throw new UsageError('lint is not available in this build');
}
