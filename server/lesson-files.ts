// The lessons on disk: lessons/*.md read and parsed, for the checker and the tests.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseLessons, type LessonsParse } from '../core/lessons.ts';

export const projectRoot = fileURLToPath(new URL('..', import.meta.url));
export const lessonsDir = join(projectRoot, 'lessons');

/** Every lesson file, named as from the project root (lessons/04-who-receives.md), in file-name order. */
export function lessonFiles(): { file: string; text: string }[] {
  return readdirSync(lessonsDir)
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => ({ file: `lessons/${name}`, text: readFileSync(join(lessonsDir, name), 'utf8') }));
}

export function readLessons(): LessonsParse {
  return parseLessons(lessonFiles());
}
