import { UsageError } from '../args';

export async function packsCommand(_argv: string[]): Promise<number> {
  throw new UsageError('packs is not available in this build');
}
