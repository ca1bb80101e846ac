/**
 * `<key> <operator> <value>` as it is written in env files, YAML, HCL, JSON, INI, TOML and shell:
 * `KEY=v`, `key: "v"`, `"key": "v"`, `key = 'v'`, `export KEY="v"`, and markdown's
 * `` `key` = `"v"` ``. The secret is group 1.
 * `key` is a regex fragment for the name; it may be preceded by a prefix (`TF_VAR_`, `prod.`) and
 * followed by a short suffix (`_ID`-less names are the rule's business).
 */
export function keyed(key: string, value: string, suffix = "[\\w.-]{0,24}?"): RegExp {
  return new RegExp(
    `(?:${key})${suffix}[\`"']{0,2}[ \\t]{0,64}(?:=|:=|=>|:)[ \\t]{0,64}[\`"']{0,2}(${value})(?![A-Za-z0-9_+/=-])`,
    "i",
  );
}

/**
 * A token with a distinctive prefix, not glued to other word characters on either side (accented
 * Latin letters included: `Agronegócio…` holds no token).
 */
export function token(body: string, flags = ""): RegExp {
  return new RegExp(`(?<![A-Za-z0-9_\u00C0-\u024F-])(${body})(?![A-Za-z0-9_\u00C0-\u024F-])`, flags);
}
