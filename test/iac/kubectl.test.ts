import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runKubectlDiff, type KubectlDiffOptions } from "../../src/iac/kubectl.js";
import { parseDiffFileName, parseKubectlDiff } from "../../src/iac/parse-kubectl-diff.js";
import { UserError } from "../../src/user-error.js";
import { startFakeKubeApi, UNREACHABLE_CONTEXT, type FakeKubeApi, type KubeObject } from "../support/fake-kube-api.js";

const FIXTURES = resolve(import.meta.dirname, "../fixtures/kubernetes");

const fixtureDiff = (name: string): Promise<string> => readFile(join(FIXTURES, "diff-output", name), "utf8");

describe("parseDiffFileName", () => {
  it.each([
    ["apps.v1.Deployment.default.web", "apps/v1", "Deployment", "default", "web"],
    ["v1.ConfigMap.default.app.config", "v1", "ConfigMap", "default", "app.config"],
    ["v1.Namespace..team-a", "v1", "Namespace", null, "team-a"],
    [
      "rbac.authorization.k8s.io.v1.ClusterRole..system:reader.v2",
      "rbac.authorization.k8s.io/v1",
      "ClusterRole",
      null,
      "system:reader.v2",
    ],
    [
      "cert-manager.io.v1beta1.Certificate.prod.api.v1.example.com",
      "cert-manager.io/v1beta1",
      "Certificate",
      "prod",
      "api.v1.example.com",
    ],
    // A group segment that looks like a version must not be taken for one.
    ["v1.example.com.v2alpha1.Widget.ns.w", "v1.example.com/v2alpha1", "Widget", "ns", "w"],
  ])("%s", (file, apiVersion, kind, namespace, name) => {
    expect(parseDiffFileName(file)).toEqual({ apiVersion, kind, namespace, name });
  });

  it("rejects names that are not kubectl's", () => {
    expect(parseDiffFileName("deployment.yaml")).toBeUndefined();
    expect(parseDiffFileName("v1.ConfigMap.default.")).toBeUndefined();
  });
});

describe("parseKubectlDiff", () => {
  it("reads creates, updates and cluster-scoped objects from real kubectl output", async () => {
    const objects = parseKubectlDiff(await fixtureDiff("manifests.diff"));
    expect(objects.map((o) => [o.apiVersion, o.kind, o.namespace, o.name, o.action])).toEqual([
      ["apps/v1", "Deployment", "default", "web", "create"],
      ["v1", "ConfigMap", "default", "app.config", "update"],
      ["v1", "Namespace", null, "team-a", "create"],
    ]);
    const [deployment, configMap, namespace] = objects;
    expect(deployment?.addedLines).toHaveLength(19);
    expect(deployment?.addedLines).toContain("      - image: nginx:1.27");
    expect(deployment?.removedLines).toEqual([]);
    expect(configMap?.removedLines).toEqual(["  log.level: info"]);
    expect(configMap?.addedLines).toEqual(["  feature.flags: search,export", "  log.level: debug"]);
    expect(namespace?.addedLines).toEqual([
      "apiVersion: v1",
      "kind: Namespace",
      "metadata:",
      "  name: team-a",
      "  uid: dry-run",
    ]);
  });

  it("reads a pruned object as a delete", async () => {
    const objects = parseKubectlDiff(await fixtureDiff("prune.diff"));
    expect(objects.map((o) => [o.name, o.action])).toEqual([
      ["app.config", "update"],
      ["old.config", "delete"],
    ]);
    expect(objects[1]?.removedLines).toHaveLength(13);
    expect(objects[1]?.removedLines[0]).toBe("apiVersion: v1");
    expect(objects[1]?.addedLines).toEqual([]);
  });

  it("skips `\\ No newline at end of file` markers and keeps dotted names whole", async () => {
    const objects = parseKubectlDiff(await fixtureDiff("no-newline.diff"));
    expect(objects).toEqual([
      {
        apiVersion: "networking.k8s.io/v1",
        kind: "Ingress",
        namespace: "default",
        name: "web.example.com",
        action: "update",
        addedLines: ["  - host: new.example.com"],
        removedLines: ["  - host: old.example.com"],
      },
      expect.objectContaining({ kind: "ClusterRole", namespace: null, name: "system:reader.v2", action: "create" }),
    ]);
  });

  it("skips a marker that ends the last hunk", () => {
    const text = [
      "--- L/v1.ConfigMap.a.b\t2025-01-01",
      "+++ M/v1.ConfigMap.a.b\t2025-01-01",
      "@@ -1 +1 @@",
      "-x: 1",
      "\\ No newline at end of file",
      "+x: 2",
      "\\ No newline at end of file",
      "",
    ].join("\n");
    expect(parseKubectlDiff(text)).toEqual([
      {
        apiVersion: "v1",
        kind: "ConfigMap",
        namespace: "a",
        name: "b",
        action: "update",
        addedLines: ["x: 2"],
        removedLines: ["x: 1"],
      },
    ]);
  });

  it("uses hunk lengths, so content lines that look like headers stay content", () => {
    const text = [
      "diff -u -N L/v1.ConfigMap.a.b M/v1.ConfigMap.a.b",
      "--- L/v1.ConfigMap.a.b\t2025-01-01",
      "+++ M/v1.ConfigMap.a.b\t2025-01-01",
      "@@ -1,3 +1,3 @@",
      " data: |",
      "--- not a header",
      "+++ not a header either",
      " end",
      "--- L/v1.Secret.a.c\t2025-01-01",
      "+++ M/v1.Secret.a.c\t2025-01-01",
      "@@ -1 +1 @@",
      "-k: '*** (before)'",
      "+k: '*** (after)'",
    ].join("\n");
    const objects = parseKubectlDiff(text);
    expect(objects.map((o) => o.kind)).toEqual(["ConfigMap", "Secret"]);
    expect(objects[0]?.removedLines).toEqual(["-- not a header"]);
    expect(objects[0]?.addedLines).toEqual(["++ not a header either"]);
  });

  it("returns nothing for empty output", () => {
    expect(parseKubectlDiff("")).toEqual([]);
  });

  it("throws a UserError for a file name it cannot place", () => {
    const text = "--- L/some-file\n+++ M/some-file\n@@ -0,0 +1 @@\n+a\n";
    expect(() => parseKubectlDiff(text)).toThrow(UserError);
  });
});

function base64(text: string): string {
  return Buffer.from(text).toString("base64");
}

/** What the cluster holds before each test: one ConfigMap to update and one that matches its manifest. */
const SEED: readonly KubeObject[] = [
  {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "app.config", namespace: "default" },
    data: { "log.level": "info", stale: "kept" },
  },
  { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "settings", namespace: "default" }, data: { retries: "3" } },
  {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: "db", namespace: "default" },
    type: "Opaque",
    data: { password: base64("old-fixture-password"), user: base64("app") },
  },
];

describe("runKubectlDiff against a fake API server", () => {
  let api: FakeKubeApi;
  let dir: string;
  let kubeconfig: string;
  const savedCacheDir = process.env.KUBECACHEDIR;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "kubectl-diff-"));
    // kubectl caches discovery under ~/.kube/cache unless told otherwise.
    process.env.KUBECACHEDIR = join(dir, "cache");
  });
  afterAll(async () => {
    if (savedCacheDir === undefined) delete process.env.KUBECACHEDIR;
    else process.env.KUBECACHEDIR = savedCacheDir;
    await rm(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    api = await startFakeKubeApi(SEED);
    kubeconfig = await api.writeKubeconfig(dir);
  });
  afterEach(async () => {
    await api.close();
  });

  const diff = (overrides: Partial<KubectlDiffOptions> & Pick<KubectlDiffOptions, "target">) =>
    runKubectlDiff({ cwd: FIXTURES, kubeconfig, timeoutMs: 60_000, ...overrides });

  it("lists an update, a create and a cluster-scoped create, and leaves out the unchanged object", async () => {
    const plan = await diff({ target: { kind: "manifests", paths: ["manifests"] } });

    expect(plan.kind).toBe("kubernetes");
    expect(plan.exitCode).toBe(1);
    expect(plan.hasChanges).toBe(true);
    expect(plan.objects.map((o) => `${o.action} ${o.apiVersion} ${o.kind} ${o.namespace}/${o.name}`)).toEqual([
      "create apps/v1 Deployment default/web",
      "update v1 ConfigMap default/app.config",
      "create v1 Namespace null/team-a",
    ]);
    const configMap = plan.objects.find((o) => o.name === "app.config");
    expect(configMap?.removedLines).toEqual(["  log.level: info"]);
    expect(configMap?.addedLines).toEqual(["  feature.flags: search,export", "  log.level: debug"]);
    expect(plan.objects[0]?.addedLines).toContain("  replicas: 2");
    expect(plan.rawDiff).toContain("+++ ");

    // kubectl really asked the server for a dry run of each object, and nothing was stored.
    const writes = api.requests.filter((r) => r.method !== "GET");
    expect(writes.map((r) => `${r.method} ${r.path}`)).toEqual([
      "PATCH /api/v1/namespaces/default/configmaps/app.config",
      "POST /apis/apps/v1/namespaces/default/deployments",
      "POST /api/v1/namespaces",
      "PATCH /api/v1/namespaces/default/configmaps/settings",
    ]);
    expect(writes.every((r) => r.query.dryRun === "All")).toBe(true);
    expect(api.get("apps/v1", "Deployment", "default", "web")).toBeUndefined();
    expect(api.get("v1", "ConfigMap", "default", "app.config")?.data).toEqual({ "log.level": "info", stale: "kept" });
  });

  it("overrides the caller's external diff and locale so the output stays parseable", async () => {
    const saved = { diff: process.env.KUBECTL_EXTERNAL_DIFF, lang: process.env.LC_ALL };
    process.env.KUBECTL_EXTERNAL_DIFF = "diff --side-by-side";
    process.env.LC_ALL = "de_DE.UTF-8";
    try {
      const plan = await diff({ target: { kind: "manifests", paths: ["manifests/configmap.yaml"] } });
      expect(plan.objects.map((o) => [o.name, o.removedLines])).toEqual([["app.config", ["  log.level: info"]]]);
    } finally {
      for (const [name, value] of [["KUBECTL_EXTERNAL_DIFF", saved.diff], ["LC_ALL", saved.lang]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  it("exits 0 with no objects when the cluster already matches", async () => {
    const plan = await diff({ target: { kind: "manifests", paths: ["manifests/settings.yaml"] } });
    expect(plan).toEqual({ kind: "kubernetes", exitCode: 0, hasChanges: false, objects: [], rawDiff: "" });
    expect(api.requests.some((r) => r.method === "PATCH" && r.path.endsWith("/configmaps/settings"))).toBe(true);
  });

  it("passes several manifest files as separate -f flags", async () => {
    const plan = await diff({
      target: { kind: "manifests", paths: ["manifests/namespace.yaml", "manifests/settings.yaml"] },
    });
    expect(plan.objects.map((o) => o.name)).toEqual(["team-a"]);
  });

  it("sends server-side apply patches with --server-side", async () => {
    const plan = await diff({ target: { kind: "manifests", paths: ["manifests"] }, serverSide: true });
    expect(plan.objects.map((o) => `${o.action} ${o.name}`)).toEqual([
      "create web",
      "update app.config",
      "create team-a",
    ]);
    const patches = api.requests.filter((r) => r.method === "PATCH");
    expect(patches).toHaveLength(4);
    expect(patches.every((r) => r.query.dryRun === "All")).toBe(true);
    expect(new Set(patches.map((r) => r.contentType))).toEqual(new Set(["application/apply-patch+yaml"]));
  });

  it("shows Secret changes only as kubectl's masks", async () => {
    const plan = await diff({ target: { kind: "manifests", paths: ["secret"] } });
    expect(plan.objects).toEqual([
      expect.objectContaining({
        kind: "Secret",
        name: "db",
        action: "update",
        removedLines: ["  password: '*** (before)'"],
        addedLines: ["  password: '*** (after)'"],
      }),
    ]);
    for (const secret of ["old-fixture-password", "new-fixture-password"]) {
      expect(plan.rawDiff).not.toContain(secret);
      expect(plan.rawDiff).not.toContain(base64(secret));
    }
  });

  it("builds a kustomization with -k", async () => {
    const plan = await diff({ target: { kind: "kustomize", dir: "kustomize" } });
    expect(plan.objects).toHaveLength(1);
    expect(plan.objects[0]).toMatchObject({
      kind: "ConfigMap",
      namespace: "staging",
      name: "payments.settings",
      action: "create",
    });
    expect(plan.objects[0]?.addedLines).toContain("    team: payments");
  });

  it("recognises a kustomization directory given as a manifests path", async () => {
    const plan = await diff({ target: { kind: "manifests", paths: ["kustomize"] } });
    // Without -k kubectl would read kustomization.yaml as a manifest and fail.
    expect(plan.objects.map((o) => `${o.namespace}/${o.name}`)).toEqual(["staging/payments.settings"]);
  });

  it("refuses a kustomization mixed with other manifests", async () => {
    const run = diff({ target: { kind: "manifests", paths: ["kustomize", "manifests"] } });
    await expect(run).rejects.toThrow(UserError);
    await expect(run).rejects.toThrow(/one kustomization at a time/);
    expect(api.requests).toEqual([]);
  });

  it("puts objects without a namespace into --namespace", async () => {
    const plan = await diff({ target: { kind: "manifests", paths: ["no-namespace"] }, namespace: "team-b" });
    expect(plan.objects.map((o) => `${o.action} ${o.namespace}/${o.name}`)).toEqual(["create team-b/floating"]);
    expect(api.requests.some((r) => r.path === "/api/v1/namespaces/team-b/configmaps/floating")).toBe(true);
  });

  it("uses the named context and its default namespace", async () => {
    const config = await api.writeKubeconfig(dir, {
      context: "fake-ctx",
      namespace: "from-context",
      currentContext: UNREACHABLE_CONTEXT,
    });
    const plan = await diff({
      target: { kind: "manifests", paths: ["no-namespace"] },
      kubeconfig: config,
      context: "fake-ctx",
    });
    expect(plan.objects.map((o) => `${o.namespace}/${o.name}`)).toEqual(["from-context/floating"]);
  });

  it("turns an unreachable cluster into a UserError naming the context and server", async () => {
    const config = await api.writeKubeconfig(dir, { currentContext: UNREACHABLE_CONTEXT });
    const error = await diff({ target: { kind: "manifests", paths: ["manifests"] }, kubeconfig: config }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UserError);
    const userError = error as UserError;
    // kubectl diff exits 2 (not 1), so this is a failure and not "changes present".
    expect(userError.summary).toMatch(/exit code 2/);
    expect(userError.summary).toContain(`context "${UNREACHABLE_CONTEXT}" (http://127.0.0.1:1)`);
    expect(userError.detail).toMatch(/connection refused/);
    expect(userError.hint).toMatch(/could not be reached/);
    expect(api.requests).toEqual([]);
  });

  it("names a context that does not exist", async () => {
    const run = diff({ target: { kind: "manifests", paths: ["manifests"] }, context: "nope" });
    await expect(run).rejects.toMatchObject({
      summary: expect.stringContaining('context "nope"'),
      hint: expect.stringMatching(/context name/),
    });
  });
});
