import { commandSpec, takesFreeText, type CommandName } from "../../config/command-table.js";
import { quoteArgument } from "./split-arguments.js";

export interface CommandParts {
  name: CommandName;
  project: string | undefined;
  env: string | undefined;
  targets: readonly string[];
  text: string | undefined;
}

/**
 * The canonical text of a command, without the prefix: positionals first, then `-p`, `-e` and
 * each `--target`, quoted so that parsing it again gives the same command. This is what the App
 * passes to the workflow, so the workflow runs exactly what was authorized. A free-text command
 * (`agent`) is its name and the text as typed: the parser reads that text unquoted too.
 */
export function formatCommand(command: CommandParts): string {
  const spec = commandSpec(command.name);
  if (takesFreeText(spec)) return command.text === undefined ? spec.name : `${spec.name} ${command.text}`;
  const words: string[] = [command.name];
  let envWritten = false;
  for (const arg of spec.args) {
    if (arg.into === "env" && command.env !== undefined) {
      words.push(command.env);
      envWritten = true;
    } else if (arg.into === "text" && command.text !== undefined) {
      words.push(command.text);
    }
  }
  if (command.project !== undefined) words.push("-p", command.project);
  if (command.env !== undefined && !envWritten) words.push("-e", command.env);
  for (const target of command.targets) words.push("--target", target);
  return words.map((w, i) => (i === 0 ? w : quoteArgument(w))).join(" ");
}
