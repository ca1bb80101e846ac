const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  a: "\x07",
  b: "\b",
  e: "\x1b",
  E: "\x1b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
  "\\": "\\",
  "'": "'",
  '"': '"',
  "?": "?",
};

/**
 * Decodes the inside of a bash `$'...'` string. Decoding matters because `$'\x72m'` is `rm`: an
 * agent (or an attacker writing for one) can spell any command this way.
 */
export function decodeAnsiCString(body: string): string {
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch !== "\\" || i + 1 >= body.length) {
      out += ch;
      continue;
    }
    const next = body[i + 1] ?? "";
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      out += simple;
      i++;
      continue;
    }
    let match: RegExpMatchArray | null;
    if ((match = /^x([0-9a-fA-F]{1,2})/.exec(body.slice(i + 1)))) {
      out += String.fromCharCode(parseInt(match[1] ?? "0", 16));
      i += match[0].length;
    } else if ((match = /^u([0-9a-fA-F]{1,4})/.exec(body.slice(i + 1)))) {
      out += String.fromCodePoint(parseInt(match[1] ?? "0", 16));
      i += match[0].length;
    } else if ((match = /^U([0-9a-fA-F]{1,8})/.exec(body.slice(i + 1)))) {
      out += String.fromCodePoint(Math.min(parseInt(match[1] ?? "0", 16), 0x10ffff));
      i += match[0].length;
    } else if ((match = /^([0-7]{1,3})/.exec(body.slice(i + 1)))) {
      out += String.fromCharCode(parseInt(match[1] ?? "0", 8) & 0xff);
      i += match[0].length;
    } else if ((match = /^c(.)/.exec(body.slice(i + 1)))) {
      out += String.fromCharCode((match[1] ?? "@").charCodeAt(0) & 0x1f);
      i += match[0].length;
    } else {
      out += ch;
    }
  }
  return out;
}
