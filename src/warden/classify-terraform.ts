import type { TerraformPlan } from "../iac/plan-model.js";
import { entryOf, known, operation, variable, type CatalogEntry, type ClassifyContext, type CommandClassifier, type Invocation } from "./classifier.js";
import type { Operation } from "./operation.js";
import { hasOption, optionValue, optionValues, scanArgs, type ScannedArgs } from "./scan-args.js";
import type { ShellWord } from "./shell-word.js";

export const TERRAFORM_CATALOG: readonly CatalogEntry[] = [
  {
    id: "tf.destroy",
    description: "destroys or replaces managed infrastructure, or removes it from state",
    effect: "destroy",
    examples: ["terraform destroy -auto-approve", "terraform apply -destroy", "terraform apply -replace=aws_db_instance.main", "terraform state rm aws_s3_bucket.logs", "terraform force-unlock 1234-abcd", "terraform workspace delete prod", "tofu destroy", "terragrunt run-all destroy", "terraform state push -force old.tfstate"],
  },
  {
    id: "tf.apply",
    description: "applies changes to real infrastructure",
    effect: "write",
    examples: ["terraform apply -auto-approve", "terraform apply -target=module.app", "terraform import aws_s3_bucket.b my-bucket", "terraform state mv a.b a.c", "terraform taint aws_instance.web", "terraform refresh", "terragrunt apply", "terraform workspace new prod"],
  },
  {
    id: "tf.saved-plan",
    description: "applies a saved plan Warden has judged: its destroys and replaces decide",
    effect: "destroy",
    examples: ["terraform plan -destroy -out=gone.tfplan && terraform apply gone.tfplan"],
  },
  {
    id: "tf.saved-plan-unseen",
    description: "applies a saved plan Warden has not seen; judged like a plain apply (pass --saved-plan to judge the plan itself)",
    effect: "write",
    examples: ["terraform apply tfplan", "terraform apply -auto-approve out.tfplan"],
  },
  {
    id: "tf.local",
    description: "works on local files only (init downloads providers, fmt rewrites .tf files, workspace select)",
    effect: "write",
    examples: ["terraform init -input=false", "terraform fmt -recursive", "terraform get", "terraform workspace select staging", "terraform providers lock"],
  },
  {
    id: "tf.read",
    description: "reads configuration, state or a plan; a plan (even -destroy) changes nothing",
    effect: "read",
    examples: ["terraform plan -destroy", "terraform plan -out=tfplan", "terraform validate", "terraform show -json tfplan", "terraform output -json", "terraform state list", "terraform state show aws_instance.web", "terraform version", "terraform fmt -check", "terraform graph", "terraform workspace list", "terraform state pull"],
  },
  {
    id: "tf.test",
    description: "terraform test creates (and destroys) real resources for its test runs",
    effect: "write",
    examples: ["terraform test"],
  },
  {
    id: "tf.unknown",
    description: "a terraform subcommand no entry covers",
    effect: "unknown",
    examples: ["terraform frobnicate", "terraform $CMD"],
  },
];

const TF = (id: string) => entryOf(TERRAFORM_CATALOG, id);

const VALUED = ["-var", "-var-file", "-target", "-replace", "-out", "-state", "-state-out", "-backup", "-lock-timeout", "-parallelism", "-backend-config", "-plugin-dir", "-from-module", "-lockfile", "-generate-config-out", "-platform", "-filter", "-test-directory"];

const READ_SUBCOMMANDS = new Set(["plan", "show", "output", "validate", "version", "providers", "graph", "console", "metadata", "modules", "query", "help", "-version", "-help", "render-json", "hclfmt", "terragrunt-info", "validate-inputs", "graph-dependencies", "output-module-groups"]);
const LOCAL_SUBCOMMANDS = new Set(["init", "fmt", "get", "login", "logout"]);

function tfMarkers(inv: Invocation, a: ScannedArgs, chdir: string | undefined, ctx: ClassifyContext): string[] {
  const markers = [
    chdir,
    ...optionValues(a, "-var-file", "-backend-config", "-var").map(known),
    known(variable(inv, "TF_WORKSPACE")),
    ctx.lineFacts.get("terraform.workspace"),
  ];
  return markers.filter((m): m is string => m !== undefined);
}

/** A saved plan's operations: one per resource it would change. */
function savedPlanOperations(inv: Invocation, plan: TerraformPlan, file: string, markers: string[]): Operation[] {
  const ops: Operation[] = [];
  for (const rc of plan.resourceChanges) {
    if (rc.action === "no-op" || rc.action === "read") continue;
    const destroys = rc.action === "delete" || rc.action === "replace";
    ops.push(
      operation(inv, TF("tf.saved-plan"), {
        target: "terraform",
        service: rc.type,
        verb: rc.action,
        effect: destroys ? "destroy" : "write",
        resources: [rc.address],
        markers: [...markers, file],
        why: `the saved plan ${file} would ${rc.action} ${rc.address}`,
      }),
    );
  }
  if (ops.length === 0) ops.push(operation(inv, TF("tf.read"), { target: "terraform", service: "plan", verb: "apply", resources: [file], markers, why: `the saved plan ${file} changes nothing` }));
  return ops;
}

function classifyTerraform(inv: Invocation, ctx: ClassifyContext): Operation[] {
  const args = [...inv.args];
  let chdir: string | undefined;
  // Terragrunt's `run-all`/`run --all` runs the subcommand in every module below.
  while (args[0]?.literal && (args[0].text.startsWith("-chdir=") || args[0].text === "run-all" || args[0].text === "run" || args[0].text === "--all" || args[0].text.startsWith("--terragrunt-"))) {
    const w = args.shift() as ShellWord;
    if (w.text.startsWith("-chdir=")) chdir = w.text.slice(7);
  }
  const a = scanArgs(args, { valued: VALUED, singleDashLong: true });
  const [subWord, ...positionals] = a.positionals;
  const markers = tfMarkers(inv, a, chdir, ctx);
  const targets = optionValues(a, "-target", "-replace").map((w) => w.text);
  const fields = (service: string, verb: string) => ({ target: "terraform" as const, service, verb, markers, resources: targets });
  if (!subWord) {
    const help = hasOption(a, "-version", "--version", "-help", "--help", "-h", "-v");
    return [operation(inv, TF(help ? "tf.read" : "tf.unknown"), fields("cli", ""))];
  }
  if (!subWord.literal) return [operation(inv, TF("tf.unknown"), fields("cli", subWord.text))];
  const sub = subWord.text.replace(/-all$/, "");
  if (hasOption(a, "-help", "-h", "--help")) return [operation(inv, TF("tf.read"), fields("cli", `${sub} -help`))];
  switch (sub) {
    case "destroy":
    case "force-unlock":
      return [operation(inv, TF("tf.destroy"), fields("infrastructure", sub))];
    case "plan": {
      const out = optionValue(a, "-out");
      if (out?.literal) ctx.lineFacts.set(`terraform.plan:${out.text}`, hasOption(a, "-destroy") ? "destroy" : "changes");
      return [operation(inv, TF("tf.read"), fields("plan", hasOption(a, "-destroy") ? "plan -destroy" : "plan"))];
    }
    case "apply": {
      if (hasOption(a, "-destroy")) return [operation(inv, TF("tf.destroy"), fields("infrastructure", "apply -destroy"))];
      if (hasOption(a, "-replace")) return [operation(inv, TF("tf.destroy"), fields("infrastructure", "apply -replace"))];
      const planFile = positionals[0];
      if (!planFile) return [operation(inv, TF("tf.apply"), fields("infrastructure", "apply"))];
      const saved = planFile.literal ? ctx.savedPlan(planFile.text) : null;
      if (saved) return savedPlanOperations(inv, saved, planFile.text, markers);
      if (planFile.literal && ctx.lineFacts.get(`terraform.plan:${planFile.text}`) === "destroy") {
        return [operation(inv, TF("tf.saved-plan"), { ...fields("infrastructure", "apply"), resources: [planFile.text], why: `${planFile.text} was planned with -destroy on this line` })];
      }
      return [operation(inv, TF("tf.saved-plan-unseen"), { ...fields("infrastructure", "apply"), resources: [planFile.text] })];
    }
    case "import":
    case "taint":
    case "untaint":
    case "refresh":
      return [operation(inv, TF("tf.apply"), { ...fields("state", sub), resources: positionals.map((p) => p.text) })];
    case "test":
      return [operation(inv, TF("tf.test"), fields("test", sub))];
    case "state": {
      const [stateSub, ...addresses] = positionals;
      const verb = `state ${stateSub?.text ?? ""}`.trim();
      const resources = addresses.map((p) => p.text);
      if (stateSub?.text === "rm" || (stateSub?.text === "push" && hasOption(a, "-force"))) return [operation(inv, TF("tf.destroy"), { ...fields("state", verb), resources })];
      if (stateSub?.text === "list" || stateSub?.text === "show" || stateSub?.text === "pull") return [operation(inv, TF("tf.read"), { ...fields("state", verb), resources })];
      if (stateSub?.text === "mv" || stateSub?.text === "replace-provider" || stateSub?.text === "push" || stateSub?.text === "identities") {
        return [operation(inv, TF(stateSub.text === "push" ? "tf.destroy" : "tf.apply"), { ...fields("state", verb), resources })];
      }
      return [operation(inv, TF("tf.unknown"), { ...fields("state", verb), resources })];
    }
    case "workspace": {
      const [wsSub, name] = positionals;
      const verb = `workspace ${wsSub?.text ?? ""}`.trim();
      const resources = name ? [name.text] : [];
      if (wsSub?.text === "select" && name?.literal) ctx.lineFacts.set("terraform.workspace", name.text);
      if (wsSub?.text === "delete") return [operation(inv, TF("tf.destroy"), { ...fields("workspace", verb), resources })];
      if (wsSub?.text === "new") return [operation(inv, TF("tf.apply"), { ...fields("workspace", verb), resources })];
      if (wsSub?.text === "select") return [operation(inv, TF("tf.local"), { ...fields("workspace", verb), resources, local: true })];
      if (wsSub?.text === "list" || wsSub?.text === "show") return [operation(inv, TF("tf.read"), { ...fields("workspace", verb), resources })];
      return [operation(inv, TF("tf.unknown"), { ...fields("workspace", verb), resources })];
    }
    case "providers":
      // `providers lock` and `providers mirror` write local files; the rest reads.
      if (positionals[0]?.text === "lock" || positionals[0]?.text === "mirror") return [operation(inv, TF("tf.local"), { ...fields("providers", `providers ${positionals[0].text}`), local: true })];
      return [operation(inv, TF("tf.read"), fields("providers", sub))];
    case "fmt":
      if (hasOption(a, "-check")) return [operation(inv, TF("tf.read"), fields("config", "fmt -check"))];
      return [operation(inv, TF("tf.local"), { ...fields("config", sub), local: true })];
    default:
      if (READ_SUBCOMMANDS.has(sub)) return [operation(inv, TF("tf.read"), fields("config", sub))];
      if (LOCAL_SUBCOMMANDS.has(sub)) return [operation(inv, TF("tf.local"), { ...fields("config", sub), local: true })];
      return [operation(inv, TF("tf.unknown"), fields("cli", sub))];
  }
}

export const terraformClassifier: CommandClassifier = {
  commands: ["terraform", "tofu", "terragrunt"],
  catalog: TERRAFORM_CATALOG,
  helpAnywhere: true,
  classify: classifyTerraform,
};
