import { UsageError } from '../args';

export async function lessonsCommand(_argv: string[]): Promise<number> {
  throw new UsageError('lessons is not available in this build');
}
