import type { ShellWord } from "./shell-word.js";

export interface InterpreterArgSpec {
  /** Options that carry code: `-c`, `-e`, `--eval`. */
  code: readonly string[];
  /** Other options that take a value: `-m`, `-r`, `--require`. */
  valued: readonly string[];
}

export interface InterpreterArgs {
  /** Every piece of code given on the command line (a word that is not literal stays unknown). */
  code: ShellWord[];
  /** Option name to its values (flags get an empty word). */
  options: Map<string, ShellWord[]>;
  /** The script and its arguments (what follows the options). */
  rest: ShellWord[];
}

const EMPTY: ShellWord = { text: "", literal: true, glob: false };

/**
 * Reads an interpreter's options the way the interpreters do, clusters included: in `node -pe
 * CODE` or `perl -lne CODE` the code is the next word, while in `python -cCODE` or
 * `perl -e'CODE'` it is attached. A remainder made only of letters is more flags, not code (code
 * without punctuation cannot call anything). An option that is not known statically is treated
 * as code, so it is judged as unknown rather than skipped.
 */
export function scanInterpreterArgs(args: readonly ShellWord[], spec: InterpreterArgSpec): InterpreterArgs {
  const out: InterpreterArgs = { code: [], options: new Map(), rest: [] };
  const add = (name: string, value: ShellWord) => out.options.set(name, [...(out.options.get(name) ?? []), value]);
  for (let i = 0; i < args.length; i++) {
    const w = args[i] as ShellWord;
    if (!w.literal) {
      if (w.text.startsWith("-")) {
        out.code.push(w);
        continue;
      }
      out.rest = args.slice(i);
      return out;
    }
    if (w.text === "--") {
      out.rest = args.slice(i + 1);
      return out;
    }
    if (w.text.startsWith("--")) {
      const eq = w.text.indexOf("=");
      const name = eq === -1 ? w.text : w.text.slice(0, eq);
      const takes = spec.code.includes(name) || spec.valued.includes(name);
      const value = eq !== -1 ? { ...w, text: w.text.slice(eq + 1) } : takes ? (args[++i] ?? EMPTY) : EMPTY;
      add(name, value);
      if (spec.code.includes(name)) out.code.push(value);
      continue;
    }
    if (w.text.startsWith("-") && w.text.length > 1) {
      for (let j = 1; j < w.text.length; j++) {
        const flag = `-${w.text[j]}`;
        const remainder = w.text.slice(j + 1);
        const isCode = spec.code.includes(flag);
        if (isCode || spec.valued.includes(flag)) {
          const attached = remainder !== "" && !(isCode && /^[A-Za-z]+$/.test(remainder));
          const value = attached ? { ...w, text: remainder } : (args[++i] ?? EMPTY);
          add(flag, value);
          if (isCode) out.code.push(value);
          break;
        }
        add(flag, EMPTY);
      }
      continue;
    }
    out.rest = args.slice(i);
    return out;
  }
  return out;
}
