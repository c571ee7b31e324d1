/**
 * Reads a document (Markdown, HTML or plain text) into a flat list of blocks: headings and content blocks, each
 * content block as Markdown and as plain text, with the 1-based source lines it came from. The chunker works on
 * these blocks only, so the three formats are chunked by the same rules.
 */
import MarkdownIt from 'markdown-it';
import markdownItAbbr from 'markdown-it-abbr';
import markdownItAttrs from 'markdown-it-attrs';
import markdownItFrontMatter from 'markdown-it-front-matter';
import { parse as parseHtml } from 'parse5';
import type { DefaultTreeAdapterMap } from 'parse5';
import { parse as parseYaml } from 'yaml';
import { tidySpaces } from './sentences.ts';

/** A heading: it opens a section; its text becomes part of the heading path of what follows. */
export interface HeadingBlock {
  kind: 'heading';
  level: number;
  text: string;
  /** The anchor a table of contents would link to. */
  slug: string;
  startLine: number;
  endLine: number;
}

/**
 * A piece of prose between headings: a paragraph, a list item, a table, a code block. `pieces` lets the chunker
 * cut a long paragraph at a sentence end and still write valid Markdown on both sides.
 */
export interface ContentBlock {
  kind: 'content';
  markdown: string;
  plain: string;
  /** How this block joins the one before it in a lesson's Markdown: a blank line, or one line break (list items). */
  join: 'paragraph' | 'line';
  /** Nesting inside blockquotes (admonitions are read as blockquotes). */
  quote: number;
  /** Which blockquote (numbered in document order; 0 outside any), so two admonitions in a row stay two quotes. */
  quoteGroup: number;
  /** A paragraph that starts with a picture: in slide decks, the slide changes here. */
  isSlide: boolean;
  /** Whether it may be cut at sentence ends (prose), at lines (code, tables), or not at all. */
  splitBy: 'sentence' | 'line';
  /** For prose: the Markdown and plain text side by side, so a sentence end in the plain text maps to the Markdown. */
  pieces?: InlinePiece[];
  startLine: number;
  endLine: number;
}

export type DocumentBlock = HeadingBlock | ContentBlock;

/** One inline piece: its Markdown and its plain text (empty for pure markup such as `**`). */
export interface InlinePiece {
  markdown: string;
  plain: string;
  /** Closing markup belongs to the sentence before a cut; everything else to the sentence after. */
  closes: boolean;
}

export interface ReadDocument {
  /** From front matter `title`, `<title>`, or undefined. */
  title?: string;
  blocks: DocumentBlock[];
  /** Anchors the document links to itself (`[x](#anchor)`): a table of contents names the top sections. */
  internalAnchors: Set<string>;
  warnings: string[];
}

/** A heading's anchor the way Python-Markdown's `toc` (mkdocs) and most generators make it. */
export function slugifyHeading(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .trim()
    .replace(/[\s-]+/g, '-');
}

// ---------------------------------------------------------------------------------------------------------------
// Markdown

/**
 * mkdocs admonitions (`!!! note "Title"`, and pymdownx.details' collapsible `??? note` / `???+ note`) with their
 * indented bodies become blockquotes headed by the title in bold, line for line, so markdown-it's line numbers
 * still point into the original file. Done at line level because no maintained markdown-it plugin reads this
 * syntax: markdown-it-admon handles `!!!` only (not `???`/`???+`) and has few users. Only the block's own lines are
 * touched: a marker line and the lines indented under it.
 */
function rewriteAdmonitions(lines: string[]): string[] {
  const out = [...lines];
  let fenced = false;
  for (let index = 0; index < out.length; index++) {
    const line = out[index]!;
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced) continue;
    const marker = /^(\s*)(?:!!!|\?\?\?\+?)\s*([\w-]+)?(?:\s+"([^"]*)")?\s*$/.exec(line);
    if (!marker) continue;
    const indent = marker[1]!;
    const title = marker[3] ?? (marker[2] ? marker[2].charAt(0).toUpperCase() + marker[2].slice(1) : '');
    // A hard break (`\`) after the title: the body's first line follows on the next line, and no line may be added.
    const bodyIndent = indent.length + 4;
    const hasBodyNext = index + 1 < out.length && out[index + 1]!.trim() !== '' && leadingSpaces(out[index + 1]!) >= bodyIndent;
    out[index] = `${indent}> ${title ? `**${title}**${hasBodyNext ? '\\' : ''}` : ''}`;
    let end = index + 1;
    // The body: lines indented at least 4 more than the marker, blank lines between them included.
    while (end < out.length) {
      const next = out[end]!;
      if (next.trim() === '') {
        let look = end + 1;
        while (look < out.length && out[look]!.trim() === '') look++;
        if (look >= out.length || leadingSpaces(out[look]!) < bodyIndent) break;
      } else if (leadingSpaces(next) < bodyIndent) break;
      end++;
    }
    for (let body = index + 1; body < end; body++) {
      const text = out[body]!;
      out[body] = text.trim() === '' ? `${indent}>` : `${indent}> ${text.slice(bodyIndent)}`;
    }
    index = end - 1;
  }
  return out;
}

function leadingSpaces(line: string): number {
  let count = 0;
  for (const char of line) {
    if (char === ' ') count++;
    else if (char === '\t') count += 4;
    else break;
  }
  return count;
}

/** markdown-it as the chunker configures it (exported for the chunking benchmark's reference: the same parser alone). */
export function createMarkdownParser(onFrontMatter: (raw: string) => void) {
  return (
    new MarkdownIt({ html: true })
      .use(markdownItFrontMatter, onFrontMatter)
      // Python-Markdown attribute lists `{: #id .class key="value" }` (and `{...}`): parsed and so dropped from the text.
      .use(markdownItAttrs, { leftDelimiter: '{', rightDelimiter: '}', allowedAttributes: [] })
      // `*[HTML]: Hyper Text Markup Language` definitions: taken out of the text, the abbreviations stay.
      .use(markdownItAbbr)
  );
}

/** A markdown-it token, as the parser below produces them. */
type Token = ReturnType<typeof markdownParser.parse>[number];

/** Front matter seen by the shared parser's last parse (the plugin reports it through a callback). */
let lastFrontMatter: string | undefined;
/** One markdown-it parser for every call: building one costs more than parsing a page, and it keeps no state between parses. */
const markdownParser = createMarkdownParser((raw) => {
  lastFrontMatter = raw;
});

/** Inline tokens to pieces of Markdown and plain text. Raw HTML tags are dropped; their text content stays. */
function inlinePieces(children: readonly Token[]): InlinePiece[] {
  const pieces: InlinePiece[] = [];
  const links: string[] = [];
  const push = (markdown: string, plain: string, closes = false) => pieces.push({ markdown, plain, closes });
  for (const token of children) {
    switch (token.type) {
      case 'text':
        push(token.content, token.content);
        break;
      case 'softbreak':
        push('\n', ' ');
        break;
      case 'hardbreak':
        // A line break the author forced (an admonition's title, an address): the sentence segmenter breaks there too.
        push('\\\n', '\n');
        break;
      case 'code_inline': {
        const fence = token.content.includes('`') ? '``' : '`';
        push(`${fence}${token.content}${fence}`, token.content);
        break;
      }
      case 'strong_open':
      case 'em_open':
      case 's_open':
        push(token.type === 's_open' ? '~~' : token.markup, '');
        break;
      case 'strong_close':
      case 'em_close':
      case 's_close':
        push(token.type === 's_close' ? '~~' : token.markup, '', true);
        break;
      case 'link_open':
        links.push(String(token.attrGet('href') ?? ''));
        push('[', '');
        break;
      case 'link_close':
        push(`](${links.pop() ?? ''})`, '', true);
        break;
      case 'image':
        push(`![${token.content}](${token.attrGet('src') ?? ''})`, '');
        break;
      default:
        // html_inline, abbr_open/abbr_close and anything a plugin adds: markup only.
        break;
    }
  }
  return pieces;
}

/** The Markdown and plain text of pieces, trimmed and tidied; `prefix` (a list bullet) goes before the Markdown. */
function joinPieces(pieces: readonly InlinePiece[], prefix = ''): { markdown: string; plain: string } {
  // Joined rather than built up with `+=`: one flat string each, which the scans that follow read faster.
  const markdown: string[] = [prefix];
  const plain: string[] = [];
  for (const piece of pieces) {
    markdown.push(piece.markdown);
    plain.push(piece.plain);
  }
  return { markdown: markdown.join('').trim(), plain: tidySpaces(plain.join('')) };
}

/** Whether a paragraph opens with a picture (after raw HTML such as `<input><label>` and emphasis): a slide. */
function startsWithImage(children: readonly Token[]): boolean {
  for (const token of children) {
    if (token.type === 'image') return true;
    if (token.type === 'html_inline' || token.type.endsWith('_open') || token.type.endsWith('_close')) continue;
    if (token.type === 'text' && token.content.trim() === '') continue;
    return false;
  }
  return false;
}

/** The text of an HTML fragment (a raw HTML block inside Markdown), as one paragraph. */
function htmlText(html: string): string {
  const document = parseHtml(`<body>${html}</body>`);
  return textOf(document).replace(/\s+/g, ' ').trim();
}

/**
 * Reads Markdown into blocks. Front matter is read for its `title` and otherwise dropped (with a warning, so it is
 * not lost silently); horizontal rules are dropped; raw HTML blocks keep their text.
 */
export function readMarkdown(source: string): ReadDocument {
  lastFrontMatter = undefined;
  const lines = rewriteAdmonitions(source.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/));
  const env: { abbreviations?: Record<string, string> } = {};
  const tokens = markdownParser.parse(lines.join('\n'), env);
  const warnings: string[] = [];
  let title: string | undefined;
  const frontMatter = lastFrontMatter as string | undefined;
  if (frontMatter !== undefined) {
    try {
      const data = parseYaml(frontMatter) as unknown;
      if (data && typeof data === 'object' && typeof (data as { title?: unknown }).title === 'string') title = (data as { title: string }).title.trim() || undefined;
      const keys = data && typeof data === 'object' ? Object.keys(data) : [];
      warnings.push(`Front matter (${keys.join(', ') || 'empty'}) is not lesson text and was left out${title ? '; its title is the course title' : ''}.`);
    } catch {
      warnings.push('Front matter could not be read as YAML and was left out.');
    }
  }
  const abbreviations = Object.entries(env.abbreviations ?? {});
  if (abbreviations.length > 0) {
    warnings.push(`Abbreviation definitions are not lesson text and were left out: ${abbreviations.map(([k, v]) => `${k.replace(/^:/, '')} = ${v}`).join('; ')}.`);
  }
  const internalAnchors = new Set<string>();
  const blocks: DocumentBlock[] = [];
  let quote = 0;
  let quoteGroup = 0;
  let quoteCount = 0;
  const quoteGroups: number[] = [];
  let listDepth = 0;
  const ordinals: number[] = [];
  let itemLines: [number, number] | undefined;
  let firstInItem = false;
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index]!;
    const [start, end] = token.map ?? [0, 0];
    switch (token.type) {
      case 'heading_open': {
        const inline = tokens[index + 1]!;
        const text = joinPieces(inlinePieces(inline.children ?? [])).plain;
        const id = token.attrGet('id');
        const slug = id == null ? slugifyHeading(text) : String(id);
        if (text) blocks.push({ kind: 'heading', level: Number(token.tag.slice(1)), text, slug, startLine: start + 1, endLine: end });
        index += 2;
        break;
      }
      case 'blockquote_open':
        quote++;
        quoteGroups.push(quoteGroup);
        quoteGroup = ++quoteCount;
        break;
      case 'blockquote_close':
        quote--;
        quoteGroup = quoteGroups.pop() ?? 0;
        break;
      case 'bullet_list_open':
      case 'ordered_list_open':
        listDepth++;
        ordinals.push(token.type === 'ordered_list_open' ? Number(token.attrGet('start') ?? 1) : 0);
        break;
      case 'bullet_list_close':
      case 'ordered_list_close':
        listDepth--;
        ordinals.pop();
        break;
      case 'list_item_open':
        itemLines = [start + 1, end];
        firstInItem = true;
        break;
      case 'paragraph_open': {
        const inline = tokens[index + 1]!;
        const children = inline.children ?? [];
        for (const child of children) {
          const href = child.type === 'link_open' ? String(child.attrGet('href') ?? '') : '';
          if (href.startsWith('#')) internalAnchors.add(href.slice(1));
        }
        let pieces = inlinePieces(children);
        let both = joinPieces(pieces);
        index += 2;
        if (!both.markdown) break;
        let join: ContentBlock['join'] = 'paragraph';
        if (listDepth > 0) {
          // A list item's paragraphs: the first carries the bullet; nested lists are indented under their parent.
          const indent = '  '.repeat(listDepth - 1);
          const ordinal = ordinals[ordinals.length - 1]!;
          const bullet = firstInItem ? (ordinal > 0 ? `${ordinal}. ` : '- ') : '  ';
          if (firstInItem && ordinal > 0) ordinals[ordinals.length - 1] = ordinal + 1;
          pieces = [{ markdown: `${indent}${bullet}`, plain: '', closes: false }, ...pieces];
          both = { markdown: `${bullet}${both.markdown}`.trim(), plain: both.plain };
          join = firstInItem ? 'line' : 'paragraph';
          firstInItem = false;
        }
        const range = listDepth > 0 && itemLines ? itemLines : [start + 1, end];
        blocks.push({
          kind: 'content',
          markdown: both.markdown,
          plain: both.plain,
          join,
          quote,
          quoteGroup,
          isSlide: startsWithImage(children),
          splitBy: 'sentence',
          pieces,
          startLine: Math.max(range[0]!, start + 1),
          endLine: end,
        });
        break;
      }
      case 'fence':
      case 'code_block': {
        const fence = token.markup || '```';
        const markdown = `${fence}${token.info}\n${token.content}${fence}`;
        blocks.push({ kind: 'content', markdown, plain: token.content.trim(), join: 'paragraph', quote, quoteGroup, isSlide: false, splitBy: 'line', startLine: start + 1, endLine: end });
        break;
      }
      case 'html_block': {
        const text = htmlText(token.content);
        if (text) blocks.push({ kind: 'content', markdown: text, plain: text, join: 'paragraph', quote, quoteGroup, isSlide: false, splitBy: 'sentence', startLine: start + 1, endLine: end });
        break;
      }
      case 'table_open': {
        const close = tokens.findIndex((t: Token, k: number) => k > index && t.type === 'table_close');
        const rows: string[][] = [];
        for (let k = index; k < close; k++) {
          const t = tokens[k]!;
          if (t.type === 'tr_open') rows.push([]);
          if (t.type === 'inline') rows[rows.length - 1]!.push(joinPieces(inlinePieces(t.children ?? [])).markdown.replace(/\|/g, '\\|'));
        }
        const markdown = rows.map((row, k) => `| ${row.join(' | ')} |${k === 0 ? `\n|${row.map(() => ' --- ').join('|')}|` : ''}`).join('\n');
        const plain = rows.map((row) => row.join(' ')).join(' ');
        blocks.push({ kind: 'content', markdown, plain, join: 'paragraph', quote, quoteGroup, isSlide: false, splitBy: 'line', startLine: start + 1, endLine: end });
        index = close;
        break;
      }
      default:
        // hr, front_matter, the closing tokens: nothing to keep.
        break;
    }
  }
  return { ...(title !== undefined && { title }), blocks, internalAnchors, warnings };
}

// ---------------------------------------------------------------------------------------------------------------
// HTML

type HtmlNode = DefaultTreeAdapterMap['node'];
type HtmlElement = DefaultTreeAdapterMap['element'];

const SKIPPED = new Set(['script', 'style', 'template', 'noscript', 'head', 'svg', 'iframe', 'object', 'button', 'select', 'nav']);
const BLOCKS = new Set(['p', 'li', 'dt', 'dd', 'figcaption', 'caption', 'pre', 'table', 'blockquote', 'div', 'section', 'article', 'main', 'aside', 'header', 'footer', 'ul', 'ol', 'dl', 'figure', 'details', 'summary', 'body', 'html', 'form', 'fieldset', 'address', 'center', 'hgroup']);

function isElement(node: HtmlNode): node is HtmlElement {
  return 'tagName' in node;
}

function textOf(node: HtmlNode): string {
  if (node.nodeName === '#text') return (node as DefaultTreeAdapterMap['textNode']).value;
  if (isElement(node) && SKIPPED.has(node.tagName)) return '';
  if (isElement(node) && node.tagName === 'br') return '\n';
  const children = 'childNodes' in node ? node.childNodes : [];
  return children.map(textOf).join('');
}

function attribute(element: HtmlElement, name: string): string | undefined {
  return element.attrs.find((a) => a.name === name)?.value;
}

/** Inline HTML to pieces of Markdown and plain text, as for Markdown. */
function htmlInlinePieces(nodes: readonly HtmlNode[], pieces: InlinePiece[] = []): InlinePiece[] {
  for (const node of nodes) {
    if (node.nodeName === '#text') {
      const value = (node as DefaultTreeAdapterMap['textNode']).value.replace(/\s+/g, ' ');
      pieces.push({ markdown: value, plain: value, closes: false });
      continue;
    }
    if (!isElement(node) || SKIPPED.has(node.tagName)) continue;
    const wrap = (mark: string) => {
      pieces.push({ markdown: mark, plain: '', closes: false });
      htmlInlinePieces(node.childNodes, pieces);
      pieces.push({ markdown: mark, plain: '', closes: true });
    };
    switch (node.tagName) {
      case 'strong':
      case 'b':
        wrap('**');
        break;
      case 'em':
      case 'i':
        wrap('_');
        break;
      case 'code': {
        const text = textOf(node);
        pieces.push({ markdown: `\`${text}\``, plain: text, closes: false });
        break;
      }
      case 'a': {
        const href = attribute(node, 'href');
        if (!href) {
          htmlInlinePieces(node.childNodes, pieces);
          break;
        }
        pieces.push({ markdown: '[', plain: '', closes: false });
        htmlInlinePieces(node.childNodes, pieces);
        pieces.push({ markdown: `](${href})`, plain: '', closes: true });
        break;
      }
      case 'img':
        pieces.push({ markdown: `![${attribute(node, 'alt') ?? ''}](${attribute(node, 'src') ?? ''})`, plain: '', closes: false });
        break;
      case 'br':
        pieces.push({ markdown: '\\\n', plain: ' ', closes: false });
        break;
      default:
        htmlInlinePieces(node.childNodes, pieces);
    }
  }
  return pieces;
}

/**
 * Reads HTML into blocks: headings h1–h6, and every block element's own inline content as one paragraph (list
 * items as list items). Scripts, styles, navigation and forms are skipped. Line numbers come from parse5.
 */
export function readHtml(source: string): ReadDocument {
  const document = parseHtml(source, { sourceCodeLocationInfo: true });
  const blocks: DocumentBlock[] = [];
  const internalAnchors = new Set<string>();
  let title: string | undefined;
  const lineRange = (node: HtmlNode): [number, number] => {
    const location = (node as { sourceCodeLocation?: { startLine: number; endLine: number } | null }).sourceCodeLocation;
    return location ? [location.startLine, location.endLine] : [1, 1];
  };
  let quoteCount = 0;
  const visit = (node: HtmlNode, quote: number, quoteGroup: number, listDepth: number) => {
    if (!isElement(node) && node.nodeName !== '#document') return;
    if (isElement(node)) {
      if (node.tagName === 'title') {
        title ??= textOf(node).replace(/\s+/g, ' ').trim() || undefined;
        return;
      }
      if (SKIPPED.has(node.tagName)) return;
      if (node.tagName === 'a') {
        const href = attribute(node, 'href');
        if (href?.startsWith('#')) internalAnchors.add(href.slice(1));
      }
      const heading = /^h([1-6])$/.exec(node.tagName);
      if (heading) {
        const text = textOf(node).replace(/\s+/g, ' ').trim();
        const [startLine, endLine] = lineRange(node);
        if (text) blocks.push({ kind: 'heading', level: Number(heading[1]), text, slug: attribute(node, 'id') ?? slugifyHeading(text), startLine, endLine });
        return;
      }
      if (node.tagName === 'pre' || node.tagName === 'table') {
        const text = node.tagName === 'pre' ? textOf(node).replace(/\n$/, '') : tableMarkdown(node);
        const [startLine, endLine] = lineRange(node);
        if (text.trim()) {
          const markdown = node.tagName === 'pre' ? `\`\`\`\n${text}\n\`\`\`` : text;
          blocks.push({ kind: 'content', markdown, plain: textOf(node).replace(/\s+/g, ' ').trim(), join: 'paragraph', quote, quoteGroup, isSlide: false, splitBy: 'line', startLine, endLine });
        }
        return;
      }
    }
    const children = (node as { childNodes: HtmlNode[] }).childNodes;
    const isQuote = isElement(node) && node.tagName === 'blockquote';
    const nextQuote = isQuote ? quote + 1 : quote;
    const nextGroup = isQuote ? ++quoteCount : quoteGroup;
    const nextList = isElement(node) && (node.tagName === 'ul' || node.tagName === 'ol') ? listDepth + 1 : listDepth;
    // Runs of inline content between block children form one paragraph.
    let run: HtmlNode[] = [];
    const flush = () => {
      if (run.length === 0) return;
      const inline = run;
      run = [];
      let pieces = htmlInlinePieces(inline);
      let both = joinPieces(pieces);
      if (!both.markdown) return;
      const isItem = isElement(node) && node.tagName === 'li';
      if (isItem) {
        pieces = [{ markdown: `${'  '.repeat(Math.max(0, listDepth - 1))}- `, plain: '', closes: false }, ...pieces];
        both = { markdown: `- ${both.markdown}`, plain: both.plain };
      }
      const first = lineRange(inline[0]!);
      const last = lineRange(inline[inline.length - 1]!);
      const images = inline.filter((n) => isElement(n) && n.tagName === 'img').length;
      blocks.push({
        kind: 'content',
        markdown: both.markdown,
        plain: both.plain,
        join: isItem ? 'line' : 'paragraph',
        quote,
        quoteGroup,
        isSlide: images > 0 && both.plain === '',
        splitBy: 'sentence',
        pieces,
        startLine: first[0],
        endLine: last[1],
      });
    };
    for (const child of children) {
      if (isElement(child) && (BLOCKS.has(child.tagName) || /^h[1-6]$/.test(child.tagName) || child.tagName === 'title' || SKIPPED.has(child.tagName))) {
        flush();
        visit(child, nextQuote, nextGroup, nextList);
      } else run.push(child);
    }
    flush();
  };
  visit(document, 0, 0, 0);
  return { ...(title !== undefined && { title }), blocks, internalAnchors, warnings: [] };
}

function tableMarkdown(table: HtmlElement): string {
  const rows: string[][] = [];
  const walk = (node: HtmlNode) => {
    if (!isElement(node)) return;
    if (node.tagName === 'tr') {
      rows.push(node.childNodes.filter((c): c is HtmlElement => isElement(c) && (c.tagName === 'td' || c.tagName === 'th')).map((c) => textOf(c).replace(/\s+/g, ' ').trim().replace(/\|/g, '\\|')));
      return;
    }
    node.childNodes.forEach(walk);
  };
  walk(table);
  return rows.map((row, k) => `| ${row.join(' | ')} |${k === 0 ? `\n|${row.map(() => ' --- ').join('|')}|` : ''}`).join('\n');
}

// ---------------------------------------------------------------------------------------------------------------
// Plain text

/** Reads plain text: paragraphs are separated by blank lines; there are no headings. */
export function readPlainText(source: string): ReadDocument {
  const lines = source.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const blocks: DocumentBlock[] = [];
  let index = 0;
  while (index < lines.length) {
    while (index < lines.length && lines[index]!.trim() === '') index++;
    if (index >= lines.length) break;
    const start = index;
    while (index < lines.length && lines[index]!.trim() !== '') index++;
    const text = lines.slice(start, index).map((l) => l.trim()).join(' ');
    blocks.push({
      kind: 'content',
      markdown: text,
      plain: text,
      join: 'paragraph',
      quote: 0,
      quoteGroup: 0,
      isSlide: false,
      splitBy: 'sentence',
      pieces: [{ markdown: text, plain: text, closes: false }],
      startLine: start + 1,
      endLine: index,
    });
  }
  return { blocks, internalAnchors: new Set(), warnings: [] };
}
