import type { Stdin } from "./shell-command.js";
import { literalTexts, type ShellWord } from "./shell-word.js";

/**
 * What a command prints, when that is known without running it: `echo`/`printf` of literal
 * words, `cat` of its known stdin. This lets `echo "DROP TABLE x" | psql` and
 * `cat <<EOF | bash` be judged on what the second command actually receives.
 */
export function knownStdout(argv: readonly ShellWord[], stdin: Stdin): string | null {
  const words = literalTexts(argv);
  if (words === null || words.length === 0) return null;
  const [name, ...args] = words;
  switch (name) {
    case "echo": {
      let i = 0;
      let newline = true;
      while (i < args.length && /^-[neE]+$/.test(args[i] ?? "")) {
        if (args[i]?.includes("n")) newline = false;
        i++;
      }
      return args.slice(i).join(" ") + (newline ? "\n" : "");
    }
    case "printf": {
      const [format, ...rest] = args;
      if (format === undefined || format === "--" || rest.length > 0 || format.includes("%")) return null;
      return format.replace(/\\n/g, "\n").replace(/\\t/g, "\t");
    }
    case "cat":
      if (args.length > 0 && !(args.length === 1 && args[0] === "-")) return null;
      if (stdin.kind === "heredoc") return stdin.literal ? stdin.text : null;
      if (stdin.kind === "pipe") return stdin.text;
      return null;
    default:
      return null;
  }
}
