// What the lesson features and the practice features offer each other inside the client.
import * as vscode from 'vscode';
import type { Lesson, Pack } from '../../core/lessons/types';
import type { CheckResult } from '../../core/practice/types';

/** The lesson packs the editor knows about: bundled, workspace and configured ones. */
export interface LessonCatalog {
  packs(): Pack[];
  lessons(): Lesson[];
  /** Finds a lesson by id; `packId` disambiguates when two packs share a lesson id. */
  find(lessonId: string, packId?: string): Lesson | undefined;
  /** Fires after packs are (re)loaded, the first load included, which follows activation. */
  readonly onDidChange: vscode.Event<void>;
}

export interface PracticeCheckEvent {
  lesson: Lesson;
  file: vscode.Uri;
  result: CheckResult;
}

/** Runs practice checks; every check, whatever started it, is announced on onDidCheck. */
export interface PracticeChecks {
  /** The learner's practice file for a lesson in the first workspace folder, if a workspace is open. */
  practiceUri(lesson: Lesson): vscode.Uri | undefined;
  check(lesson: Lesson, file: vscode.Uri): Promise<CheckResult>;
  readonly onDidCheck: vscode.Event<PracticeCheckEvent>;
}

/** What activation returns to other extensions and to the real-editor tests. */
export interface MlPracticeApi {
  lessons: LessonCatalog;
  practice: PracticeChecks;
}
