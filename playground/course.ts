/// <reference types="vite/client" />
// The course as the page reads it: lessons/*.md, bundled by vite as text and read by core's one parser,
// the same one the checker and the tests use, so the page can never show a lesson they would refuse.
import { parseLessons, type LessonsParse } from '../core/lessons.ts';

const texts = import.meta.glob<string>('../lessons/*.md', { query: '?raw', import: 'default', eager: true });

/** Every lesson, in their order, or every mistake in them as "lessons/04-who-receives.md:23: what is wrong". */
export const course: LessonsParse = parseLessons(
  Object.entries(texts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([path, text]) => ({ file: path.replace(/^\.\.\//, ''), text })),
);
