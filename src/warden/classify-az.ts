import { entryOf, known, operation, variable, type CatalogEntry, type CommandClassifier, type Invocation } from "./classifier.js";
import type { Operation } from "./operation.js";
import { hasOption, optionValue, optionValues, scanArgs } from "./scan-args.js";
import { downloadTo } from "./classify-remote.js";
import { literalWord, type ShellWord } from "./shell-word.js";
import { familyOf, splitCommandPath, type CommandPath, type VerbFamily } from "./verb-families.js";

export const AZ_VERBS: readonly VerbFamily[] = [
  {
    id: "azure.destroy-verbs",
    description: "deletes, purges or removes Azure resources, assignments or blobs",
    effect: "destroy",
    verbs: ["delete", "delete-*", "purge", "remove", "remove-*", "revoke", "detach", "unregister"],
    examples: ["az group delete --name rg-prod --yes", "az vm delete -g rg-app -n web-1 --yes", "az storage blob delete-batch --source backups --account-name prodsa", "az keyvault purge --name kv-prod", "az role assignment delete --assignee a@b.c --role Owner", "az lock delete --name no-delete -g rg-data", "az load test delete --test-id t1 -g rg", "az group delete list --name rg-prod"],
  },
  {
    id: "azure.write-verbs",
    description: "creates, changes, starts or deploys Azure resources",
    effect: "write",
    verbs: ["create", "update", "set", "add", "start", "stop", "restart", "deallocate", "assign", "upload", "upload-batch", "import", "export", "attach", "enable", "disable", "reset", "regenerate", "regenerate-*", "renew", "scale", "swap", "sync", "move", "register", "approve", "reject", "apply", "redeploy", "reimage", "resize", "restore", "failover", "install", "login", "logout", "generalize", "capture", "convert", "grant-access", "copy", "lock", "rotate", "set-*", "add-*", "update-*", "create-*", "upgrade", "stop-*", "start-*", "deploy", "up", "get-credentials", "build", "decompile", "configure"],
    examples: ["az vm create -g rg-app -n web-2 --image Ubuntu2204", "az webapp restart -g rg-app -n api", "az account set --subscription prod-sub", "az aks scale -g rg -n prod-aks --node-count 5", "az deployment group create -g rg-app --template-file main.bicep", "az lock create --name no-delete -g rg-data --lock-type CanNotDelete", "az aks get-credentials -g rg-k8s -n aks-main"],
  },
  {
    id: "azure.read-verbs",
    description: "lists, shows or reads Azure resources",
    effect: "read",
    verbs: ["list", "list-*", "show", "show-*", "get-*", "exists", "query", "wait", "check-*", "browse", "tail", "version", "help", "validate", "what-if", "get", "find", "test", "get-access-token", "get-versions", "logs", "generate-sas"],
    examples: ["az vm list -o table", "az group show --name rg-delete-me", "az account show", "az storage blob list --container-name backups --account-name prodsa", "az deployment group what-if -g rg-app --template-file main.bicep", "az lock list", "az group lock show -n no-delete -g rg-data", "az container logs -n api -g rg-app", "az storage blob generate-sas --account-name sa -c backups -n db.gz --permissions r --expiry 2025-01-01", "az container attach -n api -g rg-app", "az devops configure --list", "az group export -n rg-app"],
  },
  {
    id: "azure.download",
    description: "downloads blobs, files, logs or credentials into a local path (judged by where they land)",
    effect: "write",
    verbs: ["download", "download-batch"],
    examples: ["az storage blob download --account-name sa -c backups -n db.gz -f restore/db.gz", "az storage blob download-batch --account-name sa -s backups -d restore", "az container export -g rg -n api -f output.yaml", "az aks get-credentials -g rg -n aks --file kubeconfig.yaml"],
  },
];

export const AZ_CATALOG: readonly CatalogEntry[] = [
  ...AZ_VERBS,
  {
    id: "azure.local-output",
    description: "compiles a Bicep file or ARM template next to it (judged by where the output lands)",
    effect: "write",
    examples: ["az bicep build --file infra/main.bicep", "az bicep decompile -f infra/template.json", "az bicep build -f main.bicep --outdir build/"],
  },
  {
    id: "azure.dry-run",
    description: "--what-if or --dry-run only shows what would happen",
    effect: "read",
    examples: ["az deployment group create -g rg-app --template-file main.bicep --what-if", "az deployment sub create --location eastus --template-file t.bicep --what-if"],
  },
  {
    id: "azure.remote-exec",
    description: "runs a script on a VM or container: what it does is not in the command line",
    effect: "unknown",
    examples: ["az vm run-command invoke -g rg -n web-1 --command-id RunShellScript --scripts 'id'", "az container exec -g rg -n api --exec-command sh", "az ssh vm -g rg -n web-1"],
  },
  {
    id: "azure.rest",
    description: "`az rest` calls the management API: the HTTP method decides",
    effect: "destroy",
    examples: ["az rest --method delete --url https://management.azure.com/subscriptions/s/resourceGroups/rg-prod?api-version=2021-04-01"],
  },
  {
    id: "azure.rest-read",
    description: "`az rest` GET reads from the management API",
    effect: "read",
    examples: ["az rest --url https://management.azure.com/subscriptions?api-version=2020-01-01"],
  },
  {
    id: "azure.rest-write",
    description: "`az rest` PUT/POST/PATCH changes resources through the management API",
    effect: "write",
    examples: ["az rest --method put --url https://management.azure.com/x --body @b.json"],
  },
  {
    id: "azure.unknown-verb",
    description: "an az command no verb family covers",
    effect: "unknown",
    examples: ["az vm frobnicate -g rg -n web-1"],
  },
];

const AZ = (id: string) => entryOf(AZ_CATALOG, id);

const AZ_VALUED = [
  "--subscription", "-g", "--resource-group", "-n", "--name", "-o", "--output", "--query", "-l", "--location", "--image",
  "--template-file", "--parameters", "-p", "--node-count", "--assignee", "--role", "--scope", "--source", "--account-name",
  "--container-name", "--command-id", "--scripts", "--method", "-m", "--url", "-u", "--uri", "--body", "-b", "--headers",
  "--exec-command", "--vault-name", "--ids", "--set", "--tags", "--sku", "--size", "--file", "-f", "-c", "-d", "--destination",
  "--dest", "--log-file", "-s", "--pattern", "--account-key", "--permissions", "--expiry", "--prefix", "--lock-type", "--services",
  "--resource-types", "--container", "--public-access", "--metadata", "--runtime", "--os-type", "--admin-user", "--public-key", "--username",
  "--password", "--tenant", "--resource-type", "--address-prefixes", "--subnet-name", "--subnet-prefixes", "--node-vm-size",
  "--outfile", "--outdir", "--defaults", "--project", "--org", "--organization",
];

/** `GROUP... VERB` paths whose effect differs from their verb's family. */
const AZ_COMMAND_EFFECTS: Readonly<Record<string, string>> = {
  // Streams the container's output to this terminal; nothing is sent to the container.
  "container attach": "azure.read-verbs",
  // Prints the group's template.
  "group export": "azure.read-verbs",
};

/** Options that make a command only print (`az configure --list`). */
const AZ_READ_OPTIONS: Readonly<Record<string, readonly string[]>> = {
  configure: ["--list", "-l"],
  "bicep build": ["--stdout"],
  "bicep decompile": ["--stdout"],
};

/** Bicep compiles next to the source file unless told where. */
const AZ_LOCAL_OUTPUTS: Readonly<Record<string, readonly string[]>> = {
  "bicep build": ["--outfile", "--outdir"],
  "bicep decompile": ["--outfile", "--outdir"],
};

/** Commands that write files, and the options that say where (the current directory by default). */
const AZ_DOWNLOADS: Readonly<Record<string, readonly string[]>> = {
  download: ["-f", "--file", "--dest", "--log-file"],
  "download-batch": ["-d", "--destination"],
  "container export": ["-f", "--file"],
  "aks get-credentials": ["-f", "--file"],
};

function azMarkers(inv: Invocation, values: { subscription?: string; group?: string }): string[] {
  return [values.subscription, values.group, known(variable(inv, "AZURE_SUBSCRIPTION_ID")), known(variable(inv, "ARM_SUBSCRIPTION_ID"))].filter((m): m is string => !!m);
}

/** az groups named like verbs: `az lock list`, `az group lock delete`, `az load test delete`, `az storage blob copy start`. */
const AZ_VERB_NAMED_GROUPS = new Set(["lock", "test", "copy", "restore"]);

/**
 * az commands are `GROUP... VERB`. A group named like a verb is a group when another verb word
 * follows it directly on the command line (a word after an option is that option's value). Only
 * the groups listed count, so `az group delete list` stays a delete.
 */
function commandPath(inv: Invocation, positionals: readonly ShellWord[]): CommandPath {
  const path = splitCommandPath(positionals, AZ_VERBS);
  let { verb, family, after } = path;
  const groups = [...path.groups];
  while (verb && family && AZ_VERB_NAMED_GROUPS.has(verb.text) && after[0]?.literal && inv.args.indexOf(after[0]) === inv.args.indexOf(verb) + 1) {
    const next = familyOf(after[0].text, AZ_VERBS);
    if (!next) break;
    groups.push(verb);
    [verb, family, after] = [after[0], next, after.slice(1)];
  }
  return { groups, verb, family, after };
}

export const azClassifier: CommandClassifier = {
  commands: ["az"],
  catalog: AZ_CATALOG,
  helpAnywhere: true,
  classify(inv, ctx): Operation[] {
    const a = scanArgs(inv.args, { valued: AZ_VALUED });
    const subscription = known(optionValue(a, "--subscription"));
    const group = known(optionValue(a, "-g", "--resource-group"));
    const markers = azMarkers(inv, { ...(subscription ? { subscription } : {}), ...(group ? { group } : {}) });
    const resources = optionValues(a, "-n", "--name", "--ids", "--account-name", "--vault-name").map((w) => w.text);
    if (group) resources.push(group);
    const first = a.positionals[0]?.text;
    if (first === "rest") {
      const method = (optionValue(a, "--method", "-m")?.text ?? "get").toLowerCase();
      const url = optionValue(a, "--url", "-u", "--uri")?.text ?? "";
      const id = method === "delete" ? "azure.rest" : method === "get" || method === "head" ? "azure.rest-read" : "azure.rest-write";
      return [operation(inv, AZ(id), { target: "azure", service: "rest", verb: method.toUpperCase(), markers, resources: url ? [url] : resources })];
    }
    const path = commandPath(inv, a.positionals);
    const service = path.groups.map((g) => g.text).join(" ") || "az";
    const fields = { target: "azure" as const, service, verb: path.verb?.text ?? "", markers, resources: [...resources, ...path.after.map((w) => w.text)] };
    const full = `${service} ${path.verb?.text ?? ""}`;
    const lastGroup = path.groups[path.groups.length - 1]?.text ?? "";
    const downloadOptions = AZ_DOWNLOADS[path.verb?.text ?? ""] ?? AZ_DOWNLOADS[`${lastGroup} ${path.verb?.text ?? ""}`];
    if (downloadOptions && path.family) {
      const places = optionValues(a, ...downloadOptions);
      if (places.some((p) => p.text === "-")) return [operation(inv, AZ("azure.read-verbs"), fields)];
      // Without a destination get-credentials merges into the user's kubeconfig.
      if (places.length === 0 && path.verb?.text === "get-credentials") return [operation(inv, AZ("azure.write-verbs"), fields)];
      return (places.length > 0 ? places : [literalWord(".")]).map((place) => downloadTo(inv, ctx, place, AZ("azure.download"), `az ${full}`));
    }
    const command = `${lastGroup} ${path.verb?.text ?? ""}`;
    const readOptions = AZ_READ_OPTIONS[path.verb?.text ?? ""] ?? AZ_READ_OPTIONS[command];
    if (readOptions && path.family && hasOption(a, ...readOptions)) return [operation(inv, AZ("azure.read-verbs"), fields)];
    const outputs = AZ_LOCAL_OUTPUTS[command];
    if (outputs && path.family) {
      const source = optionValue(a, "-f", "--file");
      const places = optionValues(a, ...outputs);
      const dir = source?.literal ? literalWord(source.text.includes("/") ? source.text.slice(0, source.text.lastIndexOf("/") + 1) : ".") : undefined;
      const where = places.length > 0 ? places : dir ? [dir] : [];
      if (where.length > 0) return where.map((place) => downloadTo(inv, ctx, place, AZ("azure.local-output"), `az ${full}`));
    }
    const special = AZ_COMMAND_EFFECTS[command];
    if (special && path.family) return [operation(inv, AZ(special), fields)];
    if (/^vm run-command (invoke|create)|^container exec|^ssh (vm|arc)|^aks command invoke|^webapp ssh/.test(full) || (service === "ssh" && !path.family)) {
      return [operation(inv, AZ("azure.remote-exec"), fields)];
    }
    if (!path.family) {
      if (a.positionals.length === 0 && hasOption(a, "--version")) return [operation(inv, AZ("azure.read-verbs"), { ...fields, verb: "--version" })];
      return [operation(inv, AZ("azure.unknown-verb"), fields)];
    }
    if (path.family.effect !== "read" && hasOption(a, "--what-if", "--dry-run")) return [operation(inv, AZ("azure.dry-run"), { ...fields, dry_run: true })];
    return [operation(inv, path.family, fields)];
  },
};
