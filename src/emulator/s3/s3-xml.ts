/** Minimal XML writing for S3 responses: the SDK parses elements by name, in any order. */
const namespace = 'http://s3.amazonaws.com/doc/2006-03-01/';

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => entities[char] ?? char);
}

export type XmlValue = string | number | boolean | undefined | XmlElement[];
export interface XmlElement {
  name: string;
  value: XmlValue;
}

export const el = (name: string, value: XmlValue): XmlElement => ({ name, value });

function render(element: XmlElement): string {
  const { name, value } = element;
  if (value === undefined) return '';
  if (Array.isArray(value)) return `<${name}>${value.map(render).join('')}</${name}>`;
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

export function xmlDocument(root: string, children: XmlElement[], withNamespace = true): string {
  const attributes = withNamespace ? ` xmlns="${namespace}"` : '';
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root}${attributes}>${children.map(render).join('')}</${root}>`;
}
