import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../src/config/config-error.js";
import { authorizationRules } from "../../../src/config/authorization-rules.js";
import { parseCommentCommands } from "../../../src/github/commands/parse-comment.js";
import { renderCommandErrors } from "../../../src/github/commands/render-command-errors.js";
import { renderHelp } from "../../../src/github/commands/render-help.js";
import {
  renderConfigRefusal,
  renderDispatchFailed,
  renderForkNotice,
  renderForkRefusal,
  renderUnauthorized,
} from "../../../src/github/commands/render-refusals.js";
import { renderUnlockResult } from "../../../src/github/commands/render-unlock-result.js";

/** Replies people read, compared to committed files; `UPDATE_GOLDEN=1 npm test` rewrites them. */
function golden(name: string, text: string): void {
  const file = new URL(`./golden/${name}.md`, import.meta.url);
  if (process.env.UPDATE_GOLDEN === "1" || !existsSync(file)) writeFileSync(file, `${text}\n`);
  expect(`${text}\n`).toBe(readFileSync(file, "utf8"));
  expect(linesRepeatedBackToBack(text)).toEqual([]);
}

/** A reply never says the same line twice in a row. */
function linesRepeatedBackToBack(text: string): string[] {
  const lines = text.split("\n");
  return lines.filter((line, i) => i > 0 && line.trim() !== "" && line.trim() === lines[i - 1]?.trim());
}

describe("replies (golden files)", () => {
  it("help, with the default roles", () => {
    golden("help", renderHelp({ rules: authorizationRules(undefined) }));
  });

  it("help without roles, with another prefix", () => {
    golden("help-infra-prefix", renderHelp({ prefix: "/infra" }));
  });

  it("usage errors", () => {
    const body = ["/stakpak aply", "/stakpak plan -x", "/stakpak deploy", "/stakpak review", `/stakpak ${"x".repeat(300)} --force`, "/stakpak plan the bucket"].join("\n");
    const reply = renderCommandErrors(parseCommentCommands(body).errors);
    golden("command-errors", reply);
    // The 300-character junk word is echoed once, in its line, cut with an ellipsis.
    expect(reply.match(/x{40,}/g)).toHaveLength(1);
    expect(reply).toContain(`${"x".repeat(190)}…`);
  });

  it("an agent request with other commands, and one too long", () => {
    golden("agent-errors", renderCommandErrors(parseCommentCommands("/stakpak add a private bucket for access logs to staging\n/stakpak plan -p network").errors));
    golden("agent-too-long", renderCommandErrors(parseCommentCommands(`/stakpak ask ${"make it so ".repeat(400)}`).errors));
  });

  it("unauthorized", () => {
    golden(
      "unauthorized",
      renderUnauthorized(
        [{ canonical: "apply -p network", reason: "@alice may not run `apply`: it needs maintain (or admin) permission on the repository; @alice has write permission on the repository" }],
        { prefix: "/stakpak", configFile: null },
      ),
    );
  });

  it("fork refusal and notice", () => {
    golden("fork-refusal", renderForkRefusal({ prefix: "/stakpak", canonicals: ["plan", "apply -e production"], headRepo: "mallory/infra" }));
    golden("fork-notice", renderForkNotice({ headRepo: "mallory/infra" }));
  });

  it("unlock", () => {
    golden(
      "unlock",
      renderUnlockResult(
        [
          { label: "stakpak-lock/network/production", key: { project: "network", env: "production" }, holder: { pullNumber: 42 } },
          { label: "stakpak-lock/dns", key: { project: "dns", env: null }, holder: { pullNumber: 42 } },
        ],
        {},
      ),
    );
    expect(renderUnlockResult([], { project: "network" })).toBe(":unlock: This pull request holds no lock for project `network`; nothing to release.");
  });

  it("config refusal and dispatch failure", () => {
    const error = new ConfigError(".stakpak/config.yml", [
      { file: ".stakpak/config.yml", line: 3, column: 12, key: "authorization.apply[0]", message: "`maintainers` is not a role", hint: "write permission:…, team:…" },
    ]);
    golden("config-refusal", renderConfigRefusal(error));
    golden("dispatch-failed", renderDispatchFailed({ workflow: "stakpak.yml", ref: "main", status: 422, message: "Unexpected inputs provided: [\"requested_by\"]" }));
  });
});
