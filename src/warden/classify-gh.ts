import { entryOf, known, operation, variable, type CatalogEntry, type ClassifyContext, type CommandClassifier, type Invocation, type OperationFields } from "./classifier.js";
import { downloadTo } from "./classify-remote.js";
import { nestedRepositoryWhy } from "./nested-repository.js";
import { recordLoader } from "./planted-code.js";
import type { Operation } from "./operation.js";
import { hasOption, optionValue, optionValues, scanArgs } from "./scan-args.js";
import { literalWord } from "./shell-word.js";
import { familyOf, type VerbFamily } from "./verb-families.js";

export const GH_VERBS: readonly VerbFamily[] = [
  {
    id: "gh.destroy-verbs",
    description: "deletes a repository, release, secret, variable, label, cache, run, issue or key",
    effect: "destroy",
    verbs: ["delete", "remove", "rm", "delete-*", "item-delete", "field-delete"],
    examples: ["gh repo delete org/payments --yes", "gh release delete v1.0 -y", "gh secret delete AWS_KEY", "gh cache delete --all", "gh issue delete 12", "gh project item-delete 3 --owner acme --id PVTI_1", "gh cs delete -c web-1"],
  },
  {
    id: "gh.write-verbs",
    description: "creates, edits, merges, closes or triggers something on GitHub",
    effect: "write",
    verbs: ["create", "edit", "merge", "close", "reopen", "comment", "review", "ready", "set", "add", "run", "enable", "disable", "cancel", "rerun", "fork", "sync", "transfer", "lock", "unlock", "pin", "unpin", "archive", "unarchive", "rename", "upload", "login", "logout", "refresh", "setup-git", "develop", "import", "copy", "mark-template", "link", "unlink", "item-add", "item-edit", "item-archive", "item-create", "field-create", "switch", "rebuild", "stop"],
    examples: ["gh pr create --fill", "gh pr merge 42 --squash", "gh workflow run deploy.yml -f env=staging", "gh issue close 7", "gh secret set API_KEY < key.txt", "gh repo archive org/old --yes", "gh codespace stop -c web-1", "gh project item-create 3 --owner acme --title x"],
  },
  {
    id: "gh.read-verbs",
    description: "lists or shows pull requests, issues, runs, repositories, rulesets, projects, codespaces",
    effect: "read",
    verbs: ["list", "view", "status", "diff", "checks", "check", "search", "browse", "watch", "ls", "token", "get", "clone", "checkout", "verify", "verify-asset", "trusted-root", "logs", "ports", "item-list", "field-list"],
    examples: ["gh pr list --label delete-me", "gh pr view 42", "gh run view 123 --log", "gh issue list --search 'destroy'", "gh auth status", "gh repo view org/payments", "gh rs check main -R acme/api", "gh ruleset view 42 --org acme", "gh project item-list 3 --owner acme", "gh codespace logs -c web-1", "gh at verify app.bin -o acme", "gh search code 'rm -rf' --owner acme", "gh search prs --assignee=@me --state=open", "gh copilot explain 'git reset --hard'"],
  },
];

export const GH_CATALOG: readonly CatalogEntry[] = [
  ...GH_VERBS,
  {
    id: "gh.download",
    description: "downloads release assets, run artifacts or attestations into a local directory (judged by where they land)",
    effect: "write",
    examples: ["gh release download v1.4.0", "gh release download v1.4.0 -D dist/", "gh run download 123 -n build", "gh at download app.bin -R acme/api", "gh codespace cp 'remote:~/app.log' logs/"],
  },
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
    examples: ["gh my-extension run", "gh co 42", "gh extension install owner/gh-x", "gh api -X $METHOD repos/o/r", "gh alias set co 'pr checkout'", "gh codespace ssh -c web-1", "gh codespace code", "gh copilot suggest 'undo the last commit'"],
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

/** gh's own short names for command groups (not user aliases, which stay unknown). */
const GH_GROUP_ALIASES: Readonly<Record<string, string>> = { rs: "ruleset", at: "attestation", cs: "codespace", ext: "extension", extensions: "extension" };

const KNOWN_GROUPS = ["pr", "issue", "repo", "release", "run", "workflow", "secret", "variable", "label", "cache", "gist", "auth", "config", "codespace", "org", "project", "ruleset", "search", "ssh-key", "gpg-key", "status", "browse", "attestation", "completion", "help", "copilot", "extension", "alias"];

/** `GROUP VERB` pairs whose effect differs from the verb's family elsewhere. */
const GH_COMMAND_EFFECTS: Readonly<Record<string, string>> = {
  // `gh label clone` copies another repository's labels into this one; `gh repo clone` only makes a local copy.
  "label clone": "gh.write-verbs",
  "codespace ssh": "gh.unknown",
  "codespace code": "gh.unknown",
  "codespace jupyter": "gh.unknown",
  // Only explains the command it is given; `copilot suggest` offers to run what it suggests.
  "copilot explain": "gh.read-verbs",
};

/** Downloads: the options that name where files land (the current directory by default). */
const GH_DOWNLOADS: Readonly<Record<string, readonly string[]>> = {
  "release download": ["-D", "--dir", "-O", "--output"],
  "run download": ["-D", "--dir"],
  "attestation download": [],
};

const GH_VALUED = ["-R", "--repo", "-f", "--field", "-F", "--raw-field", "-X", "--method", "-L", "--limit", "-s", "--state", "-l", "--label", "-b", "--body", "-t", "--title", "-B", "--base", "-H", "--head", "-S", "--search", "--json", "-q", "--jq", "-e", "--env", "-a", "--assignee", "-w", "--workflow", "-r", "--ref", "--hostname", "-u", "--user", "-D", "--dir", "-O", "--output", "-o", "--owner", "--org", "-c", "--codespace", "-n", "--name", "-p", "--pattern", "-k", "--key", "--url", "--id", "--signer-workflow", "--format", "-b", "--bundle", "--custom-trusted-root"];

function download(inv: Invocation, ctx: ClassifyContext, command: string, a: ReturnType<typeof scanArgs>, fields: OperationFields): Operation[] {
  const options = GH_DOWNLOADS[command] ?? [];
  const places = options.length > 0 ? optionValues(a, ...options).filter((w) => w.text !== "-") : [];
  const writesStdout = options.length > 0 && optionValues(a, ...options).some((w) => w.text === "-");
  if (writesStdout && places.length === 0) return [operation(inv, GH("gh.read-verbs"), fields)];
  return (places.length > 0 ? places : [literalWord(".")]).map((place) => downloadTo(inv, ctx, place, GH("gh.download"), `gh ${command}`));
}

export const ghClassifier: CommandClassifier = {
  commands: ["gh"],
  catalog: GH_CATALOG,
  helpAnywhere: true,
  classify(inv, ctx) {
    // gh runs git where it is (`git remote`, `git status` for pr create): a nested repository's config runs.
    recordLoader(ctx, "git", inv.command.context.cwds);
    const nested = nestedRepositoryWhy(inv, ctx.workspace);
    if (nested) return [operation(inv, GH("gh.unknown"), { target: "github", service: "repo", verb: "nested repository", why: nested })];
    const a = scanArgs(inv.args, { valued: GH_VALUED });
    const markers = [optionValue(a, "-R", "--repo"), variable(inv, "GH_REPO")].map(known).filter((v): v is string => !!v);
    const [groupWord, verb, ...rest] = a.positionals;
    if (!groupWord) return [operation(inv, GH(hasOption(a, "--version") ? "gh.read-verbs" : "gh.unknown"), { target: "github", service: "cli", verb: "", markers })];
    const group = groupWord.literal ? (GH_GROUP_ALIASES[groupWord.text] ?? groupWord.text) : groupWord.text;
    if (groupWord.literal && group === "api") return [api(inv, markers)];
    const fields = { target: "github" as const, service: group, verb: verb?.text ?? "", markers, resources: [...markers, ...rest.map((w) => w.text)] };
    // A top-level word gh does not know is an extension (`gh-<name>` on PATH) or an alias.
    if (!groupWord.literal || !KNOWN_GROUPS.includes(group)) return [operation(inv, GH("gh.unknown"), fields)];
    // A group alone prints its help.
    if (!verb || ["status", "browse", "help", "completion"].includes(group)) return [operation(inv, GH("gh.read-verbs"), fields)];
    if (!verb?.literal) return [operation(inv, GH("gh.unknown"), fields)];
    if (group === "extension" || group === "alias") {
      const reads = verb.text === "list" || verb.text === "ls" || verb.text === "browse" || verb.text === "search";
      return [operation(inv, GH(reads ? "gh.read-verbs" : "gh.unknown"), fields)];
    }
    // `gh search code|commits|issues|prs|repos` only searches.
    if (group === "search") return [operation(inv, GH("gh.read-verbs"), fields)];
    const command = `${group} ${verb.text}`;
    if (command in GH_DOWNLOADS) return download(inv, ctx, command, a, fields);
    if (command === "codespace cp") {
      const destination = rest[rest.length - 1];
      if (destination?.literal && !destination.text.startsWith("remote:") && rest.slice(0, -1).some((w) => w.text.startsWith("remote:"))) return [downloadTo(inv, ctx, destination, GH("gh.download"), "gh codespace cp")];
      return [operation(inv, GH(destination?.literal ? "gh.write-verbs" : "gh.unknown"), fields)];
    }
    // `gh codespace ports` lists and `ports forward` tunnels; `ports visibility` changes who can reach them.
    if (command === "codespace ports" && rest[0]?.text === "visibility") return [operation(inv, GH("gh.write-verbs"), fields)];
    const special = GH_COMMAND_EFFECTS[command];
    if (special) return [operation(inv, GH(special), fields)];
    const family = familyOf(verb.text, GH_VERBS);
    return [operation(inv, family ?? GH("gh.unknown"), fields)];
  },
};
