// Hover on a flagged range: the rule in a few lines, its doc page and the lesson that teaches it.
import { MarkupKind, type Diagnostic, type Hover, type Position } from 'vscode-languageserver/node';
import { SOURCE } from './diagnostics';
import { openLessonCommandUri, ruleDocUri, ruleFor } from './rules';

const EXPLANATION_LINES = 6;

export function hoverFor(diagnostics: Diagnostic[], position: Position): Hover | null {
  const hits = diagnostics.filter(
    (diagnostic) => diagnostic.source === SOURCE && contains(diagnostic, position),
  );
  if (hits.length === 0) return null;

  const seen = new Set<string>();
  const sections: string[] = [];
  for (const diagnostic of hits) {
    const code = String(diagnostic.code ?? '');
    if (seen.has(code)) continue;
    seen.add(code);
    sections.push(describeRule(code, diagnostic.message));
  }

  return {
    contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') },
    range: hits[0].range,
  };
}

function describeRule(code: string, message: string): string {
  const rule = ruleFor(code);
  if (rule === undefined) return `**${code}**: ${message}`;

  const links = [`[Rule documentation](${ruleDocUri(rule.code, rule.slug)})`];
  if (rule.lesson !== '') links.push(`[Open the lesson](${openLessonCommandUri(rule.lesson)})`);

  return [
    `**${rule.code}** \`${rule.slug}\`: ${rule.summary}`,
    firstLines(rule.explanation, EXPLANATION_LINES),
    links.join(' · '),
  ]
    .filter((part) => part !== '')
    .join('\n\n');
}

/** The opening of the explanation, cut at a paragraph end so Markdown stays balanced. */
function firstLines(text: string, limit: number): string {
  const paragraphs = text.trim().split(/\n\s*\n/);
  const kept: string[] = [];
  let lines = 0;
  for (const paragraph of paragraphs) {
    const count = paragraph.split('\n').length;
    if (kept.length > 0 && lines + count > limit) break;
    if (paragraph.trimStart().startsWith('```') && kept.length > 0) break;
    kept.push(paragraph);
    lines += count;
  }
  return kept.join('\n\n');
}

function contains(diagnostic: Diagnostic, position: Position): boolean {
  const { start, end } = diagnostic.range;
  const afterStart =
    position.line > start.line ||
    (position.line === start.line && position.character >= start.character);
  const beforeEnd =
    position.line < end.line || (position.line === end.line && position.character <= end.character);
  return afterStart && beforeEnd;
}
