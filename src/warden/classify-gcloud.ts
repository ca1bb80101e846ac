import { entryOf, known, operation, variable, type CatalogEntry, type ClassifyContext, type CommandClassifier, type Invocation } from "./classifier.js";
import type { Operation } from "./operation.js";
import { hasOption, optionValue, scanArgs, type ScannedArgs } from "./scan-args.js";
import { splitCommandPath, type VerbFamily } from "./verb-families.js";

/** gcloud commands end in a verb; the family decides the effect. Order matters: first match wins. */
export const GCLOUD_VERBS: readonly VerbFamily[] = [
  {
    id: "gcp.destroy-verbs",
    description: "deletes or removes Google Cloud resources, bindings or objects",
    effect: "destroy",
    verbs: ["delete", "remove-*", "detach-*", "rm", "purge", "destroy", "abandon-instances", "delete-*", "revoke"],
    examples: ["gcloud compute instances delete web-1 --zone us-central1-a", "gcloud sql instances delete prod-db", "gcloud projects remove-iam-policy-binding p --member user:a@b.c --role roles/owner", "gcloud storage rm -r gs://prod-backups", "gcloud container clusters delete prod --region us-central1"],
  },
  {
    id: "gcp.write-verbs",
    description: "creates, changes, deploys or starts Google Cloud resources",
    effect: "write",
    verbs: ["create", "create-*", "update", "update-*", "set-*", "add-*", "deploy", "apply", "patch", "import", "export", "start", "stop", "reset", "resize", "attach-*", "enable", "disable", "submit", "cp", "mv", "rsync", "restart", "rollback", "upload", "move", "rename", "scale", "suspend", "resume", "promote", "failover", "run", "execute", "call", "publish", "pull", "ack", "seek", "sign-*", "get-credentials", "login", "activate-service-account", "undelete", "restore", "clone", "replace", "acquire", "release", "switchover", "reboot", "add", "set", "init", "configure-docker", "use", "approve", "reject", "cancel", "snapshot", "invoke"],
    examples: ["gcloud compute instances create web-2 --zone us-central1-a", "gcloud run deploy api --image gcr.io/p/api", "gcloud container clusters get-credentials prod --region us-central1", "gcloud config set project prod-123", "gcloud compute instances add-labels web-1 --labels team=x"],
  },
  {
    id: "gcp.read-verbs",
    description: "lists, describes or reads Google Cloud resources",
    effect: "read",
    verbs: ["list", "list-*", "describe", "describe-*", "get-*", "ls", "cat", "read", "print-*", "info", "version", "help", "tail", "explain", "search-*", "lookup", "check-*", "test-iam-permissions", "du", "show-*", "diff", "query", "validate", "wait", "get", "get-value", "troubleshoot", "analyze-*"],
    examples: ["gcloud compute instances list --filter name~delete", "gcloud sql instances describe prod-db", "gcloud logging read 'severity>=ERROR' --limit 10", "gcloud projects get-iam-policy prod-123", "gcloud config list", "gcloud auth print-access-token"],
  },
];

export const GCLOUD_CATALOG: readonly CatalogEntry[] = [
  ...GCLOUD_VERBS,
  {
    id: "gcp.dry-run",
    description: "--dry-run or --validate-only only checks what would happen",
    effect: "read",
    examples: ["gcloud compute instances delete web-1 --dry-run", "gcloud sql instances patch prod-db --tier db-n1-standard-2 --validate-only"],
  },
  {
    id: "gcp.remote-exec",
    description: "opens a shell on a VM: without --command, what runs cannot be judged",
    effect: "unknown",
    examples: ["gcloud compute ssh web-1", "gcloud cloud-shell ssh"],
  },
  {
    id: "gcp.gsutil-read",
    description: "gsutil listing or reading objects",
    effect: "read",
    examples: ["gsutil ls gs://prod-backups", "gsutil cat gs://b/config.json", "gsutil du -s gs://b"],
  },
  {
    id: "gcp.gsutil-write",
    description: "gsutil copying, moving into or configuring buckets",
    effect: "write",
    examples: ["gsutil cp build/app.tgz gs://releases/", "gsutil -m rsync -r dist gs://site", "gsutil mb gs://new-bucket", "gsutil iam ch user:a@b.c:objectViewer gs://b"],
  },
  {
    id: "gcp.gsutil-destroy",
    description: "gsutil removing objects or buckets (rm, rb, rsync -d, mv out of a bucket)",
    effect: "destroy",
    examples: ["gsutil rm -r gs://prod-backups", "gsutil rb gs://old", "gsutil -m rsync -d -r empty gs://prod-site", "gsutil mv gs://a/x gs://b/x"],
  },
  {
    id: "gcp.unknown-verb",
    description: "a gcloud or gsutil command no verb family covers",
    effect: "unknown",
    examples: ["gcloud compute instances frobnicate web-1", "gsutil frob gs://b"],
  },
];

const GCP = (id: string) => entryOf(GCLOUD_CATALOG, id);

const GCLOUD_VALUED = [
  "--project", "--account", "--configuration", "--format", "--verbosity", "--impersonate-service-account", "--billing-project",
  "--filter", "--limit", "--sort-by", "--page-size", "--region", "--zone", "--member", "--role", "--labels", "--image",
  "--machine-type", "--tier", "--command", "--flags-file", "--location", "--cluster", "--namespace", "--service-account",
];

function gcpMarkers(inv: Invocation, a: ScannedArgs): string[] {
  const markers = [known(optionValue(a, "--project")), known(optionValue(a, "--configuration")), known(optionValue(a, "--cluster"))];
  markers.push(known(variable(inv, "CLOUDSDK_CORE_PROJECT")), known(variable(inv, "GOOGLE_CLOUD_PROJECT")));
  return markers.filter((m): m is string => m !== undefined);
}

function gcloud(inv: Invocation, ctx: ClassifyContext): Operation[] {
  const a = scanArgs(inv.args, { valued: GCLOUD_VALUED });
  const markers = gcpMarkers(inv, a);
  if (hasOption(a, "--flags-file")) return [operation(inv, GCP("gcp.unknown-verb"), { target: "gcp", service: "cli", verb: "--flags-file", markers, why: "flags come from a file Warden has not seen" })];
  const path = splitCommandPath(a.positionals, GCLOUD_VERBS, ["run", "deploy"]);
  const service = path.groups.map((g) => g.text).join(" ") || "gcloud";
  const resources = path.after.map((w) => w.text);
  const fields = { target: "gcp" as const, service, verb: path.verb?.text ?? "", markers, resources };
  if (path.groups.some((g) => g.text === "ssh")) {
    const command = optionValue(a, "--command");
    if (!command) return [operation(inv, GCP("gcp.remote-exec"), { ...fields, verb: "ssh" })];
    const host = path.after[0]?.text ?? path.groups[path.groups.length - 1]?.text ?? "vm";
    return ctx.shell(command, inv, { via: "gcloud compute ssh", location: { kind: "remote", via: "gcloud compute ssh", name: host }, markers: [...markers, host] });
  }
  if (!path.family) {
    if (a.positionals.length === 0 && (hasOption(a, "--version") || hasOption(a, "--help"))) return [operation(inv, GCP("gcp.read-verbs"), { ...fields, verb: "--version" })];
    return [operation(inv, GCP("gcp.unknown-verb"), fields)];
  }
  if (path.family.effect !== "read" && hasOption(a, "--dry-run", "--validate-only")) return [operation(inv, GCP("gcp.dry-run"), { ...fields, dry_run: true })];
  // `gcloud storage rsync --delete-unmatched-destination-objects` removes what the source lacks.
  if (path.verb?.text === "rsync" && hasOption(a, "--delete-unmatched-destination-objects")) return [operation(inv, GCP("gcp.destroy-verbs"), fields)];
  if (path.verb?.text === "mv" && path.after[0]?.text.startsWith("gs://")) return [operation(inv, GCP("gcp.destroy-verbs"), fields)];
  return [operation(inv, path.family, fields)];
}

const GSUTIL_READ = new Set(["ls", "cat", "du", "stat", "hash", "version", "help", "signurl", "compose"]);
const GSUTIL_WRITE = new Set(["cp", "mv", "rsync", "mb", "setmeta", "acl", "iam", "label", "versioning", "web", "defacl", "notification", "lifecycle", "cors", "logging", "retention", "kms", "defstorageclass", "requesterpays", "rewrite", "bucketpolicyonly", "ubla", "pap", "autoclass"]);

function gsutil(inv: Invocation): Operation[] {
  const a = scanArgs(inv.args, { valued: ["-o", "-h", "-u", "-i"], stopAtPositional: true });
  const [sub, ...rest] = a.rest;
  const sa = scanArgs(rest, { valued: ["-p", "-x", "-j", "-z", "-c", "-a", "-s", "-l", "-b", "-k"] });
  const resources = sa.positionals.map((w) => w.text);
  const markers = gcpMarkers(inv, a);
  const fields = { target: "gcp" as const, service: "storage", verb: sub?.text ?? "", markers, resources };
  const name = known(sub);
  if (name === undefined) return [operation(inv, GCP("gcp.unknown-verb"), fields)];
  if (name === "rm" || name === "rb") return [operation(inv, GCP("gcp.gsutil-destroy"), fields)];
  if (name === "rsync" && hasOption(sa, "-d")) return [operation(inv, GCP("gcp.gsutil-destroy"), fields)];
  if (name === "mv" && sa.positionals[0]?.text.startsWith("gs://")) return [operation(inv, GCP("gcp.gsutil-destroy"), fields)];
  if (name === "iam" && sa.positionals[0]?.text === "ch" && hasOption(sa, "-d")) return [operation(inv, GCP("gcp.gsutil-destroy"), fields)];
  if (GSUTIL_READ.has(name) || (GSUTIL_WRITE.has(name) && ["get", "list"].includes(sa.positionals[0]?.text ?? ""))) return [operation(inv, GCP("gcp.gsutil-read"), fields)];
  if (GSUTIL_WRITE.has(name)) return [operation(inv, GCP("gcp.gsutil-write"), fields)];
  return [operation(inv, GCP("gcp.unknown-verb"), fields)];
}

export const gcloudClassifier: CommandClassifier = {
  commands: ["gcloud", "gsutil"],
  catalog: GCLOUD_CATALOG,
  helpAnywhere: true,
  classify(inv, ctx) {
    return inv.name === "gsutil" ? gsutil(inv) : gcloud(inv, ctx);
  },
};

