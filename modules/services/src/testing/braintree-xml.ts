// Braintree's gateway XML: dasherized element names, typed with type="integer|boolean|array|datetime"
// and nil="true", which the SDK's parser turns back into camelCased values.

export type XmlValue = string | number | boolean | null | undefined | Date | XmlValue[] | { [key: string]: XmlValue };

function dasherize(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/_/g, '-').toLowerCase();
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function singular(name: string): string {
  if (name.endsWith('ies')) return `${name.slice(0, -3)}y`;
  if (name.endsWith('s')) return name.slice(0, -1);
  return 'item';
}

export function toXml(name: string, value: XmlValue): string {
  const tag = dasherize(name);
  if (value === null || value === undefined) return `<${tag} nil="true"/>`;
  if (value instanceof Date) return `<${tag} type="datetime">${value.toISOString().replace(/\.\d{3}Z$/, 'Z')}</${tag}>`;
  if (typeof value === 'boolean') return `<${tag} type="boolean">${value}</${tag}>`;
  if (typeof value === 'number') return Number.isInteger(value) ? `<${tag} type="integer">${value}</${tag}>` : `<${tag}>${value}</${tag}>`;
  if (typeof value === 'string') return `<${tag}>${escapeXml(value)}</${tag}>`;
  if (Array.isArray(value)) {
    const item = singular(tag);
    return `<${tag} type="array">${value.map((v) => toXml(item, v)).join('')}</${tag}>`;
  }
  return `<${tag}>${Object.entries(value)
    .map(([k, v]) => toXml(k, v))
    .join('')}</${tag}>`;
}

export function xmlDocument(name: string, value: XmlValue): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${toXml(name, value)}\n`;
}
