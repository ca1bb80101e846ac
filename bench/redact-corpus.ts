/**
 * Generates the DevOps corpus bench/redact.ts measures: terraform text and JSON plans, CI logs,
 * Kubernetes YAML, HCL and .env files, as documents of a few KiB to a few hundred KiB. Secrets are
 * planted with fresh random values (so the rules meet values they were never shown) and so are
 * look-alikes (digests, SHAs, UUIDs, ARNs, ids, references). Deterministic for a given seed.
 */
export interface CorpusDocument {
  name: string;
  text: string;
  secrets: string[];
  lookAlikes: string[];
}

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const HEX = "0123456789abcdef";
const B64 = `${ALNUM}+/`;
const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

class Random {
  constructor(private state: number) {}
  next(): number {
    // mulberry32
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  str(n: number, alphabet = ALNUM): string {
    let s = "";
    for (let i = 0; i < n; i++) s += alphabet[this.int(alphabet.length)];
    return s;
  }
  uuid(): string {
    return `${this.str(8, HEX)}-${this.str(4, HEX)}-4${this.str(3, HEX)}-a${this.str(3, HEX)}-${this.str(12, HEX)}`;
  }
}

type Planted = { line: string; secret?: string; lookAlike?: string };

/** One line holding a secret, with the secret itself. */
const SECRET_LINES: readonly ((r: Random) => Planted)[] = [
  (r) => { const s = `ghp_${r.str(36)}`; return { line: `GITHUB_TOKEN=${s}`, secret: s }; },
  (r) => { const s = `AKIA${r.str(16, UPPER)}`; return { line: `      + access_key = "${s}"`, secret: s }; },
  (r) => { const s = r.str(40, B64); return { line: `aws_secret_access_key = ${s}`, secret: s }; },
  (r) => { const s = `xoxb-${r.str(12, "0123456789")}-${r.str(13, "0123456789")}-${r.str(24)}`; return { line: `  slack_token: ${s}`, secret: s }; },
  (r) => { const s = `sk_live_${r.str(32)}`; return { line: `STRIPE_SECRET_KEY="${s}"`, secret: s }; },
  (r) => { const s = `glpat-${r.str(20)}`; return { line: `  token = "${s}"`, secret: s }; },
  (r) => { const s = `npm_${r.str(36)}`; return { line: `//registry.npmjs.org/:_authToken=${s}`, secret: s }; },
  (r) => { const s = `Pw-${r.str(14)}!`; return { line: `    password: "${s}"`, secret: s }; },
  (r) => { const s = r.str(20); return { line: `DATABASE_URL=postgres://app:${s}@db.internal:5432/app`, secret: s }; },
  (r) => { const s = r.str(32, HEX); return { line: `DD_API_KEY=${s}`, secret: s }; },
  (r) => { const s = `eyJhbGciOiJSUzI1NiJ9.eyJ${r.str(60)}.${r.str(43)}`; return { line: `2026-01-12T10:00:00Z id_token=${s}`, secret: s }; },
  (r) => { const s = r.str(48); return { line: `curl -H "Authorization: Bearer ${s}" https://api.acme.io`, secret: s }; },
  (r) => { const s = `hvs.${r.str(95)}`; return { line: `export VAULT_TOKEN=${s}`, secret: s }; },
  (r) => { const s = `${r.str(14)}.atlasv1.${r.str(67)}`; return { line: `TF_TOKEN_app_terraform_io=${s}`, secret: s }; },
  (r) => { const s = r.str(40); return { line: `  "client_secret": "${s}",`, secret: s }; },
  (r) => { const s = `sk-proj-${r.str(100)}`; return { line: `OPENAI_API_KEY=${s}`, secret: s }; },
  (r) => { const s = `SG.${r.str(22)}.${r.str(43)}`; return { line: `sendgrid_api_key: ${s}`, secret: s }; },
  (r) => { const s = `${r.str(86, B64)}==`; return { line: `DefaultEndpointsProtocol=https;AccountName=logs;AccountKey=${s};EndpointSuffix=core.windows.net`, secret: s }; },
  (r) => { const s = `dckr_pat_${r.str(27)}`; return { line: `echo ${s} | docker login -u ci --password-stdin`, secret: s }; },
  (r) => { const s = r.str(32); return { line: `      + api_key = "${s}"`, secret: s }; },
];

/** One line holding a look-alike, with the look-alike itself. */
const LOOK_ALIKE_LINES: readonly ((r: Random) => Planted)[] = [
  (r) => { const s = r.str(40, HEX); return { line: `commit ${s}`, lookAlike: s }; },
  (r) => { const s = `sha256:${r.str(64, HEX)}`; return { line: `    image: ghcr.io/acme/api@${s}`, lookAlike: s }; },
  (r) => { const s = r.uuid(); return { line: `request_id=${s} status=200`, lookAlike: s }; },
  (r) => { const s = `arn:aws:iam::${r.str(12, "0123456789")}:role/deploy-${r.str(6, HEX)}`; return { line: `      + role_arn = "${s}"`, lookAlike: s }; },
  (r) => { const s = `i-0${r.str(16, HEX)}`; return { line: `      + id = "${s}"`, lookAlike: s }; },
  (r) => { const s = `sha512-${r.str(86, B64)}==`; return { line: `      "integrity": "${s}",`, lookAlike: s }; },
  (r) => { const s = `\${{ secrets.${r.pick(["DEPLOY_TOKEN", "DB_PASSWORD", "NPM_TOKEN"])} }}`; return { line: `  TOKEN: ${s}`, lookAlike: s }; },
  (r) => { const s = `var.${r.pick(["db_password", "api_token", "client_secret"])}`; return { line: `  password = ${s}`, lookAlike: s }; },
  (r) => { const s = `${r.int(8) + 8}`; return { line: `  password_length = ${s}`, lookAlike: `password_length = ${s}` }; },
  (r) => { const s = `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${r.str(43, B64)}`; return { line: `  public_key = "${s}"`, lookAlike: s }; },
];

const PLAIN_LINES: readonly ((r: Random) => string)[] = [
  (r) => `2026-01-12T10:${r.int(60)}:${r.int(60)}Z INFO  request completed path=/api/v1/orders/${r.int(100000)} status=200 duration_ms=${r.int(900)}`,
  (r) => `  # aws_instance.web[${r.int(20)}] will be updated in-place`,
  (r) => `      ~ tags = { "env" = "prod" -> "staging" }`,
  (r) => `      + instance_type = "${r.pick(["t3.small", "m6i.large", "c7g.xlarge"])}"`,
  () => `    }`,
  (r) => `#${r.int(30)} [build ${r.int(9)}/9] RUN npm ci --no-audit --prefer-offline`,
  (r) => `  replicas: ${r.int(10)}`,
  (r) => `      - name: ${r.pick(["api", "worker", "cron"])}-${r.int(9)}`,
  (r) => `resource "aws_s3_bucket" "logs_${r.int(100)}" {`,
  (r) => `  bucket = "acme-logs-${r.str(6, HEX)}"`,
  (r) => `Plan: ${r.int(9)} to add, ${r.int(9)} to change, ${r.int(3)} to destroy.`,
  (r) => `LOG_LEVEL=${r.pick(["info", "debug", "warn"])}`,
  (r) => `kubectl rollout status deployment/payments -n payments --timeout=${r.int(300)}s`,
];

/** A JSON plan on one line, like `terraform show -json`: long lines with many keywords. */
function jsonPlan(r: Random, doc: CorpusDocument): string {
  const changes = Array.from({ length: 200 + r.int(400) }, (_, i) => {
    const after: Record<string, unknown> = { name: `svc-${i}`, tags: { env: "prod" }, id: r.uuid(), arn: `arn:aws:ec2:eu-west-1:123456789012:instance/i-0${r.str(16, HEX)}` };
    if (r.int(25) === 0) {
      const secret = `Pw${r.str(18)}`;
      after.password = secret;
      doc.secrets.push(secret);
    }
    if (r.int(30) === 0) {
      const token = `ghp_${r.str(36)}`;
      after.token = token;
      doc.secrets.push(token);
    }
    return { address: `aws_instance.svc[${i}]`, type: "aws_instance", change: { actions: ["update"], before: { ...after, name: "old" }, after, after_sensitive: {} } };
  });
  return JSON.stringify({ format_version: "1.2", terraform_version: "1.9.8", resource_changes: changes });
}

function textDocument(r: Random, doc: CorpusDocument, lines: number): string {
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const roll = r.int(100);
    if (roll < 2) {
      const p = r.pick(SECRET_LINES)(r);
      doc.secrets.push(p.secret!);
      out.push(p.line);
    } else if (roll < 6) {
      const p = r.pick(LOOK_ALIKE_LINES)(r);
      doc.lookAlikes.push(p.lookAlike!);
      out.push(p.line);
    } else {
      out.push(r.pick(PLAIN_LINES)(r));
    }
  }
  return `${out.join("\n")}\n`;
}

/** Documents until their total size reaches `bytes`. */
export function generateCorpus(bytes: number, seed = 42): CorpusDocument[] {
  const r = new Random(seed);
  const docs: CorpusDocument[] = [];
  let total = 0;
  while (total < bytes) {
    const doc: CorpusDocument = { name: `doc-${docs.length}`, text: "", secrets: [], lookAlikes: [] };
    doc.text = r.int(10) === 0 ? jsonPlan(r, doc) : textDocument(r, doc, 50 + r.int(3000));
    total += doc.text.length;
    docs.push(doc);
  }
  return docs;
}
