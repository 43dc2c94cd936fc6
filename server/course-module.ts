// The course as the page imports it: lessons/*.md parsed and rendered to HTML when the page is built,
// by the same parser and renderer the checker and the tests use, so that the page needs no Markdown parser.
import type { Plugin } from 'vite';
import { renderInlineMarkdown, renderLesson } from '../core/lesson-markdown.ts';
import { lessonBlocks } from '../core/lessons.ts';
import { lessonFiles, lessonsDir, readLessons } from './lesson-files.ts';

/** What `import … from 'virtual:course'` gives the page (declared for it in playground/course.ts). */
export const COURSE_MODULE = 'virtual:course';
const resolvedId = `\0${COURSE_MODULE}`;
// core/lessons.ts imports markdown-it for its parser, which the page never runs: the page's bundle gets this instead.
const markdownStub = '\0markdown-it-in-the-page';

function courseModule(): string {
  const course = readLessons();
  const lessons = course.ok ? course.lessons : [];
  const lessonHtml = Object.fromEntries(lessons.map((lesson) => [lesson.id, renderLesson(lesson)]));
  // Quiz questions and check hints are drawn by their own elements, one line of Markdown each.
  const lines = lessons.flatMap((lesson) => [...lessonBlocks(lesson, 'quiz').map((quiz) => quiz.question), ...lessonBlocks(lesson, 'check').map((check) => check.hint)]);
  const inlineHtml = Object.fromEntries(lines.map((line) => [line, renderInlineMarkdown(line)]));
  return [
    `export const course = ${JSON.stringify(course)};`,
    `export const lessonHtml = ${JSON.stringify(lessonHtml)};`,
    `export const inlineHtml = ${JSON.stringify(inlineHtml)};`,
  ].join('\n');
}

/** Serves virtual:course, read afresh from lessons/ on every build (and on every change under vite's dev server). */
export function prerenderedCourse(): Plugin {
  return {
    name: 'prerendered-course',
    enforce: 'pre',
    resolveId: (id) => (id === COURSE_MODULE ? resolvedId : id === 'markdown-it' ? markdownStub : null),
    load(id) {
      if (id === markdownStub) return `export default class MarkdownIt { constructor() { throw new Error('The page gets its lessons parsed when it is built (server/course-module.ts).'); } }`;
      if (id !== resolvedId) return null;
      for (const { file } of lessonFiles()) this.addWatchFile(file.replace(/^lessons/, lessonsDir));
      return courseModule();
    },
  };
}
