import { readdir, readFile } from "node:fs/promises";
import { join, relative, resolve, sep } from "node:path";

/** Where a `resource` (or `data`) block is written. */
export interface BlockLocation {
  /** Path relative to the project directory, with `/` (`main.tf`, `modules/network/main.tf`). */
  file: string;
  /** 1-based line of the block's header: `resource "aws_s3_bucket" "logs" {`. */
  line: number;
  /** 1-based line of the block's closing brace. */
  endLine: number;
}

/** A top-level block of a .tf file, as far as locating resources needs. */
export interface TerraformBlock {
  kind: string;
  labels: string[];
  line: number;
  endLine: number;
  /** `source = "…"` of a module block, when it is a plain string. */
  source?: string;
}

interface ParsedAddress {
  /** Module call names from the root: `module.a[0].module.b.x.y` → ["a", "b"]. */
  modules: string[];
  mode: "resource" | "data";
  type: string;
  name: string;
}

/**
 * Finds, for each resource address of a plan, the block in the project's .tf files that declares
 * it: `aws_s3_bucket.logs["eu"]` → the `resource "aws_s3_bucket" "logs"` block, and
 * `module.network.aws_subnet.private[0]` → the block in the local module `network` calls
 * (`source = "./modules/network"`), through any depth of local modules. Addresses in remote
 * modules (registry, git) or no longer in the configuration are left out of the result.
 */
export async function locateResourceBlocks(projectDir: string, addresses: Iterable<string>): Promise<Map<string, BlockLocation>> {
  const root = resolve(projectDir);
  const dirs = new Map<string, Promise<FileBlock[]>>();
  const blocksIn = (dir: string): Promise<FileBlock[]> => {
    let blocks = dirs.get(dir);
    if (!blocks) {
      blocks = readDirBlocks(dir);
      dirs.set(dir, blocks);
    }
    return blocks;
  };

  const found = new Map<string, BlockLocation>();
  for (const address of addresses) {
    const parsed = parseResourceAddress(address);
    if (!parsed) continue;
    let dir: string | null = root;
    for (const call of parsed.modules) {
      const blocks: FileBlock[] = await blocksIn(dir);
      const source: string | undefined = blocks.find((b) => b.kind === "module" && b.labels[0] === call)?.source;
      dir = source && /^\.\.?\//.test(source) ? resolve(dir, source) : null;
      if (!dir) break;
    }
    if (!dir) continue;
    const block = (await blocksIn(dir)).find((b) => b.kind === parsed.mode && b.labels[0] === parsed.type && b.labels[1] === parsed.name);
    if (block) found.set(address, { file: relative(root, block.file).split(sep).join("/"), line: block.line, endLine: block.endLine });
  }
  return found;
}

type FileBlock = TerraformBlock & { file: string };

/** The blocks of every .tf file in a directory; override files last, so the first match is the declaration. */
async function readDirBlocks(dir: string): Promise<FileBlock[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith(".tf")).sort();
  } catch {
    return [];
  }
  const isOverride = (n: string): boolean => n === "override.tf" || n.endsWith("_override.tf");
  names.sort((a, b) => Number(isOverride(a)) - Number(isOverride(b)));
  const blocks: FileBlock[] = [];
  for (const name of names) {
    const file = join(dir, name);
    const text = await readFile(file, "utf8").catch(() => "");
    for (const block of scanTerraformBlocks(text)) blocks.push({ ...block, file });
  }
  return blocks;
}

/** `module.a["x.y"].module.b.aws_x.name[0]` → its parts; null for what is not a resource address. */
export function parseResourceAddress(address: string): ParsedAddress | null {
  const segments: string[] = [];
  let current = "";
  for (let i = 0; i < address.length; i++) {
    const c = address[i] as string;
    if (c === "[") {
      // Skip the index, quoted keys may hold dots and brackets.
      let depth = 0;
      for (; i < address.length; i++) {
        const d = address[i];
        if (d === '"') {
          for (i++; i < address.length && address[i] !== '"'; i++) if (address[i] === "\\") i++;
        } else if (d === "[") depth++;
        else if (d === "]" && --depth === 0) break;
      }
    } else if (c === ".") {
      segments.push(current);
      current = "";
    } else current += c;
  }
  segments.push(current);
  const modules: string[] = [];
  let at = 0;
  while (segments[at] === "module" && at + 1 < segments.length) {
    modules.push(segments[at + 1] as string);
    at += 2;
  }
  const rest = segments.slice(at);
  const [mode, type, name] = rest[0] === "data" ? ["data" as const, rest[1], rest[2]] : ["resource" as const, rest[0], rest[1]];
  if (!type || !name || rest.length !== (mode === "data" ? 3 : 2)) return null;
  return { modules, mode, type, name };
}

type Token = { kind: "ident" | "string" | "{" | "}" | "=" | "newline" | "other"; value: string; line: number };

/**
 * The top-level blocks of one .tf file (native HCL syntax): comments, strings with nested
 * template expressions and heredocs are skipped, so braces inside them do not count.
 */
export function scanTerraformBlocks(text: string): TerraformBlock[] {
  const tokens = tokenize(text);
  const blocks: TerraformBlock[] = [];
  let depth = 0;
  let open: TerraformBlock | null = null;
  let atLineStart = true;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.kind === "newline") {
      atLineStart = true;
      continue;
    }
    const startsStatement = atLineStart;
    atLineStart = false;
    if (t.kind === "{") {
      depth++;
      continue;
    }
    if (t.kind === "}") {
      depth = Math.max(0, depth - 1);
      if (depth === 0 && open) {
        open.endLine = t.line;
        blocks.push(open);
        open = null;
      }
      continue;
    }
    if (depth === 0 && startsStatement && t.kind === "ident") {
      const labels: string[] = [];
      let j = i + 1;
      while (tokens[j]?.kind === "string" || tokens[j]?.kind === "ident") labels.push((tokens[j++] as Token).value);
      if (tokens[j]?.kind === "{") {
        open = { kind: t.value, labels, line: t.line, endLine: t.line };
        i = j - 1;
      }
      continue;
    }
    if (depth === 1 && open?.kind === "module" && startsStatement && t.kind === "ident" && t.value === "source" && tokens[i + 1]?.kind === "=" && tokens[i + 2]?.kind === "string") {
      open.source = (tokens[i + 2] as Token).value;
    }
  }
  return blocks;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let i = 0;
  const n = text.length;
  const push = (kind: Token["kind"], value: string, at: number): void => {
    tokens.push({ kind, value, line: at });
  };

  /** Skips a quoted string starting at the quote; returns its plain value (null when templated) and the index after it. */
  const readString = (start: number): { value: string | null; end: number } => {
    let value = "";
    let plain = true;
    let k = start + 1;
    while (k < n) {
      const c = text[k] as string;
      if (c === "\\") {
        value += text[k + 1] ?? "";
        k += 2;
      } else if (c === '"') return { value: plain ? value : null, end: k + 1 };
      else if ((c === "$" || c === "%") && text[k + 1] === c && text[k + 2] === "{") {
        // `$${` and `%%{` are a literal `${` and `%{`.
        value += `${c}{`;
        k += 3;
      } else if ((c === "$" || c === "%") && text[k + 1] === "{") {
        plain = false;
        k = skipExpression(k + 2);
      } else {
        if (c === "\n") line++;
        value += c;
        k++;
      }
    }
    return { value: plain ? value : null, end: k };
  };

  /** Skips a template expression body up to its closing brace; strings inside may hold braces. */
  const skipExpression = (start: number): number => {
    let depth = 1;
    let k = start;
    while (k < n && depth > 0) {
      const c = text[k] as string;
      if (c === '"') k = readString(k).end;
      else {
        if (c === "{") depth++;
        else if (c === "}") depth--;
        else if (c === "\n") line++;
        k++;
      }
    }
    return k;
  };

  while (i < n) {
    const c = text[i] as string;
    if (c === "\n") {
      push("newline", "\n", line);
      line++;
      i++;
    } else if (c === " " || c === "\t" || c === "\r") i++;
    else if (c === "#" || (c === "/" && text[i + 1] === "/")) {
      while (i < n && text[i] !== "\n") i++;
    } else if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      const stop = end < 0 ? n : end + 2;
      for (let k = i; k < stop; k++) if (text[k] === "\n") line++;
      i = stop;
    } else if (c === '"') {
      const at = line;
      const { value, end } = readString(i);
      push(value === null ? "other" : "string", value ?? "", at);
      i = end;
    } else if (c === "<" && text[i + 1] === "<" && /^<<-?[A-Za-z_][\w-]*\r?\n/.test(text.slice(i, i + 200))) {
      const header = /^<<-?([A-Za-z_][\w-]*)\r?\n/.exec(text.slice(i, i + 200)) as RegExpExecArray;
      const marker = header[1] as string;
      push("other", "heredoc", line);
      i += header[0].length;
      line++;
      // Up to a line holding only the marker (indented with `<<-`, and in practice with `<<` too).
      while (i < n) {
        const eol = text.indexOf("\n", i);
        const end = eol < 0 ? n : eol;
        const content = text.slice(i, end).trim();
        i = end;
        if (content === marker) break;
        if (eol >= 0) {
          line++;
          i++;
        }
      }
    } else if (c === "{" || c === "}" || c === "=") {
      // `==`, `=>` are operators, not assignments.
      if (c === "=" && (text[i + 1] === "=" || text[i + 1] === ">")) {
        push("other", text.slice(i, i + 2), line);
        i += 2;
      } else {
        push(c, c, line);
        i++;
      }
    } else if (/[A-Za-z_]/.test(c)) {
      let k = i + 1;
      while (k < n && /[\w-]/.test(text[k] as string)) k++;
      push("ident", text.slice(i, k), line);
      i = k;
    } else {
      push("other", c, line);
      i++;
    }
  }
  return tokens;
}
