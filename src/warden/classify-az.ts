import { entryOf, known, operation, variable, type CatalogEntry, type CommandClassifier, type Invocation } from "./classifier.js";
import type { Operation } from "./operation.js";
import { hasOption, optionValue, optionValues, scanArgs } from "./scan-args.js";
import { splitCommandPath, type VerbFamily } from "./verb-families.js";

export const AZ_VERBS: readonly VerbFamily[] = [
  {
    id: "azure.destroy-verbs",
    description: "deletes, purges or removes Azure resources, assignments or blobs",
    effect: "destroy",
    verbs: ["delete", "delete-*", "purge", "remove", "remove-*", "revoke", "detach", "unregister"],
    examples: ["az group delete --name rg-prod --yes", "az vm delete -g rg-app -n web-1 --yes", "az storage blob delete-batch --source backups --account-name prodsa", "az keyvault purge --name kv-prod", "az role assignment delete --assignee a@b.c --role Owner"],
  },
  {
    id: "azure.write-verbs",
    description: "creates, changes, starts or deploys Azure resources",
    effect: "write",
    verbs: ["create", "update", "set", "add", "start", "stop", "restart", "deallocate", "assign", "upload", "upload-batch", "import", "export", "attach", "enable", "disable", "reset", "regenerate", "regenerate-*", "renew", "scale", "swap", "sync", "move", "register", "approve", "reject", "apply", "redeploy", "reimage", "resize", "restore", "failover", "install", "login", "logout", "generalize", "capture", "convert", "grant-access", "copy", "lock", "rotate", "set-*", "add-*", "update-*", "create-*", "upgrade", "stop-*", "start-*", "deploy", "up"],
    examples: ["az vm create -g rg-app -n web-2 --image Ubuntu2204", "az webapp restart -g rg-app -n api", "az account set --subscription prod-sub", "az aks scale -g rg -n prod-aks --node-count 5", "az deployment group create -g rg-app --template-file main.bicep"],
  },
  {
    id: "azure.read-verbs",
    description: "lists, shows or reads Azure resources",
    effect: "read",
    verbs: ["list", "list-*", "show", "show-*", "get-*", "exists", "query", "wait", "check-*", "browse", "tail", "version", "help", "validate", "what-if", "download", "download-batch", "get", "find", "get-credentials", "test", "get-access-token", "get-versions"],
    examples: ["az vm list -o table", "az group show --name rg-delete-me", "az account show", "az storage blob list --container-name backups --account-name prodsa", "az deployment group what-if -g rg-app --template-file main.bicep"],
  },
];

export const AZ_CATALOG: readonly CatalogEntry[] = [
  ...AZ_VERBS,
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
  "--exec-command", "--vault-name", "--ids", "--set", "--tags", "--sku", "--size", "--file", "-f",
];

function azMarkers(inv: Invocation, values: { subscription?: string; group?: string }): string[] {
  return [values.subscription, values.group, known(variable(inv, "AZURE_SUBSCRIPTION_ID")), known(variable(inv, "ARM_SUBSCRIPTION_ID"))].filter((m): m is string => !!m);
}

export const azClassifier: CommandClassifier = {
  commands: ["az"],
  catalog: AZ_CATALOG,
  helpAnywhere: true,
  classify(inv): Operation[] {
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
    const path = splitCommandPath(a.positionals, AZ_VERBS, ["lock"]);
    const service = path.groups.map((g) => g.text).join(" ") || "az";
    const fields = { target: "azure" as const, service, verb: path.verb?.text ?? "", markers, resources: [...resources, ...path.after.map((w) => w.text)] };
    const full = `${service} ${path.verb?.text ?? ""}`;
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
