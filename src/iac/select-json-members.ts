const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;

/**
 * Returns the JSON text of a top-level object keeping only the named members, without parsing
 * the others. A terraform plan repeats every value in `planned_values` and `prior_state`; not
 * building those trees halves the memory a large plan needs. Returns null when the text is not
 * a JSON object this scanner can follow, so the caller falls back to parsing everything.
 */
export function selectJsonMembers(json: string, keep: ReadonlySet<string>): string | null {
  let i = skipSpace(json, 0);
  if (json.charCodeAt(i) !== OPEN_BRACE) return null;
  i++;
  const kept: string[] = [];
  for (;;) {
    i = skipSpace(json, i);
    if (json.charCodeAt(i) === CLOSE_BRACE) break;
    if (json.charCodeAt(i) !== QUOTE) return null;
    const keyEnd = skipString(json, i);
    if (keyEnd < 0) return null;
    const key = json.slice(i + 1, keyEnd - 1);
    const memberStart = i;
    i = skipSpace(json, keyEnd);
    if (json[i] !== ":") return null;
    const valueEnd = skipValue(json, skipSpace(json, i + 1));
    if (valueEnd < 0) return null;
    // Keys with escapes are kept: comparing them would need unescaping, and none are dropped by name.
    if (keep.has(key) || key.includes("\\")) kept.push(json.slice(memberStart, valueEnd));
    i = skipSpace(json, valueEnd);
    const c = json.charCodeAt(i);
    if (c === COMMA) i++;
    else if (c === CLOSE_BRACE) break;
    else return null;
  }
  return `{${kept.join(",")}}`;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
    i++;
  }
  return i;
}

/** Index just after the string starting at `i` (a quote), or -1 if it never ends. */
function skipString(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === BACKSLASH) j++;
    else if (c === QUOTE) return j + 1;
  }
  return -1;
}

/** Index just after the value starting at `i`, or -1 if the text ends first. */
function skipValue(text: string, i: number): number {
  const first = text.charCodeAt(i);
  if (first === QUOTE) return skipString(text, i);
  if (first !== OPEN_BRACE && first !== OPEN_BRACKET) {
    // A number, true, false or null: up to the next delimiter.
    let j = i;
    while (j < text.length) {
      const c = text.charCodeAt(j);
      if (c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) break;
      j++;
    }
    return j > i ? j : -1;
  }
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === QUOTE) {
      j = skipString(text, j) - 1;
      if (j < 0) return -1;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
      if (depth === 0) return j + 1;
    }
  }
  return -1;
}
