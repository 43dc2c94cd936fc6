// The module server/course-module.ts builds from lessons/*.md for playground/course.ts.
declare module 'virtual:course' {
  import type { LessonsParse } from '../core/lessons.ts';

  export const course: LessonsParse;
  /** Each lesson's rendered body, by lesson id. */
  export const lessonHtml: Readonly<Record<string, string>>;
  /** Each quiz question and check hint, rendered inline, by its Markdown. */
  export const inlineHtml: Readonly<Record<string, string>>;
}
