import { InvalidArgumentError } from '../../core/index.js';

/**
 * `{{ name }}` and `{{ a.b }}` placeholders, the subset of promptfoo's nunjucks that suites use.
 * Objects are inserted as compact JSON. Filters and tags are not supported; the loader reports them.
 */
const placeholder = /\{\{\s*([A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*)\s*\}\}/g;

export function listTemplateVariables(template: string): string[] {
  return [...new Set([...template.matchAll(placeholder)].map((match) => (match[1] as string).split('.')[0] as string))];
}

/** Nunjucks syntax we do not evaluate (`{{ x | upper }}`, `{% if %}`), so the loader can say so. */
export function findUnsupportedTemplateSyntax(template: string): string | undefined {
  const stripped = template.replace(placeholder, '');
  return /\{\{[^}]*\}\}|\{%[\s\S]*?%\}/.exec(stripped)?.[0];
}

export function renderTemplate(template: string, vars: Readonly<Record<string, unknown>>): string {
  return template.replace(placeholder, (_, path: string) => {
    let value: unknown = vars;
    for (const part of path.split('.')) {
      value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[part] : undefined;
    }
    if (value === undefined) throw new InvalidArgumentError('template', `The template uses {{ ${path} }}, which this example does not define.`);
    return typeof value === 'string' ? value : JSON.stringify(value);
  });
}
