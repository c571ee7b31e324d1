// markdown-it-abbr ships no types; it is a plain markdown-it plugin.
declare module 'markdown-it-abbr' {
  import type MarkdownIt from 'markdown-it';
  const markdownItAbbr: MarkdownIt.PluginSimple;
  export default markdownItAbbr;
}
