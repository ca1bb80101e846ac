import { describe, expect, it } from "vitest";
import { parseDiffLines } from "../../src/github/diff-lines.js";

describe("parseDiffLines", () => {
  it("maps added and context lines to new line numbers and removed lines to old ones, over several hunks", () => {
    const patch = [
      "@@ -1,4 +1,5 @@ terraform {",
      ' resource "a" "b" {',
      '-  x = "1"',
      '+  x = "2"',
      '+  y = "3"',
      " }",
      "",
      "@@ -40,3 +41,2 @@ resource \"c\" \"d\" {",
      "   z = 1",
      '-resource "gone" "away" {}',
      "   w = 2",
      "\\ No newline at end of file",
    ].join("\n");
    const lines = parseDiffLines(patch);
    expect([...lines.right].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 41, 42]);
    expect([...lines.left].sort((a, b) => a - b)).toEqual([2, 41]);
    expect(lines.removed).toEqual([
      { line: 2, text: '  x = "1"' },
      { line: 41, text: 'resource "gone" "away" {}' },
    ]);
  });

  it("reads a new file and a deleted one", () => {
    expect([...parseDiffLines("@@ -0,0 +1,2 @@\n+a\n+b").right]).toEqual([1, 2]);
    const deleted = parseDiffLines("@@ -1,2 +0,0 @@\n-a\n-b");
    expect(deleted.right.size).toBe(0);
    expect(deleted.removed.map((r) => r.line)).toEqual([1, 2]);
  });

  it("has no lines for an empty or missing patch", () => {
    expect(parseDiffLines("")).toEqual({ right: new Set(), left: new Set(), removed: [] });
  });
});
