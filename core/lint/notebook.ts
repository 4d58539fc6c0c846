// Reads Jupyter notebooks (nbformat 4 JSON) into the cells the lint engine analyses.
import { lineIndexAt, lineStartsOf } from './engine/source';
import { jsonErrorOffset, scanJson } from './jsonPlace';
import type { NotebookCell } from './types';

/** A notebook that cannot be read; the message names the file and what was expected. */
export class NotebookError extends Error {
  constructor(readonly file: string, readonly detail: string) {
    super(`${file}: ${detail}`);
  }
}

const CELL_KINDS = ['code', 'markdown', 'raw'] as const;

/** Parses the text of an `.ipynb` file. Throws NotebookError when it is not a notebook. */
export function parseNotebook(text: string, file: string): NotebookCell[] {
  const json = parseJson(text.replace(/^\uFEFF/, ''), file);
  if (!isObject(json)) {
    throw new NotebookError(file, `expected a JSON object with "cells", got ${describe(json)}`);
  }

  checkFormat(json, file);
  if (!Array.isArray(json.cells)) {
    throw new NotebookError(file, `"cells": expected a list of cells, got ${describe(json.cells)}`);
  }
  return json.cells.map((cell, index) => readCell(cell, index, file));
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new NotebookError(file, `not valid JSON${jsonPlace(text)}: ${message}`);
  }
}

/** " at line L, column C" of the first character that breaks the JSON. */
function jsonPlace(text: string): string {
  const offset = jsonErrorOffset(text);
  if (offset === undefined) return '';
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return ` at line ${line}, column ${column}`;
}

function checkFormat(json: Record<string, unknown>, file: string): void {
  // Without a format, the cells (read next) tell whether this is a notebook.
  if (json.nbformat === undefined && json.cells !== undefined) return;
  if (typeof json.nbformat !== 'number') {
    const got = describe(json.nbformat);
    throw new NotebookError(file, `"nbformat": expected the number 4, got ${got}`);
  }
  if (json.nbformat !== 4) {
    throw new NotebookError(file, `nbformat ${json.nbformat} is not supported; expected ` +
      'nbformat 4 (convert it with `jupyter nbconvert --to notebook --nbformat 4`)');
  }
}

function readCell(cell: unknown, index: number, file: string): NotebookCell {
  const place = `cells[${index}]`;
  if (!isObject(cell)) {
    throw new NotebookError(file, `${place}: expected a cell object, got ${describe(cell)}`);
  }

  const kind = cell.cell_type;
  if (typeof kind !== 'string' || !(CELL_KINDS as readonly string[]).includes(kind)) {
    throw new NotebookError(file, `${place}.cell_type: expected one of ${CELL_KINDS.join(', ')}, ` +
      `got ${describe(kind)}`);
  }

  const read: NotebookCell = {
    kind: kind as NotebookCell['kind'],
    source: readSource(cell.source, `${place}.source`, file),
  };
  const tags = readTags(cell.metadata, `${place}.metadata`, file);
  if (tags.length > 0) read.tags = tags;
  if (kind === 'code') read.executionCount = readExecutionCount(cell.execution_count, place, file);
  return read;
}

function readSource(source: unknown, place: string, file: string): string {
  if (typeof source === 'string') return source;
  if (Array.isArray(source)) {
    const odd = source.findIndex((line) => typeof line !== 'string');
    if (odd === -1) return source.join('');
    throw new NotebookError(file, `${place}[${odd}]: expected a string (a line of the cell), ` +
      `got ${describe(source[odd])}`);
  }
  if (source === undefined) return '';
  throw new NotebookError(file, `${place}: expected a string or a list of strings, ` +
    `got ${describe(source)}`);
}

function readTags(metadata: unknown, place: string, file: string): string[] {
  if (metadata === undefined) return [];
  if (!isObject(metadata)) {
    throw new NotebookError(file, `${place}: expected an object, got ${describe(metadata)}`);
  }
  const tags = metadata.tags;
  if (tags === undefined) return [];
  if (Array.isArray(tags) && tags.every((tag) => typeof tag === 'string')) return tags;
  throw new NotebookError(file, `${place}.tags: expected a list of strings, got ${describe(tags)}`);
}

function readExecutionCount(count: unknown, place: string, file: string): number | null {
  if (count === undefined || count === null) return null;
  if (typeof count === 'number' && Number.isInteger(count)) return count;
  throw new NotebookError(file, `${place}.execution_count: expected a whole number or null, ` +
    `got ${describe(count)}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 40))}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

/**
 * For each cell, the 1-based line of the notebook file on which each of its source lines is
 * written, so that reports can point into the raw `.ipynb`. Undefined for invalid JSON.
 */
export function notebookSourceLines(text: string): number[][] | undefined {
  const fileLines = new Map<string, number>();
  const starts = lineStartsOf(text);

  const end = scanJson(text, (path, offset) => {
    if (path[0] !== 'cells' || path[2] !== 'source' || path.length > 4) return;
    fileLines.set(`${path[1]}/${path[3] ?? 0}`, lineIndexAt(starts, offset) + 1);
  });
  if (end !== text.length) return undefined;

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const cells = isObject(json) && Array.isArray(json.cells) ? json.cells : [];
  return cells.map((cell, index) => cellLines(cell, index, fileLines));
}

/** The file line of each cell line: the line of the source part where that line starts. */
function cellLines(cell: unknown, index: number, fileLines: Map<string, number>): number[] {
  const source = isObject(cell) ? cell.source : undefined;
  const parts = typeof source === 'string' ? [source] : Array.isArray(source) ? source : [];
  const lines: number[] = [];
  let lineStarts = true;
  let lastFileLine: number | undefined;

  parts.forEach((part, partIndex) => {
    const fileLine = fileLines.get(`${index}/${partIndex}`);
    if (typeof part !== 'string' || fileLine === undefined) return;
    for (const char of part) {
      if (lineStarts) lines.push(fileLine);
      lineStarts = char === '\n';
    }
    lastFileLine = fileLine;
  });
  if (lineStarts && lastFileLine !== undefined) lines.push(lastFileLine);
  return lines;
}
