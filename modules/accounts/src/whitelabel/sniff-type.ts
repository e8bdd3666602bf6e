// The media type of an upload from its first bytes: what the client declares is never trusted.
// Images: PNG, JPEG, GIF, WebP, SVG (text whose first element is <svg>), ICO (icons only);
// the welcome page: UTF-8 text without NUL bytes.

export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/svg+xml'] as const;
export const ICON_TYPES = [...IMAGE_TYPES, 'image/x-icon'] as const;
export const WELCOME_TYPES = ['text/html'] as const;

const startsWith = (buf: Buffer, bytes: number[], at = 0) => buf.length >= at + bytes.length && bytes.every((b, i) => buf[at + i] === b);

function isSvg(buf: Buffer): boolean {
  if (buf.includes(0)) return false;
  let text = buf.subarray(0, 4096).toString('utf8').replace(/^\uFEFF/, '');
  // Prolog, comments and a doctype may come before the root element.
  for (;;) {
    const before = text;
    text = text.replace(/^\s+/, '').replace(/^<\?xml[^>]*\?>/, '').replace(/^<!--[\s\S]*?-->/, '').replace(/^<!DOCTYPE[^>]*>/i, '');
    if (text === before) break;
  }
  return /^<svg[\s>]/.test(text);
}

function isUtf8Text(buf: Buffer): boolean {
  if (buf.length === 0 || buf.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buf);
    return true;
  } catch {
    return false;
  }
}

/** The image type of `buf`, or undefined when it is none of the accepted ones. */
export function sniffImage(buf: Buffer): string | undefined {
  if (startsWith(buf, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(buf, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(buf, [0x47, 0x49, 0x46, 0x38]) && (buf[4] === 0x37 || buf[4] === 0x39) && buf[5] === 0x61) return 'image/gif';
  if (startsWith(buf, [0x52, 0x49, 0x46, 0x46]) && startsWith(buf, [0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  if (startsWith(buf, [0x00, 0x00, 0x01, 0x00]) && buf.length > 6) return 'image/x-icon';
  if (isSvg(buf)) return 'image/svg+xml';
  return undefined;
}

/** `text/html` when `buf` is UTF-8 text, else undefined. */
export function sniffWelcome(buf: Buffer): string | undefined {
  return isUtf8Text(buf) ? 'text/html' : undefined;
}
