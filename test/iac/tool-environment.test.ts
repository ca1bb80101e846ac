import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { loadConfig } from "../../src/config/load-config.js";
import { terraformRunOptionsFor } from "../../src/core/terraform-run-options.js";
import { runKubectlDiff } from "../../src/iac/kubectl.js";
import { toolEnvironment } from "../../src/iac/run-process.js";
import { terraformInit } from "../../src/iac/terraform.js";
import { pickEnvironment } from "../../src/iac/tool-environment.js";
import { isUserError } from "../../src/user-error.js";

/** What the bot holds and no tool may get, set in this process's environment as the Action would have it. */
const BOT_SECRETS = {
  GITHUB_TOKEN: "ghs_toolEnvGithubToken0123456789abcdefABCD",
  GH_TOKEN: "gho_toolEnvGhToken0123456789abcdefABCDEFGH",
  ACTIONS_RUNTIME_TOKEN: "toolEnvRuntimeToken0123456789",
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: "toolEnvOidcToken0123456789",
  OPENAI_API_KEY: "sk-proj-toolEnvOpenai0123456789abcdefABCD",
  "INPUT_GITHUB-TOKEN": "ghs_toolEnvInputToken0123456789abcdefABCD",
};

/** A program that dumps its environment to `<dir>/<name>-env.txt` and exits 1. */
function fakeTool(dir: string, name: string): string {
  const bin = join(dir, "bin");
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, name), `#!/bin/sh\nenv > ${join(dir, `${name}-env.txt`)}\nexit 2\n`);
  chmodSync(join(bin, name), 0o755);
  return bin;
}

function stubStepEnvironment(bin: string): void {
  vi.stubEnv("PATH", `${bin}:${process.env.PATH ?? ""}`);
  for (const [name, value] of Object.entries(BOT_SECRETS)) vi.stubEnv(name, value);
  vi.stubEnv("AWS_ACCESS_KEY_ID", "AKIATOOLENVTEST00001");
  vi.stubEnv("GOOGLE_APPLICATION_CREDENTIALS", "/creds/gcp.json");
  vi.stubEnv("ARM_CLIENT_ID", "00000000-0000-0000-0000-000000000001");
  vi.stubEnv("HTTPS_PROXY", "http://proxy.internal:3128");
  vi.stubEnv("no_proxy", "localhost");
  vi.stubEnv("SSL_CERT_FILE", "/etc/ssl/corp.pem");
  vi.stubEnv("TF_VAR_region", "eu-west-1");
  vi.stubEnv("KUBECONFIG", "/kube/config");
  vi.stubEnv("DATADOG_API_KEY", "dd-key-for-the-provider");
  vi.stubEnv("GITHUB_OUTPUT", "/runner/_temp/output");
  vi.stubEnv("RUNNER_TEMP", "/runner/_temp");
  vi.stubEnv("UNRELATED_SETTING", "x");
}

function names(dump: string): string[] {
  return dump
    .split("\n")
    .map((line) => line.split("=")[0] ?? "")
    .filter(Boolean);
}

afterEach(() => vi.unstubAllEnvs());

describe("terraform's and kubectl's environment is an allowlist", () => {
  it("terraform gets PATH, HOME, locale, proxies, CAs, TF_*, KUBECONFIG and the clouds' variables, never the bot's tokens", async () => {
    const dir = mkdtempSync(join(tmpdir(), "stakpak-toolenv-"));
    stubStepEnvironment(fakeTool(dir, "terraform"));
    await expect(terraformInit({ dir, lockTimeout: "1s", timeoutMs: 10_000 })).rejects.toSatisfy(isUserError);
    const dump = readFileSync(join(dir, "terraform-env.txt"), "utf8");
    for (const value of Object.values(BOT_SECRETS)) expect(dump).not.toContain(value);
    const got = names(dump);
    for (const name of Object.keys(BOT_SECRETS)) expect(got).not.toContain(name);
    expect(got).toEqual(expect.arrayContaining(["PATH", "AWS_ACCESS_KEY_ID", "GOOGLE_APPLICATION_CREDENTIALS", "ARM_CLIENT_ID", "HTTPS_PROXY", "no_proxy", "SSL_CERT_FILE", "TF_VAR_region", "KUBECONFIG", "TF_IN_AUTOMATION"]));
    for (const name of ["DATADOG_API_KEY", "GITHUB_OUTPUT", "RUNNER_TEMP", "UNRELATED_SETTING"]) expect(got).not.toContain(name);
  });

  it("terraform.pass_env in the config adds variables, but never the bot's own", async () => {
    const dir = mkdtempSync(join(tmpdir(), "stakpak-toolenv-"));
    mkdirSync(join(dir, ".stakpak"));
    mkdirSync(join(dir, "infra"));
    writeFileSync(join(dir, "infra", "main.tf"), "");
    writeFileSync(join(dir, ".stakpak", "config.yml"), 'version: 1\nprojects:\n  - name: infra\n    dir: infra\n    terraform:\n      pass_env: ["DATADOG_*", "GITHUB_TOKEN", "*"]\n');
    const loaded = await loadConfig(dir);
    const project = loaded?.projects[0];
    if (project?.tool !== "terraform") throw new Error("expected a terraform project");
    stubStepEnvironment(fakeTool(dir, "terraform"));
    await expect(terraformInit(terraformRunOptionsFor(project, null))).rejects.toSatisfy(isUserError);
    const dump = readFileSync(join(dir, "terraform-env.txt"), "utf8");
    expect(dump).toContain("DATADOG_API_KEY=dd-key-for-the-provider");
    // `*` lets everything else through, the bot's credentials excepted.
    expect(names(dump)).toContain("UNRELATED_SETTING");
    for (const value of Object.values(BOT_SECRETS)) expect(dump).not.toContain(value);
  });

  it("refuses a pass_env entry that is not a variable name or glob", async () => {
    const dir = mkdtempSync(join(tmpdir(), "stakpak-toolenv-"));
    mkdirSync(join(dir, ".stakpak"));
    mkdirSync(join(dir, "infra"));
    writeFileSync(join(dir, "infra", "main.tf"), "");
    writeFileSync(join(dir, ".stakpak", "config.yml"), 'version: 1\nprojects:\n  - name: infra\n    dir: infra\n    terraform:\n      pass_env: ["A=B"]\n');
    await expect(loadConfig(dir)).rejects.toSatisfy((err) => isUserError(err) && err.format().includes("`A=B` is not a variable name or glob"));
  });

  it("kubectl gets the kubeconfig and the clouds' variables, never the bot's tokens", async () => {
    const dir = mkdtempSync(join(tmpdir(), "stakpak-toolenv-"));
    writeFileSync(join(dir, "app.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x }\n");
    stubStepEnvironment(fakeTool(dir, "kubectl"));
    await expect(runKubectlDiff({ cwd: dir, target: { kind: "manifests", paths: ["app.yaml"] }, timeoutMs: 10_000 })).rejects.toSatisfy(isUserError);
    const dump = readFileSync(join(dir, "kubectl-env.txt"), "utf8");
    for (const value of Object.values(BOT_SECRETS)) expect(dump).not.toContain(value);
    expect(names(dump)).toEqual(expect.arrayContaining(["PATH", "KUBECONFIG", "AWS_ACCESS_KEY_ID"]));
    expect(names(dump)).not.toContain("TF_VAR_region");
  });

  it("a caller's own variables are set on top, except under the bot's credential names", () => {
    const env = toolEnvironment({ passEnv: ["PATH"], env: { GIT_TERMINAL_PROMPT: "0", GITHUB_TOKEN: "x", PATH: undefined } }, { PATH: "/bin", HOME: "/root", GITHUB_TOKEN: "ghs_x" });
    expect(env).toEqual({ GIT_TERMINAL_PROMPT: "0" });
    expect(pickEnvironment({ LC_ALL: "C", LC_TIME: "C", LCX: "no", INPUT_X: "1" }, ["LC_*", "INPUT_*"])).toEqual({ LC_ALL: "C", LC_TIME: "C" });
  });
});
