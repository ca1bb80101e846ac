import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_AGENT_REQUEST_LENGTH } from "../../../src/config/command-table.js";
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

describe("parseCommentCommands: requests for the agent", () => {
  const request = (text: string) => ({ name: "agent", project: undefined, env: undefined, targets: [], text, canonical: `agent ${text}`, line: 1 });

  it("reads a line whose first word is not a command as a request, the whole text after the prefix", () => {
    expect(parseCommentCommands("/stakpak add a private S3 bucket for access logs to staging")).toEqual({
      commands: [request("add a private S3 bucket for access logs to staging")],
      errors: [],
    });
  });

  it("reads `ask` and `agent` as explicit requests, canonical `agent <text>`", () => {
    expect(parseCommentCommands("/stakpak ask plan the bucket rename").commands).toEqual([request("plan the bucket rename")]);
    expect(parseCommentCommands("/stakpak agent   help me   with\tthis  ").commands).toEqual([request("help me   with\tthis")]);
  });

  it("keeps the text as typed: no shell quoting, flags inside the text are text", () => {
    expect(parseCommentCommands("/stakpak don't make the bucket public").commands[0]?.text).toBe("don't make the bucket public");
    expect(parseCommentCommands(`/stakpak rename "logs" to 'access-logs' -p network --force`).commands[0]?.text).toBe(`rename "logs" to 'access-logs' -p network --force`);
    expect(parseCommentCommands("/stakpak use \u201ccurly\u201d quotes").commands[0]?.text).toBe("use \u201ccurly\u201d quotes");
  });

  it("reads a single unknown word as a request unless a command is close to it", () => {
    expect(parseCommentCommands("/stakpak refactor").commands).toEqual([request("refactor")]);
    const { commands, errors } = parseCommentCommands("/stakpak plna\n/stakpak aks");
    expect(commands).toEqual([]);
    expect(errors.map((e) => [e.kind, e.hint])).toEqual([
      ["unknown-command", "did you mean `/stakpak plan`?"],
      ["unknown-command", "did you mean `/stakpak ask`?"],
    ]);
  });

  it("keeps a word followed only by flags an unknown command, and a leading flag too", () => {
    const { commands, errors } = parseCommentCommands("/stakpak aply -p net\n/stakpak destroy --force -e production\n/stakpak -p network");
    expect(commands).toEqual([]);
    expect(errors.map((e) => [e.line, e.kind, e.summary, e.hint])).toEqual([
      [1, "unknown-command", "unknown command `aply`", "did you mean `/stakpak apply`?"],
      [2, "unknown-command", "unknown command `destroy`", "use `/stakpak help` to list the commands; a request for the agent is written `/stakpak ask ...`"],
      [3, "unknown-command", "unknown command `-p`", "use `/stakpak help` to list the commands; a request for the agent is written `/stakpak ask ...`"],
    ]);
  });

  it("parses a known command as that command, and points at `ask` when it gets words it does not take", () => {
    const [error] = parseCommentCommands("/stakpak plan the bucket").errors;
    expect(error).toMatchObject({ kind: "unexpected-argument", command: "plan", hint: "write `/stakpak plan [-p PROJECT] [-e ENV] [--target ADDR]...`; a request for the agent is written `/stakpak ask ...`" });
    expect(parseCommentCommands("/infra apply now", { prefix: "/infra" }).errors[0]?.hint).toContain("written `/infra ask ...`");
  });

  it("keeps the unavailable commands unavailable, whatever follows them", () => {
    expect(parseCommentCommands("/stakpak remember staging is shared with QA").errors.map((e) => e.kind)).toEqual(["unavailable"]);
    expect(parseCommentCommands("/stakpak review the change please").errors.map((e) => e.kind)).toEqual(["unavailable"]);
  });

  it("needs text after `ask` and `agent`", () => {
    const { errors } = parseCommentCommands("/stakpak ask\n/stakpak agent", { maxCommands: 10 });
    expect(errors.map((e) => [e.line, e.kind, e.command, e.summary, e.hint, e.usage])).toEqual([
      [1, "missing-argument", "agent", "`ask` needs `<request>`", "write `/stakpak ask <request...>`", "/stakpak agent <request...>"],
      [2, "missing-argument", "agent", "`agent` needs `<request>`", "write `/stakpak agent <request...>`", "/stakpak agent <request...>"],
    ]);
  });

  it(`refuses a request longer than ${MAX_AGENT_REQUEST_LENGTH} characters, saying the limit`, () => {
    expect(parseCommentCommands(`/stakpak ${"a".repeat(MAX_AGENT_REQUEST_LENGTH)}`).commands[0]?.text).toHaveLength(MAX_AGENT_REQUEST_LENGTH);
    const { commands, errors } = parseCommentCommands(`/stakpak ${"a".repeat(MAX_AGENT_REQUEST_LENGTH + 1)}`);
    expect(commands).toEqual([]);
    expect(errors[0]).toMatchObject({ kind: "invalid-value", command: "agent", summary: `the request is ${MAX_AGENT_REQUEST_LENGTH + 1} characters long; at most ${MAX_AGENT_REQUEST_LENGTH} are read` });
  });

  it("refuses a request that shares its comment with other commands, on the request's line", () => {
    const { commands, errors } = parseCommentCommands("Two things:\n/stakpak plan -p network\n/stakpak add a bucket for the logs");
    expect(commands.map((c) => c.canonical)).toEqual(["plan -p network"]);
    expect(errors).toEqual([
      {
        kind: "agent-not-alone",
        command: "agent",
        summary: "a request for the agent must be the only command of its comment; this one has 1 other command line",
        where: "line 3: /stakpak add a bucket for the logs",
        hint: "put the request in a comment of its own",
        usage: "/stakpak agent <request...>",
        line: 3,
        source: "/stakpak add a bucket for the logs",
      },
    ]);
  });

  it("refuses two requests in one comment, and a request next to a bad line or a bare prefix, in line order", () => {
    const two = parseCommentCommands("/stakpak add a bucket\n/stakpak ask tag it");
    expect(two.commands).toEqual([]);
    expect(two.errors.map((e) => [e.line, e.kind])).toEqual([
      [1, "agent-not-alone"],
      [2, "agent-not-alone"],
    ]);
    const mixed = parseCommentCommands("/stakpak plan -x\n/stakpak add a bucket\n/stakpak");
    expect(mixed.commands.map((c) => c.name)).toEqual(["help"]);
    expect(mixed.errors.map((e) => [e.line, e.kind])).toEqual([
      [1, "unknown-flag"],
      [2, "agent-not-alone"],
    ]);
  });

  it("does not read requests from code blocks, quotes or HTML comments, nor a bare prefix as one", () => {
    const body = ["> /stakpak add a bucket", "```", "/stakpak add a bucket", "```", "<!-- /stakpak add a bucket -->", "    /stakpak add a bucket", "/stakpak"].join("\n");
    expect(parseCommentCommands(body).commands.map((c) => c.name)).toEqual(["help"]);
  });

  it("with no prefix (canonical commands) reads only a named request: other words are unknown commands", () => {
    expect(parseCommentCommands("agent add a bucket", { prefix: "" }).commands.map((c) => c.text)).toEqual(["add a bucket"]);
    const { commands, errors } = parseCommentCommands("destroy everything\nrefactor", { prefix: "" });
    expect(commands).toEqual([]);
    expect(errors.map((e) => [e.kind, e.hint])).toEqual([
      ["unknown-command", "use `help` to list the commands; a request for the agent is written `ask ...`"],
      ["unknown-command", "use `help` to list the commands; a request for the agent is written `ask ...`"],
    ]);
  });

  it("gives back the same request when its canonical text is parsed again with no prefix", () => {
    const odd = [
      "don't make the bucket public",
      `rename "logs" to 'access-logs'`,
      "escape \\ backslashes \\\\ and \\n",
      "run $(whoami) and `id` and ${HOME}",
      "add --force -p network --target=aws_s3_bucket.x",
      "unbalanced ' and \" quotes",
      "ünïcødé bücket 日本語 🪣 \u201ccurly\u201d",
      "tabs\tinside   and trailing spaces   ",
      "# not a heading, > not a quote, <!-- not a comment",
      "plan the bucket",
      "-- a leading double dash",
    ];
    for (const text of odd) {
      const [command] = parseCommentCommands(`/stakpak ask ${text}`).commands;
      expect(command?.text, text).toBe(text.trim());
      expect(command?.canonical).toBe(`agent ${text.trim()}`);
      const again = parseCommentCommands(command!.canonical, { prefix: "" });
      expect(again, text).toEqual({ commands: [{ ...command, line: 1 }], errors: [] });
    }
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 80, unit: "grapheme" }), (raw) => {
        const text = raw.replace(/[\r\n]/g, " ");
        const [command] = parseCommentCommands(`/stakpak agent ${text}`).commands;
        if (text.trim() === "") return;
        expect(command?.text).toBe(text.trim());
        expect(parseCommentCommands(command!.canonical, { prefix: "" }).commands[0]?.text).toBe(text.trim());
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
