import { UsageError } from '../args';

export async function checkCommand(_argv: string[]): Promise<number> {
  throw new UsageError('check is not available in this build');
}
