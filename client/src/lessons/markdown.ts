// Lesson Markdown to HTML: raw HTML is escaped, links are marked so the panel script hands them
// to the extension, and images are kept only when the caller maps them into the pack's folder.
import MarkdownIt from 'markdown-it';
import { highlightPythonLines } from './highlight';
import { escapeHtml } from './html';

export interface MarkdownContext {
  /** Maps an image `src` from the Markdown to a URL the panel may load, or undefined to drop it. */
  resolveImage(src: string): string | undefined;
}

interface RenderEnv {
  context: MarkdownContext;
}

const md = createRenderer();

export function renderMarkdown(source: string, context: MarkdownContext): string {
  const env: RenderEnv = { context };
  return md.render(source, env);
}

export function renderMarkdownInline(source: string, context: MarkdownContext): string {
  const env: RenderEnv = { context };
  return md.renderInline(source, env);
}

function createRenderer(): MarkdownIt {
  const renderer = new MarkdownIt({
    html: false,
    linkify: false,
    typographer: false,
    highlight: (code, lang) => (isPython(lang) ? highlightedBlock(code) : ''),
  });

  renderer.renderer.rules.link_open = (tokens, index, options, _env, self) => {
    const token = tokens[index];
    const href = token.attrGet('href') ?? '';
    if (!href.startsWith('#')) token.attrSet('data-link', href);
    return self.renderToken(tokens, index, options);
  };

  renderer.renderer.rules.image = (tokens, index, _options, env: RenderEnv) => {
    const token = tokens[index];
    const alt = token.children ? renderer.renderer.renderInlineAsText(token.children, {}, env) : '';
    const resolved = env.context.resolveImage(token.attrGet('src') ?? '');
    if (!resolved) return `<span class="image-blocked">[image not shown: ${escapeHtml(alt)}]</span>`;
    return `<img src="${escapeHtml(resolved)}" alt="${escapeHtml(alt)}">`;
  };

  return renderer;
}

function isPython(lang: string): boolean {
  return ['python', 'py', 'python3'].includes(lang.trim().toLowerCase());
}

function highlightedBlock(code: string): string {
  const lines = highlightPythonLines(code).join('\n');
  return `<pre class="code"><code class="language-python">${lines}</code></pre>`;
}
