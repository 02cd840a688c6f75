export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export interface HtmlTable {
  head: readonly string[];
  rows: readonly (readonly string[])[];
  /** Column indexes aligned right (numbers). */
  numeric?: readonly number[];
}

export function renderHtmlTable(table: HtmlTable): string {
  const cell = (text: string, index: number, tag: 'td' | 'th'): string => `<${tag}${table.numeric?.includes(index) === true ? ' class="num"' : ''}>${escapeHtml(text)}</${tag}>`;
  return [
    '<div class="scroll"><table>',
    `<thead><tr>${table.head.map((head, index) => cell(head, index, 'th')).join('')}</tr></thead>`,
    `<tbody>${table.rows.map((row) => `<tr>${row.map((text, index) => cell(text, index, 'td')).join('')}</tr>`).join('\n')}</tbody>`,
    '</table></div>',
  ].join('\n');
}

/** An inline SVG chart with its title (the SVG carries its own axis titles and units). */
export function renderHtmlFigure(title: string, svg: string): string {
  return `<figure><figcaption>${escapeHtml(title)}</figcaption>${svg}</figure>`;
}

/**
 * A self-contained HTML page (inline CSS and SVG, no scripts, no CDN): it opens offline, attaches
 * to a ticket and survives being mailed around. `banner` is shown above everything (sample data).
 */
export function renderHtmlPage(options: { title: string; banner?: string; body: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)}</title>
<style>
body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; margin: 2rem auto; max-width: 1200px; padding: 0 1rem; color: #1a1a1a; line-height: 1.45; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2.2rem; border-bottom: 1px solid #ddd; } h3 { font-size: 1.02rem; margin-top: 1.4rem; }
table { border-collapse: collapse; font-size: 0.85rem; } th, td { border-bottom: 1px solid #ddd; padding: 0.3rem 0.6rem; text-align: left; vertical-align: top; }
th { background: #f4f4f4; } td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.scroll { overflow-x: auto; } .charts { display: flex; flex-wrap: wrap; gap: 1.5rem; } figure { margin: 0; } figcaption { font-weight: bold; font-size: 0.9rem; }
.banner { background: #fff4e0; border-left: 4px solid #E69F00; padding: 0.6rem 1rem; font-weight: bold; }
.note { color: #4D4D4D; font-size: 0.9rem; }
.badge { display: inline-block; padding: 0 0.5rem; border-radius: 0.6rem; font-size: 0.8rem; color: white; background: #4D4D4D; }
.high { background: #009E73; } .medium { background: #0072B2; } .low { background: #D55E00; } .alarm { background: #D55E00; } .warning { background: #E69F00; color: #1a1a1a; } .ok { background: #009E73; }
code, pre { font-size: 0.85rem; background: #f4f4f4; padding: 0 0.2rem; } pre { padding: 0.5rem; overflow-x: auto; white-space: pre-wrap; }
dl { display: grid; grid-template-columns: max-content auto; gap: 0.1rem 1rem; font-size: 0.9rem; } dt { font-weight: bold; }
</style>
</head>
<body>
${options.banner === undefined ? '' : `<p class="banner">${escapeHtml(options.banner)}</p>\n`}${options.body}
</body>
</html>
`;
}
