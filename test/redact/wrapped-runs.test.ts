import { describe, expect, it } from "vitest";
import { crossesJoin, originalOffset, wrappedRuns } from "../../src/redact/wrapped-runs.js";

describe("wrappedRuns", () => {
  it("joins base64 wrapped at a width, up to its padding, and maps offsets back", () => {
    const a = "QUJD".repeat(19);
    const text = `data:\n${a}\r\n${a}\nQUI=  # end\nnext line\n`;
    const [run, ...more] = wrappedRuns(text);
    expect(more).toEqual([]);
    expect(run!.text).toBe(`${a}${a}QUI=`);
    const second = text.indexOf(a, 6 + a.length);
    expect(originalOffset(run!, 0)).toBe(6);
    expect(originalOffset(run!, a.length)).toBe(second);
    expect(originalOffset(run!, 2 * a.length + 3)).toBe(text.indexOf("QUI=") + 3);
    expect(crossesJoin(run!, a.length - 2, a.length + 2)).toBe(true);
    expect(crossesJoin(run!, 0, a.length)).toBe(false);
    expect(crossesJoin(run!, a.length, 2 * a.length)).toBe(false);
  });

  it("joins lines of a custom width when they are as wide as each other (base64 -w 40, fold -w 40)", () => {
    const line = "QUJD".repeat(10);
    const [run, ...more] = wrappedRuns(`x\n${line}\n${line}\nQUI=\n`);
    expect(more).toEqual([]);
    expect(run!.text).toBe(`${line}${line}QUI=`);
    expect(originalOffset(run!, 0)).toBe(2);
  });

  it("joins od's spaced hex bytes", () => {
    const line = " 73 65 63 72 65 74 2d 76 61 6c 75 65 2d 31 32 33";
    const [run] = wrappedRuns(`${line}\n${line}\n 34 35\n`);
    expect(run!.text).toBe(`${line}${line} 34 35`);
  });

  it("finds no run in ordinary text, in a single long line, or in lines too short to be wrapped output", () => {
    expect(wrappedRuns("hello world, this is a log line\nanother line of the log here\n")).toEqual([]);
    expect(wrappedRuns(`${"QUJD".repeat(2000)}\n`)).toEqual([]);
    expect(wrappedRuns("QUJDQUJD\nQUJDQUJD\n")).toEqual([]);
    expect(wrappedRuns(`${"QUJD".repeat(19)}\n: not base64\n`)).toEqual([]);
  });
});
