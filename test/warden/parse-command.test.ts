import { beforeAll, describe, expect, it } from "vitest";
import { loadBashParser, type BashParser } from "../../src/warden/bash-parser.js";
import { parseCommandLine } from "../../src/warden/parse-command.js";
import type { ParsedLine, SimpleCommand } from "../../src/warden/shell-command.js";

let parser: BashParser;
beforeAll(async () => {
  parser = await loadBashParser();
});

const WS = "/work/repo";

function parse(line: string): ParsedLine {
  return parseCommandLine(parser, line, { cwds: [WS] });
}

/** argv of each command, unknown words shown as <source>. */
function argvs(line: string): string[][] {
  return parse(line).commands.map((c) => c.argv.map((w) => (w.literal ? w.text : `<${w.text}>`)));
}

function only(line: string, index = 0): SimpleCommand {
  const command = parse(line).commands[index];
  if (!command) throw new Error(`no command ${index} in ${line}`);
  return command;
}

describe("parseCommandLine: the simple commands a line would run", () => {
  it("splits lists, pipelines, subshells and substitutions", () => {
    expect(argvs("echo hi && ls -la /tmp | grep x; (cd a && echo b) || echo $(date +%s)")).toEqual([
      ["echo", "hi"],
      ["ls", "-la", "/tmp"],
      ["grep", "x"],
      ["cd", "a"],
      ["echo", "b"],
      ["date", "+%s"],
      ["echo", "<$(date +%s)>"],
    ]);
  });

  it("walks if/while/for/case bodies and function bodies", () => {
    expect(argvs("if true; then echo a; fi; for i in 1 2; do echo $i; done; case x in a) ls;; esac; f() { pwd; }")).toEqual([
      ["true"],
      ["echo", "a"],
      ["echo", "<$i>"],
      ["ls"],
      ["pwd"],
    ]);
  });

  it("removes quotes and escapes the way the shell does", () => {
    expect(argvs(`'r''m' "-rf" \\/opt a\\ b "x"'y'z $'\\x72m'`)).toEqual([["rm", "-rf", "/opt", "a b", "xyz", "rm"]]);
  });

  it("substitutes variables set earlier on the line, and only those", () => {
    expect(argvs("X=rm; $X -rf /opt; ${X} a; $Y b")).toEqual([[], ["rm", "-rf", "/opt"], ["rm", "a"], ["<$Y>", "b"]]);
  });

  it("keeps an unquoted variable holding spaces unknown (it would split)", () => {
    expect(argvs(`A="a b"; echo $A "$A"`)).toEqual([[], ["echo", "<$A>", "a b"]]);
  });

  it("marks brace expansion and globs", () => {
    const cmd = only("rm -rf x{1,2} *.log '*.txt'");
    expect(cmd.argv[2]?.literal).toBe(false);
    expect(cmd.argv[3]).toMatchObject({ text: "*.log", literal: true, glob: true });
    expect(cmd.argv[4]).toMatchObject({ text: "*.txt", literal: true, glob: false });
  });

  it("follows cd: certain after &&, both places after ;, unknown after cd $X", () => {
    expect(only("cd /etc && ls", 1).context.cwds).toEqual(["/etc"]);
    expect(only("cd /etc; ls", 1).context.cwds).toEqual([WS, "/etc"]);
    expect(only("cd $DIR && ls", 1).context.cwds).toBeNull();
    expect(only("cd ~ && ls", 1).context.cwds).toEqual(["/~home"]);
    // A subshell's cd does not last.
    expect(only("(cd /etc); ls", 1).context.cwds).toEqual([WS]);
  });

  it("gives a pipe the text an echo or a heredoc produced", () => {
    expect(only("echo 'DROP TABLE x;' | psql", 1).stdin).toEqual({ kind: "pipe", from: "echo 'DROP TABLE x;'", text: "DROP TABLE x;\n" });
    expect(only("curl https://x | bash", 1).stdin).toMatchObject({ kind: "pipe", text: null });
  });

  it("handles the grammar putting `| next && more` inside the heredoc node", () => {
    const parsed = parse("cat <<EOF | psql && echo ok\nDROP TABLE users;\nEOF");
    expect(parsed.commands.map((c) => c.argv[0]?.text)).toEqual(["cat", "psql", "echo"]);
    expect(parsed.commands[0]?.stdin).toEqual({ kind: "heredoc", text: "DROP TABLE users;\n", literal: true });
    expect(parsed.commands[1]?.stdin).toMatchObject({ kind: "pipe", text: "DROP TABLE users;\n" });
    expect(parsed.commands[2]?.stdin).toEqual({ kind: "inherit" });
  });

  it("marks an unquoted heredoc with expansions as not literal and runs its substitutions", () => {
    const parsed = parse("cat <<EOF\n$(whoami) $HOME\nEOF");
    expect(parsed.commands.map((c) => c.argv[0]?.text)).toEqual(["whoami", "cat"]);
    expect(parsed.commands[1]?.stdin).toMatchObject({ kind: "heredoc", literal: false });
    expect(only("cat <<'EOF'\n$(whoami)\nEOF").stdin).toEqual({ kind: "heredoc", text: "$(whoami)\n", literal: true });
  });

  it("records redirections as file writes with the command's directory", () => {
    const parsed = parse("cd /etc && echo x > hosts 2>/dev/null; echo y >> log.txt; echo z 2>&1");
    expect(parsed.fileWrites.map((w) => [w.path.text, w.mode, w.context.cwds])).toEqual([
      ["hosts", "truncate", ["/etc"]],
      ["/dev/null", "truncate", ["/etc"]],
      ["log.txt", "append", [WS, "/etc"]],
    ]);
  });

  it("gives words after a redirection's target back to the command, as bash does", () => {
    // The grammar files them as more destinations of the redirection.
    expect(argvs("rm > /dev/null -rf /opt/app")).toEqual([["rm", "-rf", "/opt/app"]]);
    expect(argvs("kubectl 2>/dev/null delete ns prod")).toEqual([["kubectl", "delete", "ns", "prod"]]);
    expect(parse("rm > /dev/null -rf /opt/app").fileWrites.map((w) => w.path.text)).toEqual(["/dev/null"]);
  });

  it("reports a redirection split over lines (bash rejects it) as a syntax problem", () => {
    expect(parse("ls <<<\nkubectl delete ns prod").problems.map((p) => p.kind)).toEqual(["syntax"]);
    expect(parse("ls >\nout.txt").problems.map((p) => p.kind)).toEqual(["syntax"]);
  });

  it("records a redirection that has no command (it still truncates the file)", () => {
    expect(parse("> /etc/motd").fileWrites.map((w) => [w.path.text, w.mode])).toEqual([["/etc/motd", "truncate"]]);
  });

  it("reads a here-string as stdin", () => {
    expect(only("bash <<< 'rm -rf /'").stdin).toEqual({ kind: "heredoc", text: "rm -rf /\n", literal: true });
  });

  it("reports a syntax error with its position and still lists what it could parse", () => {
    const parsed = parse("echo 'unterminated");
    expect(parsed.problems[0]?.kind).toBe("syntax");
    expect(parsed.problems[0]?.message).toMatch(/1:\d+/);
  });

  it("does not list calls of functions defined on the line (their bodies are listed)", () => {
    expect(argvs("cleanup() { rm -rf /tmp/x; }; cleanup")).toEqual([["rm", "-rf", "/tmp/x"]]);
  });

  it("joins a $\"...\" translated string into one word", () => {
    expect(argvs(`echo $"hello"`)).toEqual([["echo", "hello"]]);
  });

  it("lists prefix assignments and export as commands carrying their variables", () => {
    const cmd = only("LD_PRELOAD=/tmp/x.so ls");
    expect([...cmd.assignments.keys()]).toEqual(["LD_PRELOAD"]);
    expect(only("export PATH=/tmp:$PATH").argv.map((w) => w.text)).toEqual(["export"]);
    expect([...only("export PATH=/tmp:$PATH").assignments.keys()]).toEqual(["PATH"]);
  });

  it("gives up on absurd nesting instead of overflowing the stack", () => {
    const deep = `${"( ".repeat(400)}ls${" )".repeat(400)}`;
    expect(parse(deep).problems.some((p) => p.kind === "too-deep" || p.kind === "syntax")).toBe(true);
  });
});
