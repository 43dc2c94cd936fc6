// A lesson's Markdown as HTML the page can trust: raw HTML in a lesson is shown as text, links are
// http(s) or relative, and each scenario, quiz, table, exercise and check block becomes a placeholder
// <div data-block="scenario" data-id="to-room"></div> that the page replaces with its element.
import MarkdownIt from 'markdown-it';
import { BLOCK_KINDS, type BlockKind, type Lesson } from './lessons.ts';

/** http: and https: links, and relative ones (no scheme at all); javascript:, data:, file: and the rest are refused. */
export function isSafeLink(url: string): boolean {
  // Browsers ignore control characters and spaces inside a scheme ("java\tscript:"), so this does too.
  const compact = url.replace(/[\u0000-\u0020\u007f]/g, '').toLowerCase();
  const scheme = /^([a-z][a-z0-9+.-]*):/.exec(compact);
  return scheme === null || scheme[1] === 'http' || scheme[1] === 'https';
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** The placeholder a block leaves in the HTML, for the page to find and replace. */
export function blockPlaceholder(kind: BlockKind, id: string): string {
  return `<div data-block="${escapeHtml(kind)}" data-id="${escapeHtml(id)}"></div>\n`;
}

// A type, not an interface, so that it fits markdown-it's index-signature Env.
type RenderEnv = { lesson?: Lesson };

const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false });
markdown.validateLink = isSafeLink;

const renderCode = markdown.renderer.rules.fence!;
markdown.renderer.rules.fence = (tokens, index, options, env, renderer) => {
  const token = tokens[index]!;
  const kind = token.info.trim().split(/\s+/)[0] ?? '';
  const lesson = (env as RenderEnv | undefined)?.lesson;
  if (!lesson || !token.map || !(BLOCK_KINDS as readonly string[]).includes(kind)) return renderCode(tokens, index, options, env, renderer);
  // The parser read the same fences from the same body, so the block starts on the same line.
  const line = lesson.bodyLine + token.map[0];
  const block = lesson.blocks.find((candidate) => candidate.line === line);
  return block ? blockPlaceholder(block.kind, block.id) : renderCode(tokens, index, options, env, renderer);
};

/** The lesson's body (its title is in `lesson.title`), with a placeholder for each block. */
export function renderLesson(lesson: Lesson): string {
  return markdown.render(lesson.body, { lesson } satisfies RenderEnv);
}

/** Any Markdown, e.g. a lesson that failed to parse shown as text; fenced blocks stay code. */
export function renderMarkdown(text: string): string {
  return markdown.render(text, {} satisfies RenderEnv);
}

/** One line of Markdown without a paragraph around it: a quiz question, a hint. */
export function renderInlineMarkdown(text: string): string {
  return markdown.renderInline(text, {} satisfies RenderEnv);
}
