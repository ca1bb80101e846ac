import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CliIo } from "../../src/cli/cli-io.js";
import { runCli } from "../../src/cli/main.js";
import { Redactor } from "../../src/redact/redactor.js";
import { startFakeKubeApi, type FakeKubeApi } from "../support/fake-kube-api.js";
import { FIXTURES } from "../support/terraform-fixture.js";

describe("stakpak-gitops plan on a Kubernetes project from the config", () => {
  let api: FakeKubeApi;
  let root: string;
  const savedCacheDir = process.env.KUBECACHEDIR;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "stakpak-cli-kube-"));
    // kubectl caches discovery under ~/.kube/cache unless told otherwise.
    process.env.KUBECACHEDIR = join(root, "kube-cache");
    cpSync(join(FIXTURES, "kubernetes", "manifests"), join(root, "k8s", "web"), { recursive: true });
    api = await startFakeKubeApi([
      { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "app.config", namespace: "default" }, data: { "log.level": "info" } },
      { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "settings", namespace: "default" }, data: { retries: "3" } },
    ]);
    const kubeconfig = await api.writeKubeconfig(root, { context: "staging-cluster" });
    mkdirSync(join(root, ".stakpak"));
    writeFileSync(
      join(root, ".stakpak", "config.yml"),
      [
        "projects:",
        "  - name: web",
        "    dir: k8s/web",
        "    tool: kubernetes",
        "    environments:",
        "      staging:",
        "        context: staging-cluster",
        `        kubeconfig: ${kubeconfig}`,
        "",
      ].join("\n"),
    );
  });
  afterAll(async () => {
    await api.close();
    if (savedCacheDir === undefined) delete process.env.KUBECACHEDIR;
    else process.env.KUBECACHEDIR = savedCacheDir;
  });

  it("runs the real kubectl diff and reports the objects that differ, exit 2", async () => {
    let stdout = "";
    let stderr = "";
    const io: CliIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd: root, env: process.env, redactor: new Redactor() };
    const code = await runCli(["plan", "--format", "json"], io);
    expect(stderr).not.toMatch(/Error/);
    expect(code).toBe(2);
    const run = JSON.parse(stdout).runs[0];
    expect(run).toMatchObject({ project: "web", environment: "staging", tool: "kubernetes", status: "changes" });
    const objects = run.kubernetes.objects.map((o: { kind: string; name: string; action: string }) => `${o.action} ${o.kind}/${o.name}`);
    expect(objects.sort()).toEqual(["create Deployment/web", "create Namespace/team-a", "update ConfigMap/app.config"]);
    expect(api.requests.some((r) => r.query.dryRun === "All")).toBe(true);
  });

  it("renders the markdown review with the object table and the diff", async () => {
    let stdout = "";
    const io: CliIo = { stdout: (t) => void (stdout += t), stderr: () => undefined, cwd: root, env: process.env, redactor: new Redactor() };
    expect(await runCli(["plan"], io)).toBe(2);
    expect(stdout).toMatch(/ConfigMap/);
    expect(stdout).toContain("```diff");
    expect(stdout).toContain("log.level: debug");
  });
});
