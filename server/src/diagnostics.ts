// Turns lint findings into LSP diagnostics, carrying in `data` what code actions need.
import {
  DiagnosticSeverity,
  type Diagnostic,
  type DiagnosticRelatedInformation,
  type Range,
  type TextEdit,
} from 'vscode-languageserver/node';
import type { Finding, LintEdit, Severity, Span } from './engine';
import { ruleDocUri } from './rules';

export const SOURCE = 'ml-practice';

/** One quick fix of a diagnostic, its edits in the coordinates of the diagnostic's document. */
export interface FixData {
  title: string;
  edits: TextEdit[];
}

export interface DiagnosticData {
  code: string;
  fixes: FixData[];
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toRange(span: Span): Range {
  return {
    start: { line: span.start.line, character: span.start.column },
    end: { line: span.end.line, character: span.end.column },
  };
}

export function toTextEdit(edit: LintEdit): TextEdit {
  return { range: toRange(edit.span), newText: edit.newText };
}

/**
 * Builds the diagnostic for a finding. `uriOfCell` maps a cell index to its document URI
 * (scripts pass a function returning the script's URI).
 */
export function toDiagnostic(
  finding: Finding,
  uriOfCell: (cell: number | undefined) => string | undefined,
): Diagnostic {
  const data: DiagnosticData = {
    code: finding.code,
    fixes: finding.fixes.map((fix) => ({ title: fix.title, edits: fix.edits.map(toTextEdit) })),
  };

  return {
    range: toRange(finding.span),
    severity: SEVERITY[finding.severity] ?? DiagnosticSeverity.Warning,
    source: SOURCE,
    code: finding.code,
    codeDescription: { href: ruleDocUri(finding.code, finding.slug) },
    message: finding.message,
    relatedInformation: relatedOf(finding, uriOfCell),
    data,
  };
}

function relatedOf(
  finding: Finding,
  uriOfCell: (cell: number | undefined) => string | undefined,
): DiagnosticRelatedInformation[] | undefined {
  const related: DiagnosticRelatedInformation[] = [];
  for (const location of finding.related) {
    const uri = uriOfCell(location.cell ?? finding.cell);
    if (uri === undefined) continue;
    related.push({ location: { uri, range: toRange(location.span) }, message: location.message });
  }
  return related.length > 0 ? related : undefined;
}

export function isDiagnosticData(value: unknown): value is DiagnosticData {
  if (typeof value !== 'object' || value === null) return false;
  const data = value as Partial<DiagnosticData>;
  return typeof data.code === 'string' && Array.isArray(data.fixes);
}
