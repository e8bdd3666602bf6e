// kz_amqp_util:encode/1: makes an identifier safe as one word of a topic routing key.
const SAFE = /^[A-Za-z0-9~_-]$/;

export function encodeRoutingKeyWord(word: string): string {
  if (word === '' || word === '*' || word === '#') return word;
  let out = '';
  for (const byte of Buffer.from(word, 'utf8')) {
    const ch = String.fromCharCode(byte);
    if (byte < 0x80 && SAFE.test(ch)) out += ch;
    else if (ch === ' ') out += '+';
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}
