import { entryOf, known, operation, variable, type CatalogEntry, type ClassifyContext, type CommandClassifier, type Invocation } from "./classifier.js";
import { downloadTo } from "./classify-remote.js";
import type { Operation } from "./operation.js";
import type { ShellWord } from "./shell-word.js";
import { classifyStatement, splitStatements } from "./sql-statements.js";

/** A verb family of the AWS CLI: an operation whose first words are one of `prefixes`. */
interface AwsVerbEntry extends CatalogEntry {
  prefixes: readonly string[];
}

export const AWS_VERBS: readonly AwsVerbEntry[] = [
  {
    id: "aws.destroy-verbs",
    description: "deletes, terminates, detaches or revokes AWS resources",
    effect: "destroy",
    prefixes: ["delete", "batch-delete", "terminate", "remove", "detach", "deregister", "revoke", "purge", "release", "disassociate", "destroy", "empty", "deprovision", "discard", "drop", "force-delete", "decommission", "schedule-key-deletion", "unsubscribe"],
    examples: ["aws ec2 terminate-instances --instance-ids i-0abc123", "aws rds delete-db-instance --db-instance-identifier prod-db --skip-final-snapshot", "aws iam detach-role-policy --role-name app --policy-arn arn:aws:iam::aws:policy/ReadOnlyAccess", "aws ec2 revoke-security-group-ingress --group-id sg-1 --protocol tcp --port 22 --cidr 0.0.0.0/0", "aws sqs purge-queue --queue-url https://sqs.us-east-1.amazonaws.com/1/q", "aws kms schedule-key-deletion --key-id 1234abcd", "aws s3api delete-bucket --bucket prod-logs", "aws dynamodb batch-delete-table-items --table-name t", "aws cognito-idp admin-delete-user --user-pool-id us-west-2_aaaaaaaaa --username diego", "aws cognito-idp admin-remove-user-from-group --user-pool-id us-west-2_aaaaaaaaa --username diego --group-name admins", "aws sns unsubscribe --subscription-arn arn:aws:sns:us-west-2:123456789012:my-topic:8a21d249", "aws discovery start-batch-delete-configuration-task --configuration-type SERVER --configuration-ids id1", "aws appstream batch-disassociate-user-stack --user-stack-associations file://a.json"],
  },
  {
    id: "aws.write-verbs",
    description: "creates, changes, tags, attaches or starts AWS resources",
    effect: "write",
    prefixes: ["create", "put", "update", "tag", "untag", "attach", "modify", "start", "stop", "reboot", "run", "invoke", "associate", "enable", "disable", "register", "set", "add", "copy", "import", "export", "send", "publish", "upload", "restore", "authorize", "allocate", "assign", "unassign", "accept", "reject", "request", "replace", "reset", "rotate", "execute", "apply", "cancel", "change", "complete", "confirm", "deploy", "increase", "decrease", "initiate", "migrate", "move", "promote", "provision", "rebuild", "renew", "resume", "suspend", "subscribe", "transfer", "upgrade", "activate", "deactivate", "batch-write", "batch-put", "batch-update", "failover", "pause", "monitor", "unmonitor", "restart", "recover", "scale", "switch", "notify", "reload", "rollback", "schedule", "submit", "login", "logout", "grant", "retire", "sign", "generate", "encrypt", "decrypt", "package", "undeploy", "signal", "continue", "admin", "forget", "reimport", "resend", "respond", "merge", "opt-in", "opt-out", "test-invoke"],
    examples: ["aws ec2 create-tags --resources i-0abc --tags Key=team,Value=web", "aws s3api put-bucket-policy --bucket b --policy file://p.json", "aws iam attach-role-policy --role-name app --policy-arn arn:aws:iam::aws:policy/ReadOnlyAccess", "aws ecs update-service --cluster web --service api --desired-count 3", "aws lambda invoke --function-name f out.json", "aws cloudformation deploy --template-file t.yml --stack-name web", "aws cognito-idp admin-disable-user --user-pool-id us-west-2_aaaaaaaaa --username diego", "aws glue batch-create-partition --database-name db --table-name t --partition-input-list file://p.json", "aws s3api abort-multipart-upload --bucket b --key k --upload-id u", "aws apigateway test-invoke-method --rest-api-id 1234123412 --resource-id avl5sg8fw8 --http-method GET --path-with-query-string '/'"],
  },
  {
    id: "aws.read-verbs",
    description: "describes, lists or reads AWS resources",
    effect: "read",
    prefixes: ["describe", "list", "get", "head", "search", "lookup", "batch-get", "batch-describe", "scan", "query", "select", "filter", "validate", "estimate", "simulate", "test", "preview", "check", "detect", "wait", "download", "view", "show", "help", "decode", "verify", "compare", "retrieve", "count", "discover", "resolve", "tail", "poll", "predict", "analyze", "evaluate", "ls", "presign", "convert", "summarize", "contains"],
    examples: ["aws ec2 describe-instances --filters Name=tag:Name,Values=delete-me", "aws s3api list-objects-v2 --bucket prod-logs", "aws sts get-caller-identity", "aws logs tail /aws/lambda/delete-user --follow", "aws iam get-role --role-name terminate-worker", "aws dynamodb scan --table-name sessions", "aws emr list-release-labels", "aws discovery describe-batch-delete-configuration-task --task-id t"],
  },
];

export const AWS_CATALOG: readonly CatalogEntry[] = [
  ...AWS_VERBS,
  {
    id: "aws.dry-run",
    description: "a --dry-run (or s3 --dryrun) only checks permissions and prints what would happen",
    effect: "read",
    examples: ["aws ec2 terminate-instances --instance-ids i-0abc --dry-run", "aws s3 rm s3://prod-logs --recursive --dryrun", "aws ec2 run-instances --image-id ami-1 --dry-run"],
  },
  {
    id: "aws.s3-read",
    description: "lists S3 buckets or objects, or downloads objects",
    effect: "read",
    examples: ["aws s3 ls s3://prod-backups/", "aws s3 presign s3://b/k", "aws s3 cp s3://b/report.csv -"],
  },
  {
    id: "aws.s3-write",
    description: "uploads or copies into S3, or makes a bucket",
    effect: "write",
    examples: ["aws s3 cp build/ s3://site/ --recursive", "aws s3 sync ./dist s3://site", "aws s3 mb s3://new-bucket"],
  },
  {
    id: "aws.s3-destroy",
    description: "removes S3 objects or buckets (rm, rb, mv out of S3, sync --delete)",
    effect: "destroy",
    examples: ["aws s3 rm s3://prod-logs --recursive", "aws s3 rb s3://prod-logs --force", "aws s3 sync ./empty s3://prod-logs --delete", "aws s3 mv s3://a/k s3://b/k"],
  },
  {
    id: "aws.read-operations",
    description: "an operation whose name sounds like a change but that only returns data: temporary credentials (sts assume-role*), a live log stream",
    effect: "read",
    examples: ["aws sts assume-role --role-arn arn:aws:iam::123456789012:role/deployer --role-session-name ci", "aws sts assume-role-with-web-identity --role-arn arn:aws:iam::123456789012:role/ci --role-session-name gh --web-identity-token file://t", "aws logs start-live-tail --log-group-identifiers arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/f"],
  },
  {
    id: "aws.remote-exec",
    description: "runs commands on instances or containers; what they do is not in the command line",
    effect: "unknown",
    examples: ["aws ssm send-command --instance-ids i-1 --document-name AWS-RunShellScript --parameters commands=id", "aws ssm start-session --target i-1", "aws ecs execute-command --cluster c --task t --command sh --interactive"],
  },
  {
    id: "aws.sql-destroy",
    description: "runs SQL (Aurora Data API, Redshift Data API, DynamoDB PartiQL, Athena) that deletes, truncates or drops, whatever its WHERE",
    effect: "destroy",
    examples: ["aws rds-data execute-statement --resource-arn arn:aws:rds:us-west-2:123456789012:cluster:db --secret-arn arn:aws:secretsmanager:us-west-2:123456789012:secret:s --sql \"delete from mytable where id=201\"", "aws dynamodb execute-statement --statement \"DELETE FROM Music WHERE Artist='Acme Band' AND SongTitle='PartiQL Rocks'\"", "aws redshift-data execute-statement --cluster-identifier c --database dev --sql 'TRUNCATE sales'"],
  },
  {
    id: "aws.sql-unknown",
    description: "runs SQL that Warden cannot read (a variable, a file, or a statement it does not know)",
    effect: "unknown",
    examples: ["aws rds-data execute-statement --resource-arn arn:aws:rds:us-west-2:123456789012:cluster:db --secret-arn arn:s --sql \"$SQL\""],
  },
  {
    id: "aws.local-config",
    description: "reads or writes the CLI's own configuration and credentials cache",
    effect: "read",
    examples: ["aws configure list", "aws configure get region", "aws --version"],
  },
  {
    id: "aws.local-config-write",
    description: "changes the AWS CLI configuration outside the workspace",
    effect: "write",
    examples: ["aws configure set region eu-west-1", "aws sso login --profile prod", "aws configure"],
  },
  {
    id: "aws.unknown-verb",
    description: "an AWS operation no verb family covers",
    effect: "unknown",
    examples: ["aws ec2 frobnicate-instances --instance-ids i-1", "aws ec2 $OP --instance-ids i-1"],
  },
];

const AWS = (id: string) => entryOf(AWS_CATALOG, id);

const GLOBAL_VALUED = new Set(["--profile", "--region", "--output", "--endpoint-url", "--query", "--cli-read-timeout", "--cli-connect-timeout", "--color", "--ca-bundle", "--cli-binary-format"]);

/** Whole operations that only return data whatever their verb words say (names from botocore's service models). */
const READ_OPERATIONS = new Set(["sts assume-role", "sts assume-role-with-saml", "sts assume-role-with-web-identity", "sts assume-root", "logs start-live-tail"]);

/** Operations that run arbitrary commands elsewhere. */
const REMOTE_EXEC = new Set(["ssm send-command", "ssm start-session", "ecs execute-command", "ssm send-automation-signal"]);

/** Option names whose values name resources (values are kept as written: ids, names, ARNs). */
const RESOURCE_OPTION = /(-ids?|-names?|-arns?|-identifiers?|-urls?)$|^--(bucket|key|cluster|service|target|resources|stack-name|function-name|table-name|repository-name|secret-id|key-id|group-id|instance-ids|queue-url|topic-arn|role-name|user-name|policy-arn|hosted-zone-id|load-balancer-arn|db-instance-identifier|db-cluster-identifier|log-group-name|distribution-id)$/;

interface AwsCall {
  service: ShellWord | undefined;
  op: ShellWord | undefined;
  /** Words after the operation that are not option names. */
  positionals: ShellWord[];
  /** `--name` -> the words that follow it, until the next option. */
  options: Map<string, ShellWord[]>;
}

/** `aws [global options] SERVICE OPERATION [--name value...]`; global options may appear anywhere. */
function parseAwsCall(args: readonly ShellWord[]): AwsCall {
  const call: AwsCall = { service: undefined, op: undefined, positionals: [], options: new Map() };
  let current: ShellWord[] | null = null;
  for (let i = 0; i < args.length; i++) {
    const w = args[i] as ShellWord;
    if (w.literal && w.text.startsWith("--")) {
      const eq = w.text.indexOf("=");
      const name = eq === -1 ? w.text : w.text.slice(0, eq);
      current = [];
      call.options.set(name, current);
      if (eq !== -1) current.push({ ...w, text: w.text.slice(eq + 1) });
      else if (GLOBAL_VALUED.has(name) && args[i + 1]) {
        current.push(args[++i] as ShellWord);
        current = null;
      }
      continue;
    }
    if (current !== null && call.op !== undefined) {
      current.push(w);
      continue;
    }
    current = null;
    if (call.service === undefined) call.service = w;
    else if (call.op === undefined) call.op = w;
    else call.positionals.push(w);
  }
  return call;
}

function awsMarkers(inv: Invocation, call: AwsCall): string[] {
  const markers: string[] = [];
  for (const name of ["--profile", "--region", "--endpoint-url"]) {
    const value = known(call.options.get(name)?.[0]);
    if (value) markers.push(value);
  }
  for (const name of ["AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION"]) {
    const value = known(variable(inv, name));
    if (value && !markers.includes(value)) markers.push(value);
  }
  return markers;
}

function awsResources(call: AwsCall): string[] {
  const out: string[] = [];
  for (const [name, values] of call.options) {
    if (RESOURCE_OPTION.test(name)) out.push(...values.map((v) => v.text));
  }
  for (const p of call.positionals) if (p.text.startsWith("s3://") || p.text.startsWith("arn:")) out.push(p.text);
  return out;
}

const DESTROY_FAMILY = AWS_VERBS.find((e) => e.effect === "destroy") as AwsVerbEntry;
const WRITE_FAMILY = AWS_VERBS.find((e) => e.effect === "write") as AwsVerbEntry;
/** The one-word prefixes of a family: `delete`, `admin`, ... (a word of `admin-delete-user`). */
const wordsOf = (entry: AwsVerbEntry) => new Set(entry.prefixes.filter((p) => !p.includes("-")));
const DESTROY_WORDS = wordsOf(DESTROY_FAMILY);
const WRITE_WORDS = wordsOf(WRITE_FAMILY);

/**
 * The verb family of an operation name. Every word counts, not just the first: a destroy word
 * anywhere (`admin-delete-user`, `start-batch-delete-configuration-task`) makes it a destroy, and a
 * write word one of the writes (`batch-associate-...`). Only an operation that starts by reading
 * (`list-release-labels`, `describe-batch-delete-configuration-task`) reads whatever it names.
 */
export function awsVerbEffect(op: string): AwsVerbEntry | undefined {
  const lower = op.toLowerCase();
  const first = AWS_VERBS.find((entry) => entry.prefixes.some((p) => lower === p || lower.startsWith(`${p}-`)));
  if (first?.effect === "read" || first?.effect === "destroy") return first;
  const words = lower.split("-");
  if (words.some((w) => DESTROY_WORDS.has(w))) return DESTROY_FAMILY;
  if (first) return first;
  return words.some((w) => WRITE_WORDS.has(w)) ? WRITE_FAMILY : undefined;
}

/** Services that take SQL, and the options that carry it: the statement, not the verb, says what it does. */
const SQL_OPTIONS: Readonly<Record<string, readonly string[]>> = {
  "rds-data": ["--sql"],
  "redshift-data": ["--sql", "--sqls"],
  dynamodb: ["--statement", "--statements", "--transact-statements"],
  athena: ["--query-string"],
  "timestream-query": ["--query-string"],
};

/** A DELETE, TRUNCATE or DROP sent through the API is the destroy it is in psql; unreadable SQL is unknown. */
function sqlOperation(inv: Invocation, call: AwsCall, fields: { target: "aws"; service: string; verb: string; markers: string[]; resources: string[] }): Operation | undefined {
  const values = (SQL_OPTIONS[fields.service] ?? []).flatMap((name) => call.options.get(name) ?? []);
  if (values.length === 0) return undefined;
  if (values.some((v) => !v.literal || v.text.startsWith("file://"))) return operation(inv, AWS("aws.sql-unknown"), fields);
  const verdicts = values.flatMap((v) => splitStatements(v.text)).map(classifyStatement);
  const worst = verdicts.find((v) => v.effect === "unknown") ?? verdicts.find((v) => v.effect === "destroy");
  if (!worst) return undefined;
  return operation(inv, AWS(worst.effect === "unknown" ? "aws.sql-unknown" : "aws.sql-destroy"), { ...fields, why: `${worst.why}: ${worst.text}` });
}

function s3(inv: Invocation, call: AwsCall, base: { markers: string[]; resources: string[] }, ctx: ClassifyContext): Operation[] {
  const sub = call.op?.text ?? "";
  const paths = call.positionals;
  const fields = { target: "aws" as const, service: "s3", verb: sub, markers: base.markers, resources: paths.map((p) => p.text) };
  if (call.options.has("--dryrun")) return [operation(inv, AWS("aws.dry-run"), { ...fields, dry_run: true })];
  const isS3 = (w: ShellWord | undefined) => w?.literal === true && w.text.startsWith("s3://");
  switch (sub) {
    case "ls":
    case "presign":
      return [operation(inv, AWS("aws.s3-read"), fields)];
    case "rm":
    case "rb":
      return [operation(inv, AWS("aws.s3-destroy"), fields)];
    case "mb":
    case "website":
      return [operation(inv, AWS("aws.s3-write"), fields)];
    case "cp":
    case "mv":
    case "sync": {
      const [source, destination] = paths;
      if (sub === "sync" && [...call.options.keys()].some((k) => k === "--delete")) return [operation(inv, AWS("aws.s3-destroy"), fields)];
      if (sub === "mv" && (isS3(source) || !source?.literal)) return [operation(inv, AWS("aws.s3-destroy"), fields)];
      if (isS3(destination) || !destination?.literal) return [operation(inv, AWS("aws.s3-write"), fields)];
      const ops = [operation(inv, AWS("aws.s3-read"), fields)];
      // A download is judged by where it lands, as every other download is.
      if (destination.text !== "-") ops.push(downloadTo(inv, ctx, destination, AWS("aws.s3-read"), `aws s3 ${sub}`, false, source ? [source] : []));
      return ops;
    }
    default:
      return [operation(inv, AWS("aws.unknown-verb"), fields)];
  }
}

export const awsClassifier: CommandClassifier = {
  commands: ["aws"],
  catalog: AWS_CATALOG,
  helpAnywhere: true,
  classify(inv, ctx) {
    const call = parseAwsCall(inv.args);
    const markers = awsMarkers(inv, call);
    const resources = awsResources(call);
    const service = call.service;
    const op = call.op;
    const base = { target: "aws" as const, markers, resources };
    if (!service) {
      return [operation(inv, AWS("aws.local-config"), { ...base, service: "cli", verb: [...call.options.keys()].join(" ") || "aws" })];
    }
    if (!service.literal) return [operation(inv, AWS("aws.unknown-verb"), { ...base, service: service.text, verb: op?.text ?? "" })];
    if (service.text === "help" || op?.text === "help" || call.positionals.some((p) => p.literal && p.text === "help")) {
      return [operation(inv, AWS("aws.read-verbs"), { ...base, service: service.text, verb: "help" })];
    }
    if (service.text === "configure" || service.text === "sso") {
      const sub = op?.text ?? "";
      const reads = sub === "list" || sub === "get" || sub === "list-profiles" || sub === "export-credentials";
      return [operation(inv, AWS(reads ? "aws.local-config" : "aws.local-config-write"), { ...base, service: service.text, verb: sub || service.text })];
    }
    if (service.text === "s3") return s3(inv, call, { markers, resources }, ctx);
    if (!op || !op.literal) return [operation(inv, AWS("aws.unknown-verb"), { ...base, service: service.text, verb: op?.text ?? "" })];
    const fields = { ...base, service: service.text, verb: op.text };
    if (REMOTE_EXEC.has(`${service.text} ${op.text}`)) return [operation(inv, AWS("aws.remote-exec"), fields)];
    if (READ_OPERATIONS.has(`${service.text} ${op.text}`)) return [operation(inv, AWS("aws.read-operations"), fields)];
    const family = awsVerbEffect(op.text);
    if (!family) return [operation(inv, AWS("aws.unknown-verb"), fields)];
    const sql = sqlOperation(inv, call, fields);
    if (sql) return [sql];
    if (call.options.has("--dry-run") && !call.options.has("--no-dry-run") && family.effect !== "read") {
      return [operation(inv, AWS("aws.dry-run"), { ...fields, dry_run: true })];
    }
    return [operation(inv, family, fields)];
  },
};

