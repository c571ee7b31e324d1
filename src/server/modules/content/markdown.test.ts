import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown.ts';

/** Classic stored-XSS payloads (OWASP cheat sheet and friends) as an author might paste them. */
export const XSS_PAYLOADS = [
  '<script>window.__xss = 1</script>',
  '<img src=x onerror="window.__xss = 1">',
  '<svg onload="window.__xss = 1"><circle r=5 /></svg>',
  '<svg><script>window.__xss = 1</script></svg>',
  '[click](javascript:window.__xss=1)',
  '[click](JaVaScRiPt:window.__xss=1)',
  '[click](  javascript:window.__xss=1)',
  '[click](java&#x09;script:window.__xss=1)',
  '[click](vbscript:msgbox(1))',
  '[click](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9MTwvc2NyaXB0Pg==)',
  '![x](javascript:window.__xss=1)',
  '![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9IndpbmRvdy5fX3hzcz0xIj48L3N2Zz4=)',
  '<a href="javascript:window.__xss=1">x</a>',
  '<iframe src="javascript:window.__xss=1"></iframe>',
  '<object data="javascript:window.__xss=1"></object>',
  '<embed src="javascript:window.__xss=1">',
  '<div style="background:url(javascript:window.__xss=1)">x</div>',
  '<body onload=window.__xss=1>',
  '<input autofocus onfocus=window.__xss=1>',
  '<details open ontoggle=window.__xss=1>',
  '<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=1>',
  '<<script>script>window.__xss = 1<</script>/script>',
  '<scr<script>ipt>window.__xss=1</scr</script>ipt>',
  '"><img src=x onerror=window.__xss=1>',
  '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;window.__xss=1">x</a>',
  '<meta http-equiv="refresh" content="0;url=javascript:window.__xss=1">',
  '<form action="javascript:window.__xss=1"><button>go</button></form>',
  '<base href="javascript:window.__xss=1//">',
  '<link rel=stylesheet href="javascript:window.__xss=1">',
  '<style>@import "javascript:window.__xss=1";</style>',
  '`<script>window.__xss=1</script>`',
  '```html\n<script>window.__xss=1</script>\n```',
  '<img src="x" onerror\n="window.__xss=1">',
  '<a href="https://example.com" onclick="window.__xss=1">ok</a>',
  '<!--<img src=x onerror=window.__xss=1>-->',
  '<noscript><p title="</noscript><img src=x onerror=window.__xss=1>">',
];

describe('renderMarkdown', () => {
  it('renders the Markdown authors write', () => {
    const html = renderMarkdown('# Greeting\n\n**Say** the company name, then *yours*.\n\n1. Smile\n2. Greet\n\n| a | b |\n|---|:-:|\n| 1 | 2 |\n\n[Policy](https://intranet.example.com/policy)');
    expect(html).toContain('<h2>Greeting</h2>');
    expect(html).toContain('<strong>Say</strong>');
    expect(html).toContain('<ol>');
    expect(html).toContain('<table>');
    expect(html).toContain('<a href="https://intranet.example.com/policy" rel="noopener noreferrer nofollow" target="_blank">Policy</a>');
  });

  it.each(XSS_PAYLOADS)('leaves nothing executable of %s', (payload) => {
    const html = renderMarkdown(`Before\n\n${payload}\n\nAfter`);
    expect(html).not.toMatch(/<(script|iframe|object|embed|svg|math|style|link|meta|base|form|input|body|details|img)\b/i);
    expect(html).not.toMatch(/<[^>]*\son\w+\s*=/i);
    expect(html).not.toMatch(/href\s*=\s*"\s*(javascript|vbscript|data):/i);
    expect(html).toContain('After');
  });
});
