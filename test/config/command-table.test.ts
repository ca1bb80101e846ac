import { describe, expect, it } from "vitest";
import { COMMANDS, CONFIGURABLE_COMMANDS, FLAGS, availableCommands, findCommand, takesFreeText, usageOf, type CommandSpec } from "../../src/config/command-table.js";
import { parseCommentCommands } from "../../src/github/commands/parse-comment.js";

describe("command table", () => {
  const table: readonly CommandSpec[] = COMMANDS;

  for (const spec of table) {
    describe(spec.name, () => {
      it.each(spec.examples.valid.map((line) => [line]))("accepts %s", (line) => {
        const { commands, errors } = parseCommentCommands(line);
        expect(errors).toEqual([]);
        expect(commands.map((c) => c.name)).toEqual([spec.name]);
      });

      it.each(spec.examples.invalid.map((line) => [line]))("rejects %s", (line) => {
        const { commands, errors } = parseCommentCommands(line);
        expect(commands).toEqual([]);
        expect(errors).toHaveLength(1);
        if (spec.available) expect(errors[0]?.kind).not.toBe("unavailable");
        else expect(errors[0]?.kind).toBe("unavailable");
      });
    });
  }

  it("has unique names, known flags and a one-line help for every command", () => {
    const names = table.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    for (const spec of table) {
      for (const flag of spec.flags) expect(Object.keys(FLAGS)).toContain(flag);
      expect(spec.help).not.toContain("\n");
      // An available command must prove itself with examples; an unavailable one must show it is refused.
      if (spec.available) expect(spec.examples.valid.length).toBeGreaterThan(0);
      else expect(spec.examples.invalid.length).toBeGreaterThan(0);
    }
  });

  it("makes only help, plan, apply, deploy, unlock and agent available; the rest wait for their features", () => {
    expect(availableCommands().map((c) => c.name)).toEqual(["help", "plan", "apply", "deploy", "unlock", "agent"]);
    expect(table.filter((c) => !c.available).map((c) => c.name)).toEqual(["review", "drift", "remember", "feedback"]);
  });

  it("lets the config set roles for every command except help", () => {
    expect(CONFIGURABLE_COMMANDS).toEqual(["plan", "apply", "deploy", "unlock", "review", "drift", "remember", "feedback", "agent"]);
  });

  it("finds the agent by its alias ask, and gives it the write permission by default", () => {
    expect(findCommand("ask")?.name).toBe("agent");
    expect(findCommand("agent")).toMatchObject({ runsCode: true, runsIn: "workflow", defaultRoles: ["permission:write"], flags: [] });
    expect(findCommand("agent")?.args).toEqual([{ name: "request", into: "text", required: true, rest: true }]);
  });

  it("reads free text only for commands whose one argument is the rest of the line and that take no flags", () => {
    expect(table.filter(takesFreeText).map((c) => c.name)).toEqual(["remember", "feedback", "agent"]);
  });

  it("has no alias that is also a command name", () => {
    const names = new Set(table.map((c) => c.name));
    for (const spec of table) for (const alias of spec.aliases ?? []) expect(names.has(alias), alias).toBe(false);
  });

  it("writes usage lines with positionals, then flags, repeatable ones marked", () => {
    const usage = Object.fromEntries(table.map((c) => [c.name, usageOf(c)]));
    expect(usage["plan"]).toBe("plan [-p PROJECT] [-e ENV] [--target ADDR]...");
    expect(usage["deploy"]).toBe("deploy <env> [-p PROJECT] [--target ADDR]...");
    expect(usage["remember"]).toBe("remember <note...>");
    expect(usage["agent"]).toBe("agent <request...>");
    expect(usage["help"]).toBe("help");
  });
});
