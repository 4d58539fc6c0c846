// Plain words for the file system errors a user can fix.
import * as fs from 'fs';

const FS_REASONS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
};

/** `file`, when given, is the path that failed: a link to nothing is named as such. */
export function describeFsError(error: unknown, file?: string): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' && file !== undefined) {
    const target = brokenLinkTarget(file);
    if (target !== undefined) return `a symbolic link to ${target}, which does not exist`;
  }
  if (code && FS_REASONS[code]) return FS_REASONS[code];
  return error instanceof Error ? error.message : String(error);
}

/** Where `file` points, when it is a symbolic link; undefined when it is not one. */
function brokenLinkTarget(file: string): string | undefined {
  try {
    return fs.lstatSync(file).isSymbolicLink() ? fs.readlinkSync(file) : undefined;
  } catch {
    return undefined;
  }
}
