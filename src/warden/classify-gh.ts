import { entryOf, known, operation, variable, type CatalogEntry, type CommandClassifier, type Invocation } from "./classifier.js";
import type { Operation } from "./operation.js";
import { hasOption, optionValue, optionValues, scanArgs } from "./scan-args.js";
import { familyOf, type VerbFamily } from "./verb-families.js";

export const GH_VERBS: readonly VerbFamily[] = [
  {
    id: "gh.destroy-verbs",
    description: "deletes a repository, release, secret, variable, label, cache, run, issue or key",
    effect: "destroy",
    verbs: ["delete", "remove", "rm", "delete-*"],
    examples: ["gh repo delete org/payments --yes", "gh release delete v1.0 -y", "gh secret delete AWS_KEY", "gh cache delete --all", "gh issue delete 12"],
  },
  {
    id: "gh.write-verbs",
    description: "creates, edits, merges, closes or triggers something on GitHub",
    effect: "write",
    verbs: ["create", "edit", "merge", "close", "reopen", "comment", "review", "ready", "set", "add", "run", "enable", "disable", "cancel", "rerun", "fork", "sync", "transfer", "lock", "unlock", "pin", "unpin", "archive", "unarchive", "rename", "upload", "login", "logout", "refresh", "setup-git", "develop", "import", "copy", "mark-template", "link", "unlink", "item-add", "item-edit", "item-archive", "field-create", "switch"],
    examples: ["gh pr create --fill", "gh pr merge 42 --squash", "gh workflow run deploy.yml -f env=staging", "gh issue close 7", "gh secret set API_KEY < key.txt", "gh repo archive org/old --yes"],
  },
  {
    id: "gh.read-verbs",
    description: "lists or shows pull requests, issues, runs, repositories",
    effect: "read",
    verbs: ["list", "view", "status", "diff", "checks", "search", "browse", "watch", "download", "ls", "token", "get", "clone", "checkout", "verify", "verify-asset", "trusted-root"],
    examples: ["gh pr list --label delete-me", "gh pr view 42", "gh run view 123 --log", "gh issue list --search 'destroy'", "gh auth status", "gh repo view org/payments"],
  },
];

export const GH_CATALOG: readonly CatalogEntry[] = [
  ...GH_VERBS,
  {
    id: "gh.api-read",
    description: "`gh api` GET (the default without fields) reads from the API",
    effect: "read",
    examples: ["gh api repos/org/app/pulls", "gh api -X GET search/issues -f q=delete", "gh api graphql -f query='query { viewer { login } }'"],
  },
  {
    id: "gh.api-write",
    description: "`gh api` POST, PUT or PATCH (or fields without a method) changes something",
    effect: "write",
    examples: ["gh api repos/org/app/issues -f title=x", "gh api -X PATCH repos/org/app -f description=y", "gh api graphql -f query='mutation { addStar(input: {starrableId: \"x\"}) { clientMutationId } }'"],
  },
  {
    id: "gh.api-destroy",
    description: "`gh api -X DELETE` (or a GraphQL delete mutation) deletes something",
    effect: "destroy",
    examples: ["gh api -X DELETE repos/org/app", "gh api --method DELETE repos/org/app/git/refs/heads/main", "gh api graphql -f query='mutation { deleteRepository(input: {}) { clientMutationId } }'"],
  },
  {
    id: "gh.unknown",
    description: "a gh extension or alias (runs code Warden has not seen), or an API call with a method known only at run time",
    effect: "unknown",
    examples: ["gh my-extension run", "gh extension install owner/gh-x", "gh api -X $METHOD repos/o/r", "gh alias set co 'pr checkout'"],
  },
];

const GH = (id: string) => entryOf(GH_CATALOG, id);

const API_VALUED = ["-X", "--method", "-f", "--raw-field", "-F", "--field", "-H", "--header", "--input", "-q", "--jq", "-t", "--template", "--hostname", "-p", "--preview", "--cache"];

function api(inv: Invocation, markers: string[]): Operation {
  const a = scanArgs(inv.args.slice(1), { valued: API_VALUED });
  const endpoint = a.positionals[0]?.text ?? "";
  const methodWord = optionValue(a, "-X", "--method");
  const fields = optionValues(a, "-f", "--raw-field", "-F", "--field");
  const base = { target: "github" as const, service: "api", markers, resources: [endpoint] };
  if (methodWord && !methodWord.literal) return operation(inv, GH("gh.unknown"), { ...base, verb: methodWord.text });
  if (endpoint === "graphql") {
    const query = fields.map((f) => f.text).join(" ");
    if (fields.some((f) => !f.literal) || hasOption(a, "--input")) return operation(inv, GH("gh.unknown"), { ...base, verb: "graphql" });
    if (/\bmutation\b/.test(query)) {
      const destroys = /\bmutation\b[\s\S]*\b(?:delete|remove|archive)[A-Z]\w*/.test(query);
      return operation(inv, GH(destroys ? "gh.api-destroy" : "gh.api-write"), { ...base, verb: "graphql mutation" });
    }
    return operation(inv, GH("gh.api-read"), { ...base, verb: "graphql query" });
  }
  const method = (methodWord?.text ?? (fields.length > 0 || hasOption(a, "--input") ? "POST" : "GET")).toUpperCase();
  const id = method === "DELETE" ? "gh.api-destroy" : method === "GET" || method === "HEAD" ? "gh.api-read" : "gh.api-write";
  return operation(inv, GH(id), { ...base, verb: method });
}

export const ghClassifier: CommandClassifier = {
  commands: ["gh"],
  catalog: GH_CATALOG,
  helpAnywhere: true,
  classify(inv) {
    const a = scanArgs(inv.args, { valued: ["-R", "--repo", "-f", "--field", "-F", "--raw-field", "-X", "--method", "-L", "--limit", "-s", "--state", "-l", "--label", "-b", "--body", "-t", "--title", "-B", "--base", "-H", "--head", "-S", "--search", "--json", "-q", "--jq", "-e", "--env", "-a", "--assignee", "-w", "--workflow", "-r", "--ref", "--hostname", "-u", "--user"] });
    const markers = [optionValue(a, "-R", "--repo"), variable(inv, "GH_REPO")].map(known).filter((v): v is string => !!v);
    const [group, verb, ...rest] = a.positionals;
    if (!group) return [operation(inv, GH(hasOption(a, "--version") ? "gh.read-verbs" : "gh.unknown"), { target: "github", service: "cli", verb: "", markers })];
    if (group.text === "api") return [api(inv, markers)];
    const fields = { target: "github" as const, service: group.text, verb: verb?.text ?? "", markers, resources: [...markers, ...rest.map((w) => w.text)] };
    if (["extension", "extensions", "ext", "alias"].includes(group.text)) {
      const reads = verb?.text === "list" || verb?.text === "ls" || verb?.text === "browse";
      return [operation(inv, GH(reads ? "gh.read-verbs" : "gh.unknown"), fields)];
    }
    if (group.literal && ["status", "browse", "help", "completion"].includes(group.text)) return [operation(inv, GH("gh.read-verbs"), fields)];
    if (!group.literal || !verb?.literal) return [operation(inv, GH("gh.unknown"), fields)];
    // A top-level word gh does not know is an extension (`gh-<name>` on PATH) or an alias.
    const KNOWN_GROUPS = ["pr", "issue", "repo", "release", "run", "workflow", "secret", "variable", "label", "cache", "gist", "auth", "config", "codespace", "org", "project", "ruleset", "search", "ssh-key", "gpg-key", "status", "browse", "attestation", "completion", "help", "copilot"];
    if (!KNOWN_GROUPS.includes(group.text)) return [operation(inv, GH("gh.unknown"), fields)];
    if (group.text === "codespace" && verb.text === "ssh") return [operation(inv, GH("gh.unknown"), fields)];
    const family = familyOf(verb.text, GH_VERBS);
    return [operation(inv, family ?? GH("gh.unknown"), fields)];
  },
};
