import type { ShellWord } from "./shell-word.js";

export interface ArgSpec {
  /** Options that take a value (`--profile`, `-n`); `--opt=value` works for any option. */
  valued?: readonly string[];
  /** Short options whose value is optional and only ever attached (`mysql -pSECRET`; `-p` alone asks). */
  attachedValue?: readonly string[];
  /** Single-dash options are whole words (`-destroy`, `-target=x`), as in terraform and find. */
  singleDashLong?: boolean;
  /** Stop reading options at the first positional (the rest belongs to a subcommand or program). */
  stopAtPositional?: boolean;
  /**
   * With `stopAtPositional`: this many positionals belong to the tool itself, and options may
   * follow them (`ssh HOST -p 22 CMD`: OpenSSH reads options again after the host).
   */
  ownPositionals?: number;
}

export interface ScannedArgs {
  /** Non-option words, in order. */
  positionals: ShellWord[];
  /** Option name (with dashes) to every value given (a flag without value gets an empty word). */
  options: Map<string, ShellWord[]>;
  /** Words after `--`, or after the first positional with `stopAtPositional` (that positional included). */
  rest: ShellWord[];
  /** A word that starts like an option but is not known statically (`--$FLAG`). */
  opaqueOptions: ShellWord[];
}

const EMPTY: ShellWord = { text: "", literal: true, glob: false };

/** Reads command-line options the way most tools do (getopt-style), without knowing every tool's flags. */
export function scanArgs(args: readonly ShellWord[], spec: ArgSpec = {}): ScannedArgs {
  const valued = new Set(spec.valued ?? []);
  const out: ScannedArgs = { positionals: [], options: new Map(), rest: [], opaqueOptions: [] };
  const own = spec.ownPositionals ?? 0;
  // With stopAtPositional, a positional ends the options unless it is one of the tool's own.
  const stopsHere = () => spec.stopAtPositional === true && out.positionals.length >= own;
  const add = (name: string, value: ShellWord) => {
    const list = out.options.get(name);
    if (list) list.push(value);
    else out.options.set(name, [value]);
  };
  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    if (!word) continue;
    const text = word.text;
    if (!word.literal) {
      if (text.startsWith("-")) out.opaqueOptions.push(word);
      else if (stopsHere()) {
        out.rest = args.slice(i);
        return out;
      } else out.positionals.push(word);
      continue;
    }
    if (text === "--") {
      out.rest = args.slice(i + 1);
      return out;
    }
    if (text.startsWith("--") || (spec.singleDashLong && text.startsWith("-") && text.length > 1)) {
      const eq = text.indexOf("=");
      if (eq !== -1) {
        add(text.slice(0, eq), { ...word, text: text.slice(eq + 1) });
      } else if (valued.has(text) && i + 1 < args.length) {
        add(text, args[++i] ?? EMPTY);
      } else {
        add(text, EMPTY);
      }
      continue;
    }
    // `-0`, `-5` are flags too (`xargs -0`, `head -5`, `nice -10 CMD`): a getopt tool reads them so,
    // and taking them for positionals would end a wrapper's options early.
    if (text.startsWith("-") && text.length > 1) {
      // A cluster of short flags (`-rf`), where a valued flag takes the rest of the word or the next one.
      for (let j = 1; j < text.length; j++) {
        const flag = `-${text[j]}`;
        if (spec.attachedValue?.includes(flag)) {
          add(flag, { ...word, text: text.slice(j + 1) });
          break;
        }
        if (valued.has(flag)) {
          const attached = text.slice(j + 1);
          if (attached) add(flag, { ...word, text: attached });
          else add(flag, args[++i] ?? EMPTY);
          break;
        }
        add(flag, EMPTY);
      }
      continue;
    }
    if (stopsHere()) {
      out.rest = args.slice(i);
      return out;
    }
    out.positionals.push(word);
  }
  return out;
}

/** True when any of the names was given. */
export function hasOption(scanned: Pick<ScannedArgs, "options">, ...names: string[]): boolean {
  return names.some((n) => scanned.options.has(n));
}

/** The last value given for any of the names. */
export function optionValue(scanned: Pick<ScannedArgs, "options">, ...names: string[]): ShellWord | undefined {
  let found: ShellWord | undefined;
  for (const n of names) {
    const values = scanned.options.get(n);
    if (values && values.length > 0) found = values[values.length - 1];
  }
  return found;
}

/** Every value given for any of the names. */
export function optionValues(scanned: Pick<ScannedArgs, "options">, ...names: string[]): ShellWord[] {
  return names.flatMap((n) => scanned.options.get(n) ?? []);
}
