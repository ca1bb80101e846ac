import { entryOf, known, operation, variable, type CatalogEntry, type ClassifyContext, type CommandClassifier, type Invocation, type OperationFields } from "./classifier.js";
import { EFFECT_RANK, type Effect, type Operation } from "./operation.js";
import { classifyStatement, splitStatements } from "./sql-statements.js";
import { hasOption, optionValue, scanArgs, type ScannedArgs } from "./scan-args.js";
import { downloadTo } from "./classify-remote.js";
import type { ShellWord } from "./shell-word.js";
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
    verbs: ["list", "list-*", "describe", "describe-*", "get-*", "ls", "cat", "read", "print-*", "info", "version", "help", "tail", "explain", "search-*", "lookup", "check-*", "test-iam-permissions", "du", "show-*", "diff", "query", "validate", "wait", "get", "get-value", "troubleshoot", "analyze-*", "browse", "cheat-sheet", "access"],
    examples: ["gcloud compute instances list --filter name~delete", "gcloud sql instances describe prod-db", "gcloud logging read 'severity>=ERROR' --limit 10", "gcloud projects get-iam-policy prod-123", "gcloud config list", "gcloud auth print-access-token", "gcloud app browse", "gcloud cheat-sheet", "gcloud run services list --region europe-west1", "gcloud beta run revisions describe api-00042", "gcloud deploy releases list --delivery-pipeline web", "gcloud secrets versions access latest --secret=api-key", "gcloud kms decrypt --key=app --keyring=prod --location=global --ciphertext-file=app.enc --plaintext-file=-"],
  },
  {
    id: "gcp.kms-crypto",
    description: "encrypts, decrypts or signs with a Cloud KMS key: only the output file changes (judged by where it lands)",
    effect: "write",
    verbs: ["encrypt", "decrypt", "asymmetric-decrypt", "asymmetric-sign", "mac-sign", "raw-encrypt", "raw-decrypt"],
    examples: ["gcloud kms decrypt --key=app --keyring=prod --location=global --ciphertext-file=app.enc --plaintext-file=app.txt", "gcloud kms encrypt --key=app --keyring=prod --location=global --plaintext-file=app.txt --ciphertext-file=app.enc"],
  },
];

export const GCLOUD_CATALOG: readonly CatalogEntry[] = [
  ...GCLOUD_VERBS,
  {
    id: "gcp.download",
    description: "copies objects from a bucket into a local path (judged by where they land)",
    effect: "write",
    examples: ["gsutil cp gs://backups/db.sql.gz restore/", "gcloud storage cp gs://my-bucket/file.txt .", "gsutil -m rsync -r gs://site/ public/", "gcloud storage rsync gs://site public --recursive"],
  },
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
    examples: ["gsutil ls gs://prod-backups", "gsutil cat gs://b/config.json", "gsutil du -s gs://b", "gsutil cp gs://b/config.json -"],
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
    id: "gcp.bq-read",
    description: "bq listing or showing datasets, tables and jobs, or a query that only reads",
    effect: "read",
    examples: ["bq ls", "bq show --format=prettyjson acme:sales.orders", "bq head -n 10 sales.orders", "bq query --use_legacy_sql=false 'SELECT COUNT(*) FROM sales.orders'", "bq query --dry_run 'DELETE FROM sales.orders WHERE TRUE'"],
  },
  {
    id: "gcp.bq-write",
    description: "bq creating, loading, copying or exporting tables, or a query that changes data or writes a destination table",
    effect: "write",
    examples: ["bq mk --dataset acme:staging", "bq load --source_format=CSV sales.orders gs://b/orders.csv", "bq cp sales.orders sales.orders_bak", "bq query --destination_table=sales.top 'SELECT * FROM sales.orders LIMIT 10'", "bq query --use_legacy_sql=false \"INSERT INTO sales.orders (id) VALUES (1)\""],
  },
  {
    id: "gcp.bq-destroy",
    description: "bq removing datasets, tables or bindings, or a query that drops or deletes every row",
    effect: "destroy",
    examples: ["bq rm -r -f acme:staging", "bq rm -t sales.orders_bak", "bq query --use_legacy_sql=false 'DROP TABLE sales.orders'", "bq query --replace --destination_table=sales.orders 'SELECT 1'"],
  },
  {
    id: "gcp.unknown-verb",
    description: "a gcloud or gsutil command no verb family covers",
    effect: "unknown",
    examples: ["gcloud compute instances frobnicate web-1", "gsutil frob gs://b", "bq shell", "bq query < report.sql", "bq query \"$SQL\""],
  },
];

const GCP = (id: string) => entryOf(GCLOUD_CATALOG, id);

const GCLOUD_VALUED = [
  "--project", "--account", "--configuration", "--format", "--verbosity", "--impersonate-service-account", "--billing-project",
  "--filter", "--limit", "--sort-by", "--page-size", "--region", "--zone", "--member", "--role", "--labels", "--image",
  "--machine-type", "--tier", "--command", "--flags-file", "--location", "--cluster", "--namespace", "--service-account",
  "--plaintext-file", "--ciphertext-file", "--signature-file", "--key", "--keyring", "--additional-authenticated-data-file",
];

function gcpMarkers(inv: Invocation, a: ScannedArgs): string[] {
  const markers = [known(optionValue(a, "--project")), known(optionValue(a, "--configuration")), known(optionValue(a, "--cluster"))];
  markers.push(known(variable(inv, "CLOUDSDK_CORE_PROJECT")), known(variable(inv, "GOOGLE_CLOUD_PROJECT")));
  return markers.filter((m): m is string => m !== undefined);
}

/** Where Cloud KMS writes its result; `-` is standard output. */
const KMS_OUTPUT_OF: Readonly<Record<string, string>> = {
  encrypt: "--ciphertext-file", "raw-encrypt": "--ciphertext-file", decrypt: "--plaintext-file", "raw-decrypt": "--plaintext-file",
  "asymmetric-decrypt": "--plaintext-file", "asymmetric-sign": "--signature-file", "mac-sign": "--signature-file",
};

/** Release tracks that prefix any command. */
const RELEASE_TRACKS = new Set(["alpha", "beta", "preview"]);

/** Top-level gcloud groups named like verbs (Cloud Run, Cloud Deploy): there they are groups, never the verb. */
const VERB_NAMED_GROUPS = new Set(["run", "deploy"]);

/** A bucket or other cloud URL rather than a local path. */
function isCloudUrl(w: ShellWord): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(w.text);
}

/**
 * `cp`/`rsync` from a bucket into a local path: the destination decides, judged as a local file
 * (rsync's delete options replace what is there).
 */
function downloadInto(inv: Invocation, ctx: ClassifyContext, words: readonly ShellWord[], replaces: boolean): Operation | null {
  const destination = words[words.length - 1];
  const sources = words.slice(0, -1);
  if (!destination?.literal || isCloudUrl(destination) || sources.length === 0 || !sources.every((w) => w.literal && isCloudUrl(w))) return null;
  if (destination.text === "-") return operation(inv, GCP(inv.name === "gsutil" ? "gcp.gsutil-read" : "gcp.read-verbs"), { target: "gcp", service: "storage", verb: "cp", resources: sources.map((w) => w.text) });
  return downloadTo(inv, ctx, destination, GCP("gcp.download"), `${inv.name} ${replaces ? "rsync" : "cp"}`, replaces, sources);
}

function gcloud(inv: Invocation, ctx: ClassifyContext): Operation[] {
  const a = scanArgs(inv.args, { valued: GCLOUD_VALUED });
  const markers = gcpMarkers(inv, a);
  if (hasOption(a, "--flags-file")) return [operation(inv, GCP("gcp.unknown-verb"), { target: "gcp", service: "cli", verb: "--flags-file", markers, why: "flags come from a file Warden has not seen" })];
  const track = a.positionals[0]?.literal && RELEASE_TRACKS.has(a.positionals[0].text) ? 1 : 0;
  const top = a.positionals[track];
  const grouped = top?.literal && VERB_NAMED_GROUPS.has(top.text) && a.positionals.length > track + 1 ? track + 1 : track;
  const tail = splitCommandPath(a.positionals.slice(grouped), GCLOUD_VERBS);
  const path = { ...tail, groups: [...a.positionals.slice(0, grouped), ...tail.groups] };
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
  if (path.family.id === "gcp.kms-crypto") {
    const output = optionValue(a, KMS_OUTPUT_OF[path.verb?.text ?? ""] ?? "--plaintext-file");
    if (output?.text === "-") return [operation(inv, GCP("gcp.read-verbs"), fields)];
    if (output?.literal) return [downloadTo(inv, ctx, output, GCP("gcp.kms-crypto"), `gcloud kms ${path.verb?.text ?? ""}`)];
    return [operation(inv, path.family, fields)];
  }
  if (path.groups.some((g) => g.text === "storage") && (path.verb?.text === "cp" || path.verb?.text === "rsync")) {
    const download = downloadInto(inv, ctx, path.after, path.verb.text === "rsync" && hasOption(a, "--delete-unmatched-destination-objects"));
    if (download) return [download];
  }
  return [operation(inv, path.family, fields)];
}

const GSUTIL_READ = new Set(["ls", "cat", "du", "stat", "hash", "version", "help", "signurl", "compose"]);
const GSUTIL_WRITE = new Set(["cp", "mv", "rsync", "mb", "setmeta", "acl", "iam", "label", "versioning", "web", "defacl", "notification", "lifecycle", "cors", "logging", "retention", "kms", "defstorageclass", "requesterpays", "rewrite", "bucketpolicyonly", "ubla", "pap", "autoclass"]);

function gsutil(inv: Invocation, ctx: ClassifyContext): Operation[] {
  const a = scanArgs(inv.args, { valued: ["-o", "-h", "-u", "-i"], stopAtPositional: true });
  const [sub, ...rest] = a.rest;
  const sa = scanArgs(rest, { valued: ["-p", "-x", "-j", "-z", "-c", "-a", "-s", "-l", "-b", "-k"] });
  const resources = sa.positionals.map((w) => w.text);
  const markers = gcpMarkers(inv, a);
  const fields = { target: "gcp" as const, service: "storage", verb: sub?.text ?? "", markers, resources };
  const name = known(sub);
  if (name === undefined) return [operation(inv, GCP("gcp.unknown-verb"), fields)];
  if (name === "cp" || name === "rsync") {
    const download = downloadInto(inv, ctx, sa.positionals, name === "rsync" && hasOption(sa, "-d"));
    if (download) return [download];
  }
  if (name === "rm" || name === "rb") return [operation(inv, GCP("gcp.gsutil-destroy"), fields)];
  if (name === "rsync" && hasOption(sa, "-d")) return [operation(inv, GCP("gcp.gsutil-destroy"), fields)];
  if (name === "mv" && sa.positionals[0]?.text.startsWith("gs://")) return [operation(inv, GCP("gcp.gsutil-destroy"), fields)];
  if (name === "iam" && sa.positionals[0]?.text === "ch" && hasOption(sa, "-d")) return [operation(inv, GCP("gcp.gsutil-destroy"), fields)];
  if (GSUTIL_READ.has(name) || (GSUTIL_WRITE.has(name) && ["get", "list"].includes(sa.positionals[0]?.text ?? ""))) return [operation(inv, GCP("gcp.gsutil-read"), fields)];
  if (GSUTIL_WRITE.has(name)) return [operation(inv, GCP("gcp.gsutil-write"), fields)];
  return [operation(inv, GCP("gcp.unknown-verb"), fields)];
}

const BQ_READ = new Set(["ls", "show", "head", "wait", "version", "help", "info", "get-iam-policy"]);
const BQ_WRITE = new Set(["mk", "update", "insert", "load", "cp", "extract", "set-iam-policy", "add-iam-policy-binding", "cancel", "partition", "undelete", "init", "truncate"]);
const BQ_DESTROY = new Set(["rm", "remove-iam-policy-binding"]);
const BQ_ENTRY: Readonly<Record<Effect, string>> = { read: "gcp.bq-read", write: "gcp.bq-write", destroy: "gcp.bq-destroy", unknown: "gcp.unknown-verb" };

/** `bq query SQL`: the statements decide; a destination table makes it a write (--replace overwrites it). */
function bqQuery(inv: Invocation, sa: ScannedArgs, fields: OperationFields): Operation[] {
  if (hasOption(sa, "--dry_run")) return [operation(inv, GCP("gcp.bq-read"), { ...fields, dry_run: true })];
  const words = [...sa.positionals, ...sa.rest];
  if (words.length === 0 || words.some((w) => !w.literal)) return [operation(inv, GCP("gcp.unknown-verb"), { ...fields, why: "the query comes from standard input or a variable" })];
  const statements = splitStatements(words.map((w) => w.text).join(" "));
  let effect: Effect = statements.length === 0 ? "unknown" : "read";
  for (const st of statements) {
    const e = classifyStatement(st).effect;
    if (EFFECT_RANK[e] > EFFECT_RANK[effect]) effect = e;
  }
  const destination = hasOption(sa, "--destination_table", "--append_table") || optionValue(sa, "--destination_table") !== undefined;
  if (hasOption(sa, "--replace") && destination && EFFECT_RANK[effect] < EFFECT_RANK.destroy) effect = "destroy";
  else if (destination && effect === "read") effect = "write";
  return [operation(inv, GCP(BQ_ENTRY[effect]), fields)];
}

function bq(inv: Invocation): Operation[] {
  const a = scanArgs(inv.args, { valued: ["--project_id", "--dataset_id", "--location", "--format", "--api", "--apilog", "--credential_file", "--job_id"], stopAtPositional: true });
  const [sub, ...rest] = a.rest;
  const sa = scanArgs(rest, { valued: ["--destination_table", "-n", "--max_rows", "--format", "--source_format", "--schema", "--parameter", "--max_results", "--label", "--project_id", "--location"] });
  const markers = [known(optionValue(a, "--project_id")), known(optionValue(sa, "--project_id"))].filter((m): m is string => m !== undefined);
  const fields = { target: "gcp" as const, service: "bigquery", verb: sub?.text ?? "", markers, resources: sa.positionals.map((w) => w.text) };
  const name = known(sub);
  if (name === undefined) return [operation(inv, GCP(a.rest.length === 0 && (hasOption(a, "--version") || hasOption(a, "--help")) ? "gcp.bq-read" : "gcp.unknown-verb"), fields)];
  if (name === "query") return bqQuery(inv, sa, fields);
  if (BQ_READ.has(name)) return [operation(inv, GCP("gcp.bq-read"), fields)];
  if (BQ_WRITE.has(name)) return [operation(inv, GCP("gcp.bq-write"), fields)];
  if (BQ_DESTROY.has(name)) return [operation(inv, GCP("gcp.bq-destroy"), fields)];
  return [operation(inv, GCP("gcp.unknown-verb"), fields)];
}

export const gcloudClassifier: CommandClassifier = {
  commands: ["gcloud", "gsutil", "bq"],
  catalog: GCLOUD_CATALOG,
  helpAnywhere: true,
  classify(inv, ctx) {
    if (inv.name === "bq") return bq(inv);
    return inv.name === "gsutil" ? gsutil(inv, ctx) : gcloud(inv, ctx);
  },
};

