// Finds the practice files present in the workspace and the lesson a document belongs to.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Lesson } from '../../../core/lessons/types';
import { lessonsForPracticeFile } from '../../../core/practice';
import type { LessonCatalog } from '../contracts';

export interface PracticeFile {
  lesson: Lesson;
  folder: vscode.WorkspaceFolder;
  uri: vscode.Uri;
}

/** True when a regular file exists at the address. */
export async function fileExists(uri: vscode.Uri): Promise<boolean> {
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    return (stat.type & vscode.FileType.File) !== 0;
  } catch {
    return false;
  }
}

/** Every lesson practice file that exists in some workspace folder. */
export async function findPracticeFiles(catalog: LessonCatalog): Promise<PracticeFile[]> {
  const found: PracticeFile[] = [];
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    for (const lesson of catalog.lessons()) {
      if (!lesson.practiceFile) continue;
      const uri = vscode.Uri.joinPath(folder.uri, ...lesson.practiceFile.split(/[\\/]+/).filter(Boolean));
      if (await fileExists(uri)) found.push({ lesson, folder, uri });
    }
  }
  return found;
}

/** The lesson whose practice file this is, when exactly one lesson claims the path. */
export function lessonForFile(catalog: LessonCatalog, uri: vscode.Uri): Lesson | undefined {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder || uri.scheme !== 'file') return undefined;
  const relative = path.relative(folder.uri.fsPath, uri.fsPath);
  return lessonsForPracticeFile(catalog.lessons(), relative)[0];
}
