// Turns lint findings into LSP diagnostics. Their quick fixes stay on the server, beside the
// diagnostics it keeps, and are looked up when the editor asks for code actions.
import {
  DiagnosticSeverity,
  type CodeDescription,
  type Diagnostic,
  type DiagnosticRelatedInformation,
  type Position,
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

/**
 * The quick fixes of each diagnostic the server built. They are not published: a document's
 * diagnostics are sent again after every edit, and most are never asked for a fix.
 */
const fixesByDiagnostic = new WeakMap<Diagnostic, FixData[]>();

/** The quick fixes of a diagnostic this server built; none for any other. */
export function fixesOf(diagnostic: Diagnostic): FixData[] {
  return fixesByDiagnostic.get(diagnostic) ?? [];
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
 * Builds the diagnostics of one analysis. The server keeps them for hovers and code actions
 * while the document is open, so what repeats is stored once: a rule's message and fix recur on
 * every line it flags, and positions recur between a range, its fixes and related locations.
 */
export class DiagnosticBuilder {
  private readonly strings = new Map<string, string>();
  private readonly positions = new Map<number, Position>();
  private readonly ranges = new Map<Position, Map<Position, Range>>();

  /** `uriOfCell` maps a cell index to its document URI (scripts always give their own). */
  constructor(private readonly uriOfCell: (cell: number | undefined) => string | undefined) {}

  build(finding: Finding): Diagnostic {
    const diagnostic: Diagnostic = {
      range: this.range(finding.span),
      severity: SEVERITY[finding.severity] ?? DiagnosticSeverity.Warning,
      source: SOURCE,
      code: this.text(finding.code),
      codeDescription: ruleLink(finding.code, finding.slug),
      message: this.text(finding.message),
      relatedInformation: this.related(finding),
    };
    if (finding.fixes.length > 0) {
      fixesByDiagnostic.set(
        diagnostic,
        finding.fixes.map((fix) => ({
          title: this.text(fix.title),
          edits: fix.edits.map((edit) => ({
            range: this.range(edit.span),
            newText: this.text(edit.newText),
          })),
        })),
      );
    }
    return diagnostic;
  }

  private related(finding: Finding): DiagnosticRelatedInformation[] | undefined {
    const related: DiagnosticRelatedInformation[] = [];
    for (const location of finding.related) {
      const uri = this.uriOfCell(location.cell ?? finding.cell);
      if (uri === undefined) continue;
      related.push({
        location: { uri, range: this.range(location.span) },
        message: this.text(location.message),
      });
    }
    return related.length > 0 ? related : undefined;
  }

  private text(value: string): string {
    const known = this.strings.get(value);
    if (known !== undefined) return known;
    this.strings.set(value, value);
    return value;
  }

  private range(span: Span): Range {
    const start = this.position(span.start.line, span.start.column);
    const end = this.position(span.end.line, span.end.column);
    let byEnd = this.ranges.get(start);
    if (byEnd === undefined) {
      byEnd = new Map();
      this.ranges.set(start, byEnd);
    }
    let range = byEnd.get(end);
    if (range === undefined) {
      range = { start, end };
      byEnd.set(end, range);
    }
    return range;
  }

  private position(line: number, character: number): Position {
    // One number per position while it fits exactly; a longer line gets its own objects.
    if (character >= POSITION_KEY_COLUMNS) return { line, character };
    const key = line * POSITION_KEY_COLUMNS + character;
    let position = this.positions.get(key);
    if (position === undefined) {
      position = { line, character };
      this.positions.set(key, position);
    }
    return position;
  }
}

const POSITION_KEY_COLUMNS = 2 ** 20;

/** One link object per rule, shared by all of its diagnostics. */
const ruleLinks = new Map<string, CodeDescription>();

function ruleLink(code: string, slug: string): CodeDescription {
  let link = ruleLinks.get(code);
  if (link === undefined) {
    link = { href: ruleDocUri(code, slug) };
    ruleLinks.set(code, link);
  }
  return link;
}

/** The same for two diagnostics that say the same thing at the same place. */
export function diagnosticKey({ code, message, range: { start, end } }: Diagnostic): string {
  return `${String(code)}|${start.line}:${start.character}-${end.line}:${end.character}|${message}`;
}
