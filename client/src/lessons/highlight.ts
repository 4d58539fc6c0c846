// Python syntax highlighting at render time: the @lezer/python parse tree becomes HTML spans
// with stable classes (`tok-keyword`, ...) that the panel's stylesheet colours from the theme.
import { classHighlighter, highlightTree } from '@lezer/highlight';
import { parser } from '@lezer/python';
import { escapeHtml } from './html';

interface Segment {
  text: string;
  classes: string;
}

/** Highlights Python source; returns one HTML string per source line, without line breaks. */
export function highlightPythonLines(code: string): string[] {
  const lines: string[] = [''];
  for (const segment of segmentsOf(code)) {
    const parts = segment.text.split('\n');
    parts.forEach((part, index) => {
      if (index > 0) lines.push('');
      if (part.length > 0) lines[lines.length - 1] += spanFor(part, segment.classes);
    });
  }
  if (code.endsWith('\n')) lines.pop();
  return lines;
}

function segmentsOf(code: string): Segment[] {
  const segments: Segment[] = [];
  let position = 0;
  const tree = parser.parse(code);

  highlightTree(tree, classHighlighter, (from, to, classes) => {
    if (from > position) segments.push({ text: code.slice(position, from), classes: '' });
    segments.push({ text: code.slice(from, to), classes });
    position = to;
  });

  if (position < code.length) segments.push({ text: code.slice(position), classes: '' });
  return segments;
}

function spanFor(text: string, classes: string): string {
  const escaped = escapeHtml(text);
  return classes ? `<span class="${escapeHtml(classes)}">${escaped}</span>` : escaped;
}
