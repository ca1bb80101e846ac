import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, type ConfigProblem } from "../../../src/config/config-error.js";
import { checkRulebooks, loadRulebooks } from "../../../src/memory/rulebooks/load-rulebooks.js";
import { isRulebookPath, readRepositoryRulebooks, readRulebookDir } from "../../../src/memory/rulebooks/read-rulebook-dir.js";
import { REPOSITORY_ORIGIN, type RulebookFile } from "../../../src/memory/rulebooks/rulebook.js";

/** A repository with `.stakpak/rulebooks/<name>` files, read back from disk as the CLI reads them. */
async function repoWith(files: Record<string, string>): Promise<{ root: string; files: RulebookFile[] }> {
  const root = mkdtempSync(join(tmpdir(), "stakpak-rulebooks-"));
  mkdirSync(join(root, ".stakpak", "rulebooks"), { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, ".stakpak", "rulebooks", name), text);
  return { root, files: await readRepositoryRulebooks(root) };
}

async function problemsOf(files: Record<string, string>): Promise<ConfigProblem[]> {
  const { files: read } = await repoWith(files);
  return checkRulebooks([{ origin: REPOSITORY_ORIGIN, files: read }]).problems;
}

const TAGGING = ["---", "id: terraform-tagging", "description: How every AWS resource is tagged", "applies_to: ['infra/**/*.tf']", "commands: [agent, review]", "priority: 10", "---", "", "# Tagging", "", "Every resource has `owner` and `cost_center` tags.", ""].join("\n");

describe("loading rulebooks", () => {
  it("reads the front matter and the body of real files", async () => {
    const { files } = await repoWith({ "terraform-tagging.md": TAGGING, "naming.md": "---\ndescription: Names of things\nalways: true\n---\nUse kebab-case.\n", "notes.txt": "not a rulebook" });
    expect(files.map((f) => f.path)).toEqual([".stakpak/rulebooks/naming.md", ".stakpak/rulebooks/terraform-tagging.md"]);
    const set = loadRulebooks([{ origin: REPOSITORY_ORIGIN, files }]);
    expect(set.ids).toEqual(["naming", "terraform-tagging"]);
    expect(set.get("terraform-tagging")).toEqual({
      id: "terraform-tagging",
      description: "How every AWS resource is tagged",
      appliesTo: ["infra/**/*.tf"],
      commands: ["agent", "review"],
      priority: 10,
      always: false,
      body: "# Tagging\n\nEvery resource has `owner` and `cost_center` tags.",
      origin: "repository",
      path: ".stakpak/rulebooks/terraform-tagging.md",
    });
    // The id defaults to the file name; the other keys to "every path, every command, priority 0".
    expect(set.get("naming")).toMatchObject({ id: "naming", appliesTo: [], commands: [], priority: 0, always: true, body: "Use kebab-case." });
  });

  it("takes files from any source, each rulebook tagged with its origin", () => {
    const set = loadRulebooks([
      { origin: REPOSITORY_ORIGIN, files: [{ path: ".stakpak/rulebooks/a.md", text: "---\ndescription: A\n---\nbody a\n" }] },
      { origin: "acme/platform-rulebooks", files: [{ path: "rulebooks/b.md", text: "---\r\ndescription: B\r\n---\r\nbody b\r\n" }] },
    ]);
    expect(set.all.map((r) => [r.id, r.origin, r.body])).toEqual([
      ["a", "repository", "body a"],
      ["b", "acme/platform-rulebooks", "body b"],
    ]);
  });

  it("reports a directory that does not exist as no rulebooks, and finds rulebook paths in a listed tree", async () => {
    expect(await readRulebookDir(join(tmpdir(), "stakpak-no-such-dir-4711"), "x")).toEqual([]);
    expect([".stakpak/rulebooks/a.md", ".stakpak/rulebooks/sub/b.md", ".stakpak/config.yml", "a.md"].filter((p) => isRulebookPath(p))).toEqual([".stakpak/rulebooks/a.md"]);
  });
});

describe("rulebook problems, each with its file, line and key", () => {
  it("a file without front matter, and one whose front matter is never closed", async () => {
    const problems = await problemsOf({ "a.md": "# Just markdown\n", "b.md": "---\ndescription: B\nno closing fence\n" });
    expect(problems).toEqual([
      { file: ".stakpak/rulebooks/a.md", line: 1, column: 1, key: "", message: "the rulebook has no front matter", hint: expect.stringContaining("start the file with front matter") },
      { file: ".stakpak/rulebooks/b.md", line: 1, column: 1, key: "", message: "the front matter is never closed", hint: expect.stringContaining("`---`") },
    ]);
  });

  it("a missing description, on the opening fence of an empty front matter and at the mapping otherwise", async () => {
    const problems = await problemsOf({ "a.md": "---\n---\nbody\n", "b.md": "---\nid: b\npriority: 3\n---\nbody\n" });
    expect(problems.map((p) => [p.file, p.line, p.key, p.message])).toEqual([
      [".stakpak/rulebooks/a.md", 1, "description", "missing required key `description`"],
      [".stakpak/rulebooks/b.md", 2, "description", "missing required key `description`"],
    ]);
    expect(problems[0]!.hint).toContain("e.g. `description: ");
  });

  it("an unknown command, with the closest one", async () => {
    const [problem, ...rest] = await problemsOf({ "a.md": "---\ndescription: A\ncommands:\n  - agent\n  - reveiw\n---\nbody\n" });
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ line: 5, column: 5, key: "commands[1]", message: "the string `reveiw` is not a valid `commands`" });
    expect(problem!.hint).toMatch(/did you mean `review`\?.*agent/);
  });

  it("bad globs: unclosed brackets, absolute paths, negations, `..`, empty ones", async () => {
    const text = ["---", "description: A", "applies_to:", "  - 'infra/[ab/*.tf'", "  - /etc/passwd", "  - '!infra/**'", "  - ../other/**", "  - ''", "  - 'infra\\modules\\*.tf'", "  - infra/**", "---", "body", ""].join("\n");
    const problems = await problemsOf({ "a.md": text });
    expect(problems.map((p) => [p.line, p.key])).toEqual([
      [4, "applies_to[0]"],
      [5, "applies_to[1]"],
      [6, "applies_to[2]"],
      [7, "applies_to[3]"],
      [8, "applies_to[4]"],
      [9, "applies_to[5]"],
    ]);
    expect(problems.map((p) => p.message)).toEqual([
      "`infra/[ab/*.tf` has a `[` that is never closed",
      "`/etc/passwd` is an absolute path",
      "`!infra/**` is a negation, which applies_to does not take",
      "`../other/**` has a `.` or `..` segment, which repository paths never have",
      "an empty glob matches nothing",
      "`infra\\modules\\*.tf` separates directories with `\\`, which repository paths never use",
    ]);
  });

  it("an unknown front-matter key, pointed at the key, with the closest one", async () => {
    const [problem, ...rest] = await problemsOf({ "a.md": "---\ndescription: A\napplies-to: [infra/**]\n---\nbody\n" });
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ line: 3, column: 1, key: "applies-to", message: "unknown key `applies-to`" });
    expect(problem!.hint).toMatch(/did you mean `applies_to`\?/);
  });

  it("front matter that is not a mapping", async () => {
    const problems = await problemsOf({ "a.md": "---\n- id: a\n- description: A\n---\nbody\n", "b.md": "---\njust some words\n---\nbody\n" });
    expect(problems.map((p) => [p.file, p.line, p.message])).toEqual([
      [".stakpak/rulebooks/a.md", 2, "the front matter must be a mapping of keys, got a list"],
      [".stakpak/rulebooks/b.md", 2, "the front matter must be a mapping of keys, got the text `just some words`"],
    ]);
  });

  it("duplicate ids, reported on the second with the first's place, across origins too", async () => {
    const { files } = await repoWith({ "a.md": "---\nid: shared\ndescription: A\n---\nbody\n", "b.md": "---\ndescription: B\nid: shared\n---\nbody\n" });
    const { problems, rulebooks } = checkRulebooks([
      { origin: REPOSITORY_ORIGIN, files },
      { origin: "acme/rules", files: [{ path: "shared.md", text: "---\ndescription: C\n---\nbody\n" }] },
    ]);
    expect(problems).toEqual([
      { file: ".stakpak/rulebooks/b.md", line: 3, column: 5, key: "id", message: "the id `shared` is already taken by .stakpak/rulebooks/a.md:2", hint: expect.stringContaining("unique") },
      { file: "acme/rules:shared.md", line: 1, column: 1, key: "id", message: "the id `shared` is already taken by .stakpak/rulebooks/a.md:2", hint: expect.stringContaining("unique") },
    ]);
    // The first keeps its id; the others are left out.
    expect(rulebooks.map((r) => r.path)).toEqual([".stakpak/rulebooks/a.md"]);
  });

  it("wrong types, bad ids, a multi-line description, a YAML syntax error and an empty body", async () => {
    const problems = await problemsOf({
      "a.md": "---\nid: Terraform Tags\ndescription: |\n  two\n  lines\npriority: high\nalways: yes\n---\nbody\n",
      "b.md": "---\ndescription: [unclosed\n---\nbody\n",
      "c.md": "---\ndescription: C\n---\n\n\n",
      "Bad Name.md": "---\ndescription: D\n---\nbody\n",
    });
    // Files come in name order (upper case first), problems in line order within a file.
    expect(problems.map((p) => [p.file.replace(".stakpak/rulebooks/", ""), p.line, p.key, p.message])).toEqual([
      ["Bad Name.md", 1, "", "the file name gives the id `Bad Name`, which is not a valid rulebook id"],
      ["a.md", 2, "id", "`Terraform Tags` is not a valid rulebook id"],
      ["a.md", 3, "description", "the description is more than one line"],
      ["a.md", 6, "priority", "expected a number, got the string `high`"],
      ["a.md", 7, "always", "expected true or false, got the string `yes`"],
      ["b.md", 2, "", expect.stringMatching(/^YAML syntax error: .*end with a \]/)],
      ["c.md", 4, "", "the rulebook has no text after its front matter"],
    ]);
  });

  it("throws them all as one ConfigError, printed like the config's", async () => {
    const { files } = await repoWith({ "a.md": "---\ndescription: A\ncommands: [deploy, shipit]\n---\nbody\n", "b.md": "no front matter\n" });
    let caught: unknown;
    try {
      loadRulebooks([{ origin: REPOSITORY_ORIGIN, files }]);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const error = caught as ConfigError;
    expect(error.exitCode).toBe(2);
    expect(error.format()).toMatch(/^Error: \.stakpak\/rulebooks: 2 problems in the rulebooks\n\n\.stakpak\/rulebooks\/a\.md:3:20 {2}commands\[1\]: the string `shipit` is not a valid `commands`\n {4}hint: valid values: .*\n\.stakpak\/rulebooks\/b\.md:1:1 {2}the rulebook has no front matter/);
  });
});
