// How deeply a JSON text nests, found by a scan of its brackets before it is parsed: a body (or a
// start_key) nested thousands deep parses fine but overflows the stack of whatever walks it next
// (schema validation, merging, JSON.stringify of an error that echoes it).

/** True when `text` opens more than `limit` arrays/objects inside each other (brackets in strings do not count). */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}
