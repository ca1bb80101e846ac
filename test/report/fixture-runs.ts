import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { KubernetesDiffView, ProjectRun } from "../../src/iac/project-run.js";
import { parsePlanJson } from "../../src/iac/parse-plan-json.js";
import type { TerraformPlan } from "../../src/iac/plan-model.js";
import { collectSensitiveValues, maskSensitiveText } from "../../src/iac/sensitive-values.js";
import { rawPlanSchema } from "../../src/iac/terraform-plan-json.js";

/** The secrets in the fixtures (a sensitive variable, old and new value); they must never reach a report. */
export const FIXTURE_SECRETS = ["hunter2-old-secret", "hunter2-new-secret"];

const PLANS = fileURLToPath(new URL("../fixtures/plans/", import.meta.url));

function readPlanFixture(name: string): { json: string; text: string } {
  return { json: readFileSync(`${PLANS}${name}.json`, "utf8"), text: readFileSync(`${PLANS}${name}.txt`, "utf8") };
}

/**
 * A run built the way the terraform runner builds one: the JSON parsed into the model and the
 * text plan scrubbed of every value the JSON marks sensitive (terraform prints some in clear).
 */
export function terraformRun(fixture: string, fields: Partial<ProjectRun> = {}): ProjectRun {
  const { json, text } = readPlanFixture(fixture);
  const plan = parsePlanJson(json);
  const secrets = collectSensitiveValues(rawPlanSchema.parse(JSON.parse(json)));
  return planRun(fixture, plan, 4_321, { planText: maskSensitiveText(text, secrets), ...fields });
}

/**
 * A run from a JSON plan alone, for plan shapes the local terraform cannot produce (terraform
 * 1.14 actions, deferred changes): there is no text plan to show.
 */
export function jsonOnlyRun(fixture: string, fields: Partial<ProjectRun> = {}): ProjectRun {
  return planRun(fixture, parsePlanJson(readFileSync(`${PLANS}${fixture}.json`, "utf8")), 1_234, fields);
}

function planRun(fixture: string, plan: TerraformPlan, durationMs: number, fields: Partial<ProjectRun>): ProjectRun {
  return {
    project: fixture,
    environment: null,
    dir: `infra/${fixture}`,
    tool: "terraform",
    status: plan.summary.hasChanges ? "changes" : "no-changes",
    plan,
    diagnostics: [],
    durationMs,
    ...fields,
  };
}

export function failedRun(fields: Partial<ProjectRun> = {}): ProjectRun {
  return {
    project: "database",
    environment: "staging",
    dir: "infra/database",
    tool: "terraform",
    status: "error",
    diagnostics: [
      {
        severity: "error",
        summary: "Error acquiring the state lock",
        detail: "ConditionalCheckFailedException: The conditional request failed",
        where: "backend.tf:3:1",
        snippet: null,
      },
    ],
    error: {
      summary: "Error acquiring the state lock",
      detail:
        "Lock Info:\n  ID:        8e0c0a4e-3b1d\n  Who:       ci@runner-7\n  Operation: OperationTypePlan\n```\nfence in the output must not break the report\n```",
      where: "backend.tf:3",
      hint: "Wait for the other run to finish, or release the lock with `terraform force-unlock 8e0c0a4e-3b1d`.",
    },
    durationMs: 2_100,
    ...fields,
  };
}

const KUBE_DIFF = `diff -u -N /tmp/LIVE-1/apps.v1.Deployment.shop.web /tmp/MERGED-1/apps.v1.Deployment.shop.web
--- /tmp/LIVE-1/apps.v1.Deployment.shop.web
+++ /tmp/MERGED-1/apps.v1.Deployment.shop.web
@@ -6,7 +6,7 @@
   namespace: shop
 spec:
-  replicas: 2
+  replicas: 4
   selector:
     matchLabels:
       app: web
diff -u -N /tmp/LIVE-2/v1.ConfigMap.shop.web-config /tmp/MERGED-2/v1.ConfigMap.shop.web-config
--- /tmp/LIVE-2/v1.ConfigMap.shop.web-config
+++ /tmp/MERGED-2/v1.ConfigMap.shop.web-config
@@ -0,0 +1,6 @@
+apiVersion: v1
+data:
+  LOG_LEVEL: info
+kind: ConfigMap
+metadata:
+  name: web-config
diff -u -N /tmp/LIVE-3/batch.v1.CronJob.shop.cleanup /tmp/MERGED-3/batch.v1.CronJob.shop.cleanup
--- /tmp/LIVE-3/batch.v1.CronJob.shop.cleanup
+++ /tmp/MERGED-3/batch.v1.CronJob.shop.cleanup
@@ -1,3 +0,0 @@
-apiVersion: batch/v1
-kind: CronJob
-metadata:
`;

export function kubeRun(fields: Partial<ProjectRun> = {}): ProjectRun {
  const kube: KubernetesDiffView = {
    kind: "kubernetes",
    hasChanges: true,
    objects: [
      { apiVersion: "apps/v1", kind: "Deployment", namespace: "shop", name: "web", action: "update", addedLines: ["  replicas: 4"], removedLines: ["  replicas: 2"] },
      {
        apiVersion: "v1",
        kind: "ConfigMap",
        namespace: "shop",
        name: "web-config",
        action: "create",
        addedLines: ["apiVersion: v1", "data:", "  LOG_LEVEL: info", "kind: ConfigMap", "metadata:", "  name: web-config"],
        removedLines: [],
      },
      {
        apiVersion: "batch/v1",
        kind: "CronJob",
        namespace: "shop",
        name: "cleanup",
        action: "delete",
        addedLines: [],
        removedLines: ["apiVersion: batch/v1", "kind: CronJob", "metadata:"],
      },
    ],
    rawDiff: KUBE_DIFF,
  };
  return {
    project: "shop",
    environment: "prod",
    dir: "k8s/shop",
    tool: "kubernetes",
    status: "changes",
    kube,
    diagnostics: [],
    durationMs: 950,
    ...fields,
  };
}

/** One of each kind of run, as a multi-project pull request would produce. */
export function multiProjectRuns(): ProjectRun[] {
  return [
    terraformRun("mixed-actions", { project: "network", environment: "prod", dir: "infra/network" }),
    terraformRun("drift", {
      project: "edge",
      dir: "infra/edge",
      environment: "prod",
      diagnostics: [
        {
          severity: "warning",
          summary: "Deprecated attribute",
          detail: 'The attribute "triggers" is deprecated. Refer to the provider documentation for details.',
          where: "main.tf:14:5",
          snippet: null,
        },
      ],
    }),
    terraformRun("no-changes", { project: "dns", dir: "infra/dns" }),
    failedRun(),
    kubeRun(),
  ];
}
