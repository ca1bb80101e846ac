import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { FakeGitHubApi } from "../support/fake-github-api.js";
import { toolCalls, type ScriptedTurn } from "../support/scripted-model.js";
import type { Workspace } from "./action-harness.js";

/** The model's key, as the workflow passes it (`openai-api-key`): it must reach only the model's Authorization header. */
export const MODEL_KEY = "sk-action-scripted-0123456789abcdefABCDEF";

/** The request the tests make, and the branch it gets on issue #17 (the slug cut at a word, 40 characters at most). */
export const REQUEST = "add a private bucket for access logs to staging";
export const ISSUE_BRANCH = "stakpak/17-add-a-private-bucket-for-access-logs-to";

/** What the agent writes: badly indented, so terraform fmt has something to do before the commit. */
export const LOGS_TF_AS_WRITTEN = 'resource "terraform_data" "access_logs" {\ninput = { bucket = "acme-staging-access-logs", acl = "private" }\n}\n';
export const LOGS_TF_FORMATTED = 'resource "terraform_data" "access_logs" {\n  input = { bucket = "acme-staging-access-logs", acl = "private" }\n}\n';

/** A run that looks, writes, plans and finishes. */
export function writeAndFinishScript(): ScriptedTurn[] {
  return [
    toolCalls({ name: "list_files", arguments: {} }),
    toolCalls({ name: "write_file", arguments: { path: "logs.tf", content: LOGS_TF_AS_WRITTEN } }),
    toolCalls({ name: "plan", arguments: {} }),
    toolCalls({
      name: "finish",
      arguments: { summary: "Added `terraform_data.access_logs`, a private bucket for the access logs of staging.", commit_message: "Add a private access logs bucket for staging", title: "Add a private access logs bucket for staging" },
    }),
  ];
}

/** The files of the workspace's commit, so the fake Git database holds the same commit as the checkout. */
export function mirrorWorkspace(api: FakeGitHubApi, ws: Workspace, branch: string): void {
  const files: Record<string, string> = {};
  const listed = execFileSync("git", ["ls-files", "-z"], { cwd: ws.dir, encoding: "utf8" }).split("\0").filter(Boolean);
  for (const path of listed) files[path] = readFileSync(join(ws.dir, path), "utf8");
  api.git.mirrorCommit(ws.sha, files, branch);
}

/** Inputs pointing the Action at the scripted model. */
export function modelInputs(baseUrl: string): Record<string, string> {
  return { "openai-api-key": MODEL_KEY, "openai-base-url": baseUrl, model: "scripted-model" };
}
