// The course as the page reads it: lessons/*.md parsed and rendered when the page is built
// (server/course-module.ts), by core's one parser and renderer, the same ones the checker and the tests use,
// so the page can never show a lesson they would refuse, and never downloads a Markdown parser.
import * as built from 'virtual:course';
import type { Lesson, LessonsParse } from '../core/lessons.ts';

/** Every lesson, in their order, or every mistake in them as "lessons/04-who-receives.md:23: what is wrong". */
export const course: LessonsParse = built.course;

/** The lesson's body as HTML, with a placeholder for each block (core/lesson-markdown.ts renderLesson). */
export const lessonHtml = (lesson: Lesson): string => built.lessonHtml[lesson.id] ?? '';

/** A quiz question or a check hint as inline HTML (core/lesson-markdown.ts renderInlineMarkdown). */
export const inlineHtml = (markdown: string): string => built.inlineHtml[markdown] ?? '';
