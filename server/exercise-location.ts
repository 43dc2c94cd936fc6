// Where in the student's file something went wrong, as "lessons/exercises/rooms.ts:12": the line an editor
// jumps to. tsx maps stacks back to the TypeScript source, and esbuild names the line of a syntax error.
import { readFileSync } from 'node:fs';

/** The student's file: where it is on disk, and how to show it ("lessons/exercises/rooms.ts"). */
export interface ExerciseSource {
  path: string;
  shownAs: string;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The line of the first mention of the file in an error's stack or message ("path:12:5"), if any. */
export function lineInError(error: unknown, source: ExerciseSource): number | undefined {
  const text = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : '';
  const match = new RegExp(`${escapeRegExp(source.path)}:(\\d+)(?::\\d+)?`).exec(text);
  return match ? Number(match[1]) : undefined;
}

/** The line where the handler is declared, for what has no line of its own (a loop or a promise that never ends). */
export function handlerLine(source: ExerciseSource, handler: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(source.path, 'utf8');
  } catch {
    return undefined;
  }
  const declaration = new RegExp(`\\b(?:function\\s*\\*?\\s*${escapeRegExp(handler)}\\b|(?:const|let|var)\\s+${escapeRegExp(handler)}\\b)`);
  const index = text.split('\n').findIndex((line) => declaration.test(line));
  return index === -1 ? undefined : index + 1;
}

/** "lessons/exercises/rooms.ts:12: what happened", or without the line when none is known. */
export const at = (source: ExerciseSource, line: number | undefined, what: string) =>
  `${source.shownAs}${line === undefined ? '' : `:${line}`}: ${what}`;

/** An error's own sentence: esbuild's "Transform failed with 1 error: path:2:25: ERROR: Expected …" becomes "Expected …". */
export function errorSentence(error: unknown): string {
  if (!(error instanceof Error)) return `threw ${typeof error === 'string' ? JSON.stringify(error.slice(0, 200)) : 'a value that is not an Error'}`;
  const syntax = /ERROR: (.+)/.exec(error.message);
  if (syntax) return `does not compile: ${syntax[1]}`;
  return `${error.name}: ${error.message.split('\n')[0]}`;
}
