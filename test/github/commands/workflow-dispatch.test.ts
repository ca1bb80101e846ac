import { describe, expect, it } from "vitest";
import { DISPATCH_INPUT_NAMES, parseDispatchInputs } from "../../../src/github/commands/workflow-dispatch.js";
import { UserError } from "../../../src/user-error.js";

const valid = {
  command: "plan -p network\ndeploy staging --target 'module.db[\"main\"]'",
  trigger: "comment",
  pr_number: "42",
  head_sha: "7a1e0c3b9d2f4e6a8c0b1d3f5e7a9c2b4d6f8e01",
  comment_id: "2050000101",
  requested_by: "alice",
};

describe("parseDispatchInputs (the workflow's side of the contract)", () => {
  it("checks the inputs and parses the commands with the App's grammar", () => {
    const request = parseDispatchInputs(valid);
    expect(request.pullNumber).toBe(42);
    expect(request.commentId).toBe(2050000101);
    expect(request.commands.map((c) => [c.name, c.env, c.targets])).toEqual([
      ["plan", undefined, []],
      ["deploy", "staging", ['module.db["main"]']],
    ]);
  });

  it("accepts an autoplan, which has no comment", () => {
    expect(parseDispatchInputs({ ...valid, command: "plan", trigger: "autoplan", comment_id: "" }).commentId).toBeUndefined();
  });

  it.each([
    ["a short SHA", { head_sha: "7a1e0c3" }],
    ["an unknown trigger", { trigger: "push" }],
    ["a missing pull request number", { pr_number: undefined }],
  ])("refuses %s", (_what, change) => {
    expect(() => parseDispatchInputs({ ...valid, ...change })).toThrow(UserError);
  });

  it("refuses a command the grammar does not accept", () => {
    expect(() => parseDispatchInputs({ ...valid, command: "plan\nrm -rf /" })).toThrow(/not a valid command/);
    expect(() => parseDispatchInputs({ ...valid, command: "review" })).toThrow(/not a valid command/);
  });

  it("gives the workflow an agent request as the App accepted it, and refuses free text without `agent`", () => {
    const request = parseDispatchInputs({ ...valid, command: `agent don't make the "logs" bucket public -p x`, pr_number: "17" });
    expect(request.commands.map((c) => [c.name, c.text, c.canonical])).toEqual([["agent", `don't make the "logs" bucket public -p x`, `agent don't make the "logs" bucket public -p x`]]);
    expect(request.pullNumber).toBe(17);
    expect(() => parseDispatchInputs({ ...valid, command: "destroy everything" })).toThrow(/not a valid command/);
    expect(() => parseDispatchInputs({ ...valid, command: "agent add a bucket\nplan" })).toThrow(/not a valid command/);
  });

  it("names the inputs the workflow must declare", () => {
    expect(DISPATCH_INPUT_NAMES).toEqual(["command", "trigger", "pr_number", "head_sha", "comment_id", "requested_by"]);
  });
});
