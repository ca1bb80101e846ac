import { describe, expect, it } from "vitest";
import { closestWord } from "../../src/config/closest-word.js";
import { parseDuration } from "../../src/config/duration.js";

describe("parseDuration", () => {
  it.each([
    ["2m", 120_000],
    ["90s", 90_000],
    ["1h30m", 5_400_000],
    ["1.5h", 5_400_000],
    ["250ms", 250],
    ["0", 0],
  ])("reads %s as %d ms", (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(["", "2", "2 m", "2min", "-1m", "m", "1d", "2m "])("rejects %j", (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe("closestWord", () => {
  const keys = ["name", "dir", "tool", "when_modified", "terraform", "environments"];
  it.each([
    ["whn_modified", "when_modified"],
    ["whenModified", "when_modified"],
    ["enviroments", "environments"],
    ["terrafrom", "terraform"],
    ["dri", "dir"],
  ])("suggests %s -> %s", (typo, expected) => {
    expect(closestWord(typo, keys)).toBe(expected);
  });

  it("suggests nothing for an unrelated word", () => {
    expect(closestWord("replicas", keys)).toBeUndefined();
  });
});
