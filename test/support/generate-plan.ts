/**
 * Large, realistic `terraform show -json` plans (format_version 1.2) for tests and the benchmark:
 * AWS/Kubernetes/random resources across nested modules, count and for_each addresses, every
 * kind of action (both replace orders, imports, moves, forgets, data reads, no-ops), nested
 * attribute values, sensitive markers and unknown values, drift and output changes. The same
 * `(resourceCount, seed)` always gives the same plan, byte for byte.
 */

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export type GeneratedKind =
  | "create"
  | "update"
  | "replace-delete-first"
  | "replace-create-first"
  | "delete"
  | "read"
  | "import"
  | "import-update"
  | "move"
  | "forget"
  | "no-op";

/** Share of each kind, in percent; sums to 100. */
const KIND_WEIGHTS: ReadonlyArray<[GeneratedKind, number]> = [
  ["create", 30],
  ["update", 24],
  ["replace-delete-first", 5],
  ["replace-create-first", 5],
  ["delete", 8],
  ["read", 4],
  ["import", 3],
  ["import-update", 2],
  ["move", 3],
  ["forget", 2],
  ["no-op", 14],
];

/** What the parser must count for this plan (import and move overlap the others, like terraform's). */
export interface GeneratedCounts {
  add: number;
  change: number;
  replace: number;
  destroy: number;
  import: number;
  move: number;
  forget: number;
  read: number;
  /** Resources that are neither no-op without import/move: the rows a report lists. */
  listed: number;
  outputChanges: number;
  drifted: number;
}

export interface GeneratedPlan {
  plan: JsonObject;
  counts: GeneratedCounts;
  /** Sensitive strings placed in the plan; none may appear in a report. */
  secrets: string[];
}

const MODULES = [
  null,
  "module.network",
  "module.compute",
  "module.data",
  "module.eks.module.node_group",
  'module.services["api"]',
  'module.services["worker"]',
  "module.observability",
];

const PROVIDERS: Record<string, string> = {
  aws: "registry.terraform.io/hashicorp/aws",
  kubernetes: "registry.terraform.io/hashicorp/kubernetes",
  random: "registry.terraform.io/hashicorp/random",
};

/** mulberry32: small, fast, and the same sequence on every platform. */
function createRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Random {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = createRng(seed);
  }
  float(): number {
    return this.next();
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  weighted<T extends { weight: number }>(items: readonly T[]): T {
    const total = items.reduce((sum, item) => sum + item.weight, 0);
    let roll = this.next() * total;
    for (const item of items) {
      roll -= item.weight;
      if (roll < 0) return item;
    }
    return items[items.length - 1] as T;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }
  hex(length: number): string {
    let out = "";
    for (let i = 0; i < length; i++) out += "0123456789abcdef"[Math.floor(this.next() * 16)];
    return out;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

interface Template {
  type: string;
  /** How common the type is in the mix; the sensitive ones are rarer, as in real estates. */
  weight: number;
  provider: keyof typeof PROVIDERS;
  mode: "managed" | "data";
  /** Configured values; `i` makes names unique. */
  values(r: Random, i: number): JsonObject;
  /** Attributes the provider computes: unknown until apply. */
  computed(r: Random, i: number): JsonObject;
  /** Top-level attributes that are sensitive, and the secret each holds. */
  sensitive: readonly string[];
  /** An attribute whose change forces replacement, with a new value for it. */
  forcesNew: string;
  /** Mutates `after` into an in-place update. */
  update(after: JsonObject, r: Random): void;
}

const ENVS = ["dev", "staging", "prod"];
const TEAMS = ["platform", "payments", "search", "data", "identity"];
const ZONES = ["us-east-1a", "us-east-1b", "us-east-1c", "eu-west-1a"];

function tags(r: Random, name: string): JsonObject {
  return { Name: name, env: r.pick(ENVS), team: r.pick(TEAMS), "kubernetes.io/cluster/main": "owned", cost_center: `cc-${r.int(100, 999)}` };
}

function retag(after: JsonObject, r: Random): void {
  const t = (after.tags ?? {}) as JsonObject;
  after.tags = { ...t, env: r.pick(ENVS), owner: `${r.pick(TEAMS)}@example.com` };
}

const TEMPLATES: readonly Template[] = [
  {
    type: "aws_instance",
    weight: 25,
    provider: "aws",
    mode: "managed",
    values: (r, i) => ({
      ami: `ami-${r.hex(17)}`,
      instance_type: r.pick(["t3.micro", "t3.large", "m6i.xlarge", "c7g.2xlarge"]),
      availability_zone: r.pick(ZONES),
      monitoring: r.chance(0.5),
      root_block_device: [{ volume_size: r.int(8, 500), volume_type: "gp3", encrypted: true, iops: 3000 }],
      vpc_security_group_ids: [`sg-${r.hex(17)}`, `sg-${r.hex(17)}`],
      user_data: `#!/bin/bash\nset -euo pipefail\necho "node ${i}" > /etc/motd\nsystemctl enable --now app-${i}.service\n`,
      tags: tags(r, `app-${i}`),
      metadata_options: [{ http_endpoint: "enabled", http_tokens: "required", http_put_response_hop_limit: 2 }],
    }),
    computed: (r) => ({ id: `i-${r.hex(17)}`, arn: `arn:aws:ec2:us-east-1:123456789012:instance/i-${r.hex(17)}`, private_ip: `10.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}` }),
    sensitive: [],
    forcesNew: "ami",
    update: (after, r) => {
      after.instance_type = r.pick(["t3.xlarge", "m6i.2xlarge"]);
      retag(after, r);
    },
  },
  {
    type: "aws_s3_bucket",
    weight: 20,
    provider: "aws",
    mode: "managed",
    values: (r, i) => ({ bucket: `acme-${r.pick(ENVS)}-assets-${i}`, force_destroy: false, tags: tags(r, `assets-${i}`), object_lock_enabled: false }),
    computed: (r, i) => ({ id: `acme-assets-${i}`, arn: `arn:aws:s3:::acme-assets-${i}`, bucket_domain_name: `acme-assets-${i}.s3.amazonaws.com`, hosted_zone_id: `Z${r.hex(12).toUpperCase()}` }),
    sensitive: [],
    forcesNew: "bucket",
    update: (after, r) => retag(after, r),
  },
  {
    type: "aws_security_group",
    weight: 20,
    provider: "aws",
    mode: "managed",
    values: (r, i) => ({
      name: `sg-app-${i}`,
      description: "Managed by Terraform | app tier <internal>",
      vpc_id: `vpc-${r.hex(17)}`,
      ingress: [
        { from_port: 443, to_port: 443, protocol: "tcp", cidr_blocks: ["10.0.0.0/8"], description: "https", self: false },
        { from_port: 22, to_port: 22, protocol: "tcp", cidr_blocks: [`10.${r.int(0, 255)}.0.0/16`], description: "ssh from bastion", self: false },
      ],
      egress: [{ from_port: 0, to_port: 0, protocol: "-1", cidr_blocks: ["0.0.0.0/0"], description: "", self: false }],
      tags: tags(r, `sg-app-${i}`),
    }),
    computed: (r) => ({ id: `sg-${r.hex(17)}`, arn: `arn:aws:ec2:us-east-1:123456789012:security-group/sg-${r.hex(17)}`, owner_id: "123456789012" }),
    sensitive: [],
    forcesNew: "name",
    update: (after, r) => {
      const ingress = (after.ingress as JsonObject[]).slice();
      ingress.push({ from_port: 8080, to_port: 8080, protocol: "tcp", cidr_blocks: [`10.${r.int(0, 255)}.0.0/16`], description: "metrics", self: false });
      after.ingress = ingress;
    },
  },
  {
    type: "aws_db_instance",
    weight: 4,
    provider: "aws",
    mode: "managed",
    values: (r, i) => ({
      identifier: `orders-${i}`,
      engine: "postgres",
      engine_version: r.pick(["15.5", "16.2"]),
      instance_class: r.pick(["db.t4g.medium", "db.r6g.large"]),
      allocated_storage: r.int(20, 1000),
      username: "app",
      password: `pw-${r.hex(24)}`,
      parameter_group_name: "default.postgres16",
      skip_final_snapshot: false,
      tags: tags(r, `orders-${i}`),
    }),
    computed: (r, i) => ({ id: `db-${r.hex(26).toUpperCase()}`, endpoint: `orders-${i}.c9akciq32.us-east-1.rds.amazonaws.com:5432`, address: `orders-${i}.c9akciq32.us-east-1.rds.amazonaws.com` }),
    sensitive: ["password"],
    forcesNew: "identifier",
    update: (after, r) => {
      after.allocated_storage = (after.allocated_storage as number) + 100;
      after.password = `pw-${r.hex(24)}`;
    },
  },
  {
    type: "aws_iam_role",
    weight: 21,
    provider: "aws",
    mode: "managed",
    values: (r, i) => ({
      name: `role-${i}`,
      assume_role_policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
      max_session_duration: 3600,
      tags: tags(r, `role-${i}`),
    }),
    computed: (r, i) => ({ id: `role-${i}`, arn: `arn:aws:iam::123456789012:role/role-${i}`, unique_id: `AROA${r.hex(16).toUpperCase()}` }),
    sensitive: [],
    forcesNew: "name",
    update: (after) => {
      after.max_session_duration = 7200;
    },
  },
  {
    type: "kubernetes_secret",
    weight: 5,
    provider: "kubernetes",
    mode: "managed",
    values: (r, i) => ({
      metadata: [{ name: `app-${i}-credentials`, namespace: r.pick(["default", "payments", "search"]), labels: { app: `app-${i}`, "app.kubernetes.io/managed-by": "terraform" }, annotations: {} }],
      data: { API_KEY: `key-${r.hex(32)}`, DB_URL: `postgres://app:${r.hex(12)}@db:5432/app` },
      type: "Opaque",
    }),
    computed: () => ({ id: null }),
    sensitive: ["data"],
    forcesNew: "type",
    update: (after, r) => {
      after.data = { API_KEY: `key-${r.hex(32)}`, DB_URL: `postgres://app:${r.hex(12)}@db:5432/app` };
    },
  },
  {
    type: "random_password",
    weight: 5,
    provider: "random",
    mode: "managed",
    values: (r) => ({ length: r.int(16, 64), special: true, override_special: "!#$%&*()-_=+[]{}<>:?" }),
    computed: (r) => ({ id: "none", result: `rp-${r.hex(20)}`, bcrypt_hash: `$2a$10$${r.hex(40)}` }),
    sensitive: ["result", "bcrypt_hash"],
    forcesNew: "length",
    update: (after) => {
      after.special = false;
    },
  },
];

const DATA_TEMPLATE: Template = {
  type: "aws_iam_policy_document",
  weight: 0,
  provider: "aws",
  mode: "data",
  values: (r, i) => ({ statement: [{ effect: "Allow", actions: ["s3:GetObject", "s3:ListBucket"], resources: [`arn:aws:s3:::acme-assets-${i}/*`], sid: `Read${r.int(1, 99)}` }] }),
  computed: () => ({ id: null, json: null }),
  sensitive: [],
  forcesNew: "statement",
  update: () => {},
};

function pickKind(r: Random): GeneratedKind {
  let roll = r.float() * 100;
  for (const [kind, weight] of KIND_WEIGHTS) {
    roll -= weight;
    if (roll < 0) return kind;
  }
  return "no-op";
}

/** Sensitive marks for the top-level attributes a template declares sensitive. */
function marksFor(values: JsonObject | null, t: Template): Json {
  if (values === null) return false;
  const marks: JsonObject = {};
  for (const key of t.sensitive) if (key in values) marks[key] = true;
  return marks;
}

function unknownFor(computed: JsonObject): JsonObject {
  const marks: JsonObject = {};
  for (const key of Object.keys(computed)) marks[key] = true;
  return marks;
}

function collectSecrets(values: JsonObject | null, t: Template, into: Set<string>): void {
  if (values === null) return;
  for (const key of t.sensitive) {
    const v = values[key];
    if (typeof v === "string") into.add(v);
    else if (v && typeof v === "object") for (const inner of Object.values(v)) if (typeof inner === "string") into.add(inner);
  }
}

function indexFor(r: Random, i: number): { suffix: string; index: Json | undefined } {
  const roll = r.float();
  if (roll < 0.5) return { suffix: "", index: undefined };
  if (roll < 0.8) {
    const n = i % 7;
    return { suffix: `[${n}]`, index: n };
  }
  const key = `${r.pick(ZONES)}-${i}`;
  return { suffix: `[${JSON.stringify(key)}]`, index: key };
}

/** The plan as an object; `generatePlanJson` is this, serialized. */
export function generatePlan(resourceCount: number, seed = 42): GeneratedPlan {
  const r = new Random(seed);
  const counts: GeneratedCounts = { add: 0, change: 0, replace: 0, destroy: 0, import: 0, move: 0, forget: 0, read: 0, listed: 0, outputChanges: 0, drifted: 0 };
  const secrets = new Set<string>();
  const resourceChanges: JsonObject[] = [];
  const resourceDrift: JsonObject[] = [];
  const plannedResources: JsonObject[] = [];
  const priorResources: JsonObject[] = [];

  for (let i = 0; i < resourceCount; i++) {
    const kind = pickKind(r);
    const t = kind === "read" ? DATA_TEMPLATE : r.weighted(TEMPLATES);
    const module = r.pick(MODULES);
    const { suffix, index } = indexFor(r, i);
    const name = `${t.type.split("_").slice(1).join("_")}_${i}`;
    const local = `${t.mode === "data" ? "data." : ""}${t.type}.${name}${suffix}`;
    const address = module ? `${module}.${local}` : local;

    const configured = t.values(r, i);
    const computed = t.computed(r, i);
    const existing: JsonObject = { ...configured, ...computed };
    let before: JsonObject | null = existing;
    let after: JsonObject | null = { ...existing };
    let actions: string[] = ["no-op"];
    let afterUnknown: JsonObject = {};
    const change: JsonObject = {};
    const entry: JsonObject = {};

    switch (kind) {
      case "create":
        before = null;
        after = { ...configured };
        afterUnknown = unknownFor(computed);
        actions = ["create"];
        counts.add++;
        break;
      case "update":
      case "import-update":
        t.update(after, r);
        actions = ["update"];
        counts.change++;
        break;
      case "replace-delete-first":
      case "replace-create-first": {
        after = { ...configured, [t.forcesNew]: `${JSON.stringify(configured[t.forcesNew])}-v2` };
        afterUnknown = unknownFor(computed);
        actions = kind === "replace-delete-first" ? ["delete", "create"] : ["create", "delete"];
        change.replace_paths = [[t.forcesNew]];
        entry.action_reason = r.chance(0.1) ? "replace_because_tainted" : "replace_because_cannot_update";
        counts.replace++;
        break;
      }
      case "delete":
        after = null;
        actions = ["delete"];
        entry.action_reason =
          typeof index === "number" ? "delete_because_count_index" : typeof index === "string" ? "delete_because_each_key" : "delete_because_no_resource_config";
        counts.destroy++;
        break;
      case "read":
        before = null;
        after = { ...configured };
        afterUnknown = unknownFor(computed);
        actions = ["read"];
        entry.action_reason = "read_because_config_unknown";
        counts.read++;
        break;
      case "forget":
        after = null;
        actions = ["forget"];
        counts.forget++;
        break;
      case "move":
        entry.previous_address = address.replace(name, `${name}_old`);
        counts.move++;
        break;
      case "import":
      case "no-op":
        break;
    }
    if (kind === "import" || kind === "import-update") {
      change.importing = { id: `import-${r.hex(10)}` };
      counts.import++;
    }
    if (kind !== "no-op") counts.listed++;
    collectSecrets(before, t, secrets);
    collectSecrets(after, t, secrets);

    resourceChanges.push({
      address,
      ...(entry.previous_address ? { previous_address: entry.previous_address } : {}),
      ...(module ? { module_address: module } : {}),
      mode: t.mode,
      type: t.type,
      name,
      ...(index === undefined ? {} : { index }),
      provider_name: PROVIDERS[t.provider] as string,
      change: {
        actions,
        before,
        after,
        after_unknown: afterUnknown,
        before_sensitive: marksFor(before, t),
        after_sensitive: marksFor(after, t),
        ...change,
      },
      ...(entry.action_reason ? { action_reason: entry.action_reason } : {}),
    });
    if (after !== null) plannedResources.push({ address, mode: t.mode, type: t.type, name, provider_name: PROVIDERS[t.provider] as string, schema_version: 0, values: after, sensitive_values: marksFor(after, t) });
    if (before !== null) priorResources.push({ address, mode: t.mode, type: t.type, name, provider_name: PROVIDERS[t.provider] as string, schema_version: 0, values: before, sensitive_values: marksFor(before, t) });

    if (before !== null && t.mode === "managed" && r.chance(0.01)) {
      const drifted: JsonObject = { ...before };
      retag(drifted, r);
      resourceDrift.push({ address, mode: t.mode, type: t.type, name, provider_name: PROVIDERS[t.provider] as string, change: { actions: ["update"], before, after: drifted, after_unknown: {}, before_sensitive: marksFor(before, t), after_sensitive: marksFor(drifted, t) } });
      counts.drifted++;
    }
  }

  const outputChanges = generateOutputs(r, Math.max(3, Math.min(40, Math.floor(resourceCount / 250))), secrets, counts);
  const dbPassword = `root-${r.hex(24)}`;
  secrets.add(dbPassword);

  const plan: JsonObject = {
    format_version: "1.2",
    terraform_version: "1.11.4",
    variables: { db_password: { value: dbPassword }, region: { value: "us-east-1" } },
    planned_values: { root_module: { resources: plannedResources } },
    resource_drift: resourceDrift,
    resource_changes: resourceChanges,
    output_changes: outputChanges,
    prior_state: { format_version: "1.0", terraform_version: "1.11.4", values: { root_module: { resources: priorResources } } },
    configuration: {
      provider_config: { aws: { name: "aws", full_name: PROVIDERS.aws as string } },
      root_module: { variables: { db_password: { sensitive: true }, region: { default: "us-east-1" } } },
    },
    timestamp: "2025-01-01T00:00:00Z",
    applyable: true,
    complete: true,
    errored: false,
  };
  return { plan, counts, secrets: [...secrets] };
}

function generateOutputs(r: Random, n: number, secrets: Set<string>, counts: GeneratedCounts): JsonObject {
  const outputs: JsonObject = {};
  for (let i = 0; i < n; i++) {
    const sensitive = i % 5 === 0;
    const action = r.pick(["create", "update", "delete", "no-op"]);
    const before = action === "create" ? null : `https://svc-${i}.old.example.com`;
    const after = action === "delete" ? null : sensitive ? `token-${r.hex(24)}` : `https://svc-${i}.example.com`;
    if (sensitive) for (const v of [before, after]) if (typeof v === "string") secrets.add(v);
    if (action !== "no-op") counts.outputChanges++;
    outputs[`endpoint_${i}`] = {
      actions: [action],
      before: action === "no-op" ? after : before,
      after,
      after_unknown: action === "create" && i % 3 === 0,
      before_sensitive: sensitive,
      after_sensitive: sensitive,
    };
  }
  return outputs;
}

/** A realistic `terraform show -json` plan as JSON text. */
export function generatePlanJson(resourceCount: number, seed = 42): string {
  return JSON.stringify(generatePlan(resourceCount, seed).plan);
}

const TEXT_HEADERS: Record<string, { symbol: string; says: string }> = {
  create: { symbol: "  +", says: "will be created" },
  update: { symbol: "  ~", says: "will be updated in-place" },
  "delete,create": { symbol: "-/+", says: "must be replaced" },
  "create,delete": { symbol: "+/-", says: "must be replaced" },
  delete: { symbol: "  -", says: "will be destroyed" },
  read: { symbol: " <=", says: "will be read during apply" },
  forget: { symbol: "  .", says: "will no longer be managed by Terraform, but will not be destroyed" },
  "no-op": { symbol: "   ", says: "has no changes" },
};

/**
 * A `terraform show` style text for a generated plan, about as long as the real one would be;
 * sensitive attributes print as `(sensitive value)` the way terraform prints them.
 */
export function generatePlanText(plan: GeneratedPlan["plan"]): string {
  const lines: string[] = ["", "Terraform will perform the following actions:", ""];
  let add = 0;
  let change = 0;
  let destroy = 0;
  for (const rc of plan.resource_changes as JsonObject[]) {
    const c = rc.change as JsonObject;
    const actions = (c.actions as string[]).join(",");
    if (actions === "no-op" && !c.importing && !rc.previous_address) continue;
    const header = TEXT_HEADERS[actions] ?? { symbol: "   ", says: "changes" };
    if (actions.includes("create")) add++;
    if (actions.includes("delete")) destroy++;
    if (actions === "update") change++;
    const values = ((c.after ?? c.before) ?? {}) as JsonObject;
    const marks = ((c.after_sensitive || c.before_sensitive) || {}) as JsonObject;
    lines.push(`  # ${rc.address as string} ${header.says}`);
    lines.push(`${header.symbol} ${rc.mode === "data" ? "data" : "resource"} "${rc.type as string}" "${rc.name as string}" {`);
    for (const [key, value] of Object.entries(values)) {
      const shown = marks[key] === true ? "(sensitive value)" : typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value);
      lines.push(`      ${header.symbol.trim() || " "} ${key} = ${shown}`);
    }
    lines.push("    }", "");
  }
  lines.push(`Plan: ${add} to add, ${change} to change, ${destroy} to destroy.`, "");
  return lines.join("\n");
}
