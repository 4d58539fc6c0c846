// The lint engine's public data: findings, fixes and rule metadata. Positions are 0-based;
// the CLI's JSON and text output convert them to 1-based.

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface Position {
  line: number;
  column: number;
}

export interface Span {
  start: Position;
  end: Position;
}

export interface TextEdit {
  span: Span;
  newText: string;
}

export interface Fix {
  title: string;
  /** Edits in the same coordinates as the finding (cell-relative in notebooks). */
  edits: TextEdit[];
}

export interface RelatedLocation {
  message: string;
  span: Span;
  /** Index of the cell among all cells of a notebook, when the location is in another cell. */
  cell?: number;
}

export interface Finding {
  code: string;
  slug: string;
  severity: Severity;
  message: string;
  span: Span;
  /** 0-based index of the cell among all cells of the notebook; absent for scripts. */
  cell?: number;
  related: RelatedLocation[];
  fixes: Fix[];
}

export interface RuleMeta {
  code: string;
  slug: string;
  defaultSeverity: Severity;
  /** One line: what the rule finds. */
  summary: string;
  /** A few paragraphs of Markdown: why it matters and how to fix it. */
  explanation: string;
  /** Python that the rule flags. */
  bad: string;
  /** The same program written so that the rule stays silent. */
  good: string;
  /** Id of the lesson that teaches the practice, e.g. "scalability-in-ml-systems". */
  lesson: string;
}

export interface LintOptions {
  /** Rule codes or code prefixes to run; all rules when absent. */
  select?: string[];
  /** Rule codes or code prefixes to skip. */
  ignore?: string[];
  /** Per-rule severity overrides; "off" disables the rule. */
  severity?: Record<string, Severity | 'off'>;
}

export interface NotebookCell {
  kind: 'code' | 'markdown' | 'raw';
  source: string;
  executionCount?: number | null;
  tags?: string[];
}
