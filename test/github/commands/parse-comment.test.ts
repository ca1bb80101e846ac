import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCommentCommands } from "../../../src/github/commands/parse-comment.js";
import { splitArguments } from "../../../src/github/commands/split-arguments.js";

describe("parseCommentCommands", () => {
  it("reads several commands in one comment, in order, with their lines", () => {
    const body = "Looks good.\r\n/stakpak plan -p network\r\n\r\n/stakpak deploy staging --project network\n/stakpak unlock";
    const { commands, errors } = parseCommentCommands(body);
    expect(errors).toEqual([]);
    expect(commands).toEqual([
      { name: "plan", project: "network", env: undefined, targets: [], text: undefined, canonical: "plan -p network", line: 2 },
      { name: "deploy", project: "network", env: "staging", targets: [], text: undefined, canonical: "deploy staging -p network", line: 4 },
      { name: "unlock", project: undefined, env: undefined, targets: [], text: undefined, canonical: "unlock", line: 5 },
    ]);
  });

  it("ignores quotes, code blocks, indented code, HTML comments and the prefix inside a sentence", () => {
    const body = [
      "> /stakpak apply",
      "   > /stakpak apply",
      "````sh",
      "/stakpak apply",
      "```",
      "/stakpak apply",
      "````",
      "~~~",
      "/stakpak apply",
      "~~~",
      "    /stakpak apply",
      "\t/stakpak apply",
      "<!-- template",
      "/stakpak apply",
      "-->",
      "<!-- /stakpak apply -->",
      "please run /stakpak apply later",
      "/stakpakapply",
      "  /stakpak plan",
    ].join("\n");
    const { commands, errors } = parseCommentCommands(body);
    expect(errors).toEqual([]);
    expect(commands.map((c) => [c.name, c.line])).toEqual([["plan", 19]]);
  });

  it("treats a bare prefix as help", () => {
    expect(parseCommentCommands("/stakpak").commands.map((c) => c.name)).toEqual(["help"]);
    expect(parseCommentCommands("/stakpak   ").commands.map((c) => c.name)).toEqual(["help"]);
  });

  it("uses a configured prefix and ignores the default one then", () => {
    const { commands } = parseCommentCommands("/stakpak apply\n/infra plan -e prod", { prefix: "/infra" });
    expect(commands.map((c) => c.canonical)).toEqual(["plan -e prod"]);
  });

  it("reads every line as a command with an empty prefix (the workflow's command input)", () => {
    const { commands, errors } = parseCommentCommands("plan -p network\ndeploy production --target 'module.db[\"a b\"]'", { prefix: "" });
    expect(errors).toEqual([]);
    expect(commands.map((c) => [c.name, c.env, c.targets])).toEqual([
      ["plan", undefined, []],
      ["deploy", "production", ['module.db["a b"]']],
    ]);
  });

  it("splits arguments like a shell: quotes, escapes, --flag=value, repeated --target", () => {
    const body = `/stakpak plan --target 'module.db["main"]' --target="aws_s3_bucket.logs" --target module.x\\[0\\] --env=staging`;
    const [command] = parseCommentCommands(body).commands;
    expect(command?.targets).toEqual(['module.db["main"]', "aws_s3_bucket.logs", "module.x[0]"]);
    expect(command?.env).toBe("staging");
    expect(command?.canonical).toBe(`plan -e staging --target 'module.db["main"]' --target aws_s3_bucket.logs --target 'module.x[0]'`);
  });

  it("reports every bad line with what is wrong, where, a hint and the usage", () => {
    const body = ["/stakpak aply", "/stakpak plan -x", "/stakpak plan -p", "/stakpak deploy", "/stakpak plan 'oops", "/stakpak review", "/stakpak plan -p Bad!"].join("\n");
    const { commands, errors } = parseCommentCommands(body);
    expect(commands).toEqual([]);
    expect(errors.map((e) => [e.line, e.kind, e.summary, e.hint, e.usage])).toEqual([
      [1, "unknown-command", "unknown command `aply`", "did you mean `/stakpak apply`?", undefined],
      [2, "unknown-flag", "unknown flag `-x`", "`plan` takes `-p/--project PROJECT`, `-e/--env ENV`, `--target ADDR`", "/stakpak plan [-p PROJECT] [-e ENV] [--target ADDR]..."],
      [3, "missing-value", "`-p` needs a value", "write `-p PROJECT`", "/stakpak plan [-p PROJECT] [-e ENV] [--target ADDR]..."],
      [4, "missing-argument", "`deploy` needs `<env>`", "write `/stakpak deploy <env> [-p PROJECT] [--target ADDR]...`", "/stakpak deploy <env> [-p PROJECT] [--target ADDR]..."],
      [5, "bad-quoting", "unterminated ' quote", "close the quote, or escape a literal ' with a backslash", undefined],
      [6, "unavailable", "`/stakpak review` is not available in this version", "use `/stakpak help` to list the commands", undefined],
      [7, "invalid-value", "`-p Bad!`: not a valid project name", "names use lowercase letters, digits, `.`, `_` and `-`, as in .stakpak/config.yml", "/stakpak plan [-p PROJECT] [-e ENV] [--target ADDR]..."],
    ]);
    expect(errors[1]?.where).toBe("line 2: /stakpak plan -x");
  });

  it("says a known flag is not taken by this command", () => {
    const [error] = parseCommentCommands("/stakpak unlock --target a.b").errors;
    expect(error?.summary).toBe("`unlock` does not take `--target`");
  });

  it("refuses a repeated single-valued flag and an extra argument", () => {
    const { errors } = parseCommentCommands("/stakpak plan -p a --project b\n/stakpak apply production");
    expect(errors.map((e) => e.kind)).toEqual(["repeated-flag", "unexpected-argument"]);
  });

  it("keeps user text with backticks from breaking the reply's code spans", () => {
    const [error] = parseCommentCommands("/stakpak pl`an").errors;
    expect(error?.summary).toBe("unknown command `` pl`an ``");
  });

  it("stops at the command limit", () => {
    const { commands, errors } = parseCommentCommands(Array(4).fill("/stakpak plan").join("\n"), { maxCommands: 3 });
    expect(commands).toHaveLength(3);
    expect(errors.map((e) => [e.kind, e.line])).toEqual([["too-many-commands", 4]]);
  });

  it("gives back the same command when its canonical text is parsed again", () => {
    const name = fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,12}$/);
    const target = fc.string({ minLength: 1, maxLength: 20 }).filter((t) => !/^\s|\s$|[\n\r\u201c\u201d\u2018\u2019]/.test(t) && !t.startsWith("-"));
    fc.assert(
      fc.property(fc.constantFrom("plan", "apply", "deploy"), fc.option(name, { nil: undefined }), name, fc.array(target, { maxLength: 3 }), (command, project, env, targets) => {
        const line = ["/stakpak", command, ...(command === "deploy" ? [env] : ["-e", env])].join(" ");
        const [first] = parseCommentCommands(line).commands;
        expect(first).toBeDefined();
        const full = { ...first!, project, targets };
        const canonical = parseCommentCommands(
          `/stakpak ${first!.canonical}${project ? ` -p ${project}` : ""}${targets.map((t) => ` --target '${t.replace(/'/g, `'\\''`)}'`).join("")}`,
        ).commands[0];
        expect(canonical).toMatchObject({ name: full.name, env, project, targets });
        const again = parseCommentCommands(canonical!.canonical, { prefix: "" }).commands[0];
        expect(again).toMatchObject({ name: full.name, env, project, targets, canonical: canonical!.canonical });
      }),
    );
  });
});

describe("splitArguments", () => {
  it("handles double-quote escapes and adjacent pieces", () => {
    expect(splitArguments(`a"b \\"c\\" \\d"'e f'  g\\ h`)).toEqual({ ok: true, words: ['ab "c" \\de f', "g h"] });
  });

  it("reads curly quotes typed on phones as straight ones", () => {
    expect(splitArguments("--target \u201cmodule.a b\u201d \u2018x y\u2019")).toEqual({ ok: true, words: ["--target", "module.a b", "x y"] });
  });

  it("reports an unterminated double quote", () => {
    expect(splitArguments('plan "a')).toMatchObject({ ok: false, problem: 'unterminated " quote' });
  });
});
