import { describe, expect, it } from "vitest";
import { cellCode, codeBlock, escapeHtml, escapeText, escapeTextKeepingCode, fenceFor, inlineCode, truncateText } from "../../src/report/escape-markdown.js";
import { shortenHeadTail } from "../../src/report/shorten-text.js";
import { findStructureProblems } from "./markdown-structure.js";

describe("escape-markdown", () => {
  it("picks a fence longer than any backtick run in the text", () => {
    expect(fenceFor("plain")).toBe("```");
    expect(fenceFor("a ``` b ````` c")).toBe("``````");
    const block = codeBlock("```\nnot the end\n```", "text");
    expect(block.startsWith("````text\n")).toBe(true);
    expect(findStructureProblems(`${block}\nafter`)).toEqual([]);
  });

  it("makes code spans that hold backticks", () => {
    expect(inlineCode("plain")).toBe("`plain`");
    expect(inlineCode("a`b")).toBe("`` a`b ``");
    expect(inlineCode("`edge`")).toBe("`` `edge` ``");
    expect(inlineCode("two\nlines")).toBe("`two lines`");
  });

  it("escapes pipes for code spans in table cells", () => {
    expect(cellCode('x["a|b"]')).toBe('`x["a\\|b"]`');
  });

  it("escapes text so nothing in it is markup", () => {
    expect(escapeText("<b>|`x`* _y_ [l](u) #h & ~s~")).toBe("&lt;b&gt;\\|\\`x\\`\\* \\_y\\_ \\[l\\](u) \\#h &amp; \\~s\\~");
    expect(escapeHtml('<"&>')).toBe("&lt;&quot;&amp;&gt;");
  });

  it("keeps paired backticks as code spans and escapes the rest", () => {
    expect(escapeTextKeepingCode("run `terraform init` <now>")).toBe("run `terraform init` &lt;now&gt;");
    expect(escapeTextKeepingCode("odd ` tick")).toBe("odd \\` tick");
  });

  it("truncates without splitting a surrogate pair", () => {
    expect(truncateText("abcdef", 4)).toBe("abc…");
    expect(truncateText("ab😀cd", 4)).toBe("ab…");
    expect(truncateText("short", 10)).toBe("short");
  });
});

describe("shortenHeadTail", () => {
  const text = Array.from({ length: 1000 }, (_, i) => `line ${i}`).join("\n");

  it("keeps the head and the tail at line ends and says what it left out", () => {
    const { text: short, omittedChars } = shortenHeadTail(text, 300);
    expect(short.startsWith("line 0\nline 1\n")).toBe(true);
    expect(short.endsWith("line 999")).toBe(true);
    const marker = /\n… ([\d,]+) characters \(([\d,]+) lines\) omitted …\n/.exec(short);
    expect(marker).not.toBeNull();
    expect(short.length).toBeLessThan(400);
    // What is kept plus what is left out is the whole text, and the marker says so.
    expect(short.length - (marker?.[0].length ?? 0) + omittedChars).toBe(text.length);
    expect(Number(marker?.[1]?.replace(/,/g, ""))).toBe(omittedChars);
  });

  it("leaves short text alone", () => {
    expect(shortenHeadTail("a\nb", 10)).toEqual({ text: "a\nb", omittedChars: 0 });
  });

  it("cuts a single huge line too", () => {
    expect(shortenHeadTail("x".repeat(10_000), 300).text.length).toBeLessThan(400);
  });
});
