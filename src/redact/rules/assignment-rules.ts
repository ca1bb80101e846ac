import type { RedactionRule } from "../redaction-rule.js";
import { isPlausiblePassword, isPlausibleToken } from "./assigned-value-checks.js";
import { ALNUM, b64, BASE64, DIGITS, fake, HEX } from "./fake-token.js";
import { shannonEntropy } from "../shannon-entropy.js";

/** Longest value taken whole: refresh tokens, long JWTs and long-lived provider keys run past 250 characters. */
const MAX_VALUE = 8192;

/**
 * The value after an assignment: quoted (may hold spaces; the quotes may be JSON-escaped, as in a
 * text plan inside a JSON report) or bare (up to a delimiter). Never includes a backslash, so a
 * placeholder cannot swallow half of an escape. Groups 1-4.
 *
 * Operators: `=`, `:`, `=>`, Go's `:=`, Make's `::=` `:::=` `?=` `+=`, PHP's `.=` and `??=`. A type
 * may sit between the name and the operator (`var apiToken string = "…"`); Objective-C quotes
 * with `@"…"`.
 */
const QUOTED = `@?(?:\\\\?"([^"\\\\\\n]{1,${MAX_VALUE}})\\\\?"|'([^'\\\\\\n]{1,${MAX_VALUE}})'|\`([^\`\\\\\\n]{1,${MAX_VALUE}})\`)`;
const BARE = `([^\\s"'\`,;()[\\]{}<>\\\\]{1,${MAX_VALUE}})(?=$|[\\s"'\`,;)\\]}<>\\\\])`;
const OPERATOR = `(?:[ \\t]+(?:string|String|str|&str|\\[\\]byte))?[ \\t]{0,64}(?::{1,3}=|\\?\\?=|[?+.]=|=>|=|:(?:[ \\t]*String[ \\t]*=)?)`;
/** Also a call that names the variable first: `System.setProperty("X_TOKEN", "…")`, `getenv("api_token", "…")`, CSV `xToken,v,`. */
/** A bare value holding brackets (`{{h}o)p${e]nob(`): taken up to white space, long enough to be generated. */
const BARE_WITH_BRACKETS = `([^\\s"'\`]{12,${MAX_VALUE}})(?=$|\\s)`;
/**
 * A YAML core tag before the value (`!!binary`, `!!str`) belongs to the syntax, not to the secret.
 * Single-`!` tags stay: CloudFormation's `!Ref GitHubTokenSecret` names a resource.
 */
const YAML_TAG = `(?:!![\\w-]{1,16}[ \\t]+)?`;
const VALUE =
  `(?:${OPERATOR}[ \\t]{0,64}${YAML_TAG}(?:${QUOTED}|${BARE}|${BARE_WITH_BRACKETS})` +
  `|[ \\t]{0,8},[ \\t]{0,8}(?:${QUOTED}|([^\\s"'\`,;()[\\]{}<>\\\\]{8,${MAX_VALUE}})(?=,|$))` +
  // C-like `private_key "…";` with no operator at all.
  `|[ \\t]{1,8}${QUOTED}(?=;))`;
const GROUPS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] as const;

/**
 * `<name>password = value`, where the name ends with the secret word (so `password_length` is not
 * one). The word may carry a counter (`secret1`, `bot_token10`, `api_token_123`) or a type word
 * (`mySecretString`); a quoted name may close a subscript (`dict["secret"] = …`).
 */
function assignment(nameEnding: string): RegExp {
  // The pattern starts at the secret word, so the engine skips ahead to it instead of trying
  // every position of the line. A name right after `//` is URL user-info
  // (`https://x-access-token:...@`), not an assignment.
  return new RegExp(`(?:${nameEnding})(?:[_.-]?\\d{1,3}|String|Str|Value)?(?<!\\/\\/[^\\s/@"'\`]{0,64})(?:\\\\?["'])?(?:\\[\\])?\\]?${VALUE}`, "i");
}

/** What makes a `…key` name a secret's (`api_key`, `signingKey`); `primary_key` and `cache_key` are not. */
const KEY_QUALIFIERS = ["api", "access", "secret", "private", "auth", "encryption", "signing", "master", "client", "account", "license", "app", "service", "sas", "storage", "admin", "webhook", "hmac", "session", "consumer", "integration", "ingest", "deploy", "shared", "subscription"] as const;

/** Words of prose: a value holding one is a sentence about the password, not the password. */
const PROSE =
  /\b(?:the|a|an|is|are|be|to|of|for|and|or|your|you|must|at|in|on|with|not|will|can|should|this|that|from|by|if|as|set|see|use|characters?|chars|minimum|maximum|length|required|optional|hidden|masked|unchanged|changed|reset|expired?|expires|incorrect|invalid|wrong|failed|successfully|updated)\b/i;

/** A password with spaces: a few words, not prose, plausible once the spaces are counted. */
function isSpacedPassword(value: string): boolean {
  const words = value.trim().split(/\s+/);
  // `!Ref DbPasswordParam` and `Fn::GetAtt …` are CloudFormation references.
  if (/^!|::/.test(value)) return false;
  return words.length >= 2 && words.length <= 6 && !PROSE.test(value) && !/[.!?:]$/.test(value) && isPlausiblePassword(value);
}

/**
 * Generic `password|secret|token|api_key|credential = value` assignments in env files, YAML,
 * HCL, JSON, INI, TOML and shell. They catch what no vendor rule knows, so their values are
 * checked hardest: references, paths, numbers and plain words are left alone.
 */
export const ASSIGNMENT_RULES: readonly RedactionRule[] = [
  {
    id: "generic-password",
    description: "A value assigned to a name ending in password / passwd / passphrase / pwd / pass",
    keywords: ["pass", "pwd"],
    pattern: assignment("password|passwd|passphrase|(?<![A-Za-z])pwd|(?<![A-Za-z])pass"),
    secretGroup: GROUPS,
    validate: isPlausiblePassword,
    examples: {
      match: ["DB_PASSWORD=Winter2024!prod", 'password: "correct horse battery staple"', "  admin_password = \"Sup3r-S3cret#\"", '"password":"p4ssW0rd-9f2k"', "export PGPASSWORD='n0t-so-Secret'", "db.pass=hunter22x"],
      noMatch: ["password_length = 16", "password: ${DB_PASSWORD}", "password = var.db_password", "password: changeme", "PASSWORD=$DB_PASSWORD", 'password: "<PASSWORD>"', "min_password_length: 12", "bypass: enabled", "password_file: /run/secrets/db", "password = random_password.db.result", "PWD=/home/runner/work", "Password: c.Password", "password = mypassword", "DbPassword: !Ref DatabasePasswordParameter"],
    },
  },
  {
    id: "generic-password-spaced",
    description: "An unquoted password with spaces as the whole value of a config line (YAML, .properties, .env)",
    // The operator is part of each keyword, so lines that merely mention a password cost nothing.
    keywords: ["password:", "password=", "password =", "passwd:", "passwd=", "passphrase:", "passphrase=", "pwd:", "pwd="],
    // Only a line that is nothing but the assignment, so prose (`Password: must be 8 characters`)
    // is kept apart by the checks below rather than by the pattern.
    pattern: /^[ \t]*(?:export[ \t]+)?[\w.-]*(?:password|passwd|passphrase|pwd)["']?[ \t]*[:=][ \t]*([^\s"'`#|>][^\n#]{0,254}?[^\s#])[ \t]*(?:[ \t]#[^\n]*)?$/im,
    secretGroup: 1,
    validate: isSpacedPassword,
    examples: {
      match: ["MYSQL_ROOT_PASSWORD: correct horse battery staple", "spring.datasource.password=S3cr3t P4ss w0rd"],
      noMatch: ["Password: must be at least 8 characters", "password: Enter your password below", "Password: 8 characters minimum", "password: was reset for ops", "db_password: ${DB_PASSWORD} # from the vault", "password: |"],
    },
  },
  {
    id: "generic-secret",
    description: "A random-looking value assigned to a name ending in secret",
    keywords: ["secret"],
    pattern: assignment("secret"),
    secretGroup: GROUPS,
    validate: isPlausibleToken,
    examples: {
      match: [`high_entropy_binary_secret: !!binary ${b64(fake("yaml-binary", 30))}`, `client_secret: ${fake("numeric-secret", 32, DIGITS)}`, `client_secret: ${fake("generic-secret", 32, ALNUM)}`, `JWT_SECRET="${fake("jwt-secret", 48, BASE64)}"`, `"webhookSecret": "${fake("wh-secret", 24, HEX)}"`],
      noMatch: ["existingSecret: db-credentials", "secret: aws_secretsmanager_secret.db.arn", "client_secret = var.client_secret", "kind: Secret", "secret: true", "secretName: tls-cert"],
    },
  },
  {
    id: "generic-token",
    description: "A random-looking value assigned to a name ending in token",
    keywords: ["token"],
    // A public or CSRF token is meant to be seen; a page or continuation token is a cursor.
    pattern: assignment("(?<!public[_.-]?|csrf[_.-]?|xsrf[_.-]?|page[_.-]?|next[_.-]?|continuation[_.-]?)token"),
    secretGroup: GROUPS,
    validate: isPlausibleToken,
    examples: {
      match: [`auth_token = "${fake("auth-token", 40, ALNUM)}"`, `API_TOKEN=${fake("api-token", 32, HEX)}`, `"accessToken": "${fake("access-token", 64, BASE64)}"`, `"bot_token10": "${fake("token-counter", 30)}"`, `var refreshToken string = "${fake("go-token", 300, BASE64)}"`, `REFRESH_TOKEN ?= "${fake("make-token", 40)}"`, `$apiToken .= "${fake("php-token", 40)}"`, `System.setProperty("X_TOKEN", "${fake("java-token", 40)}")`, `access_token: ${fake("long-token", 600, BASE64)}`],
      noMatch: ["token: ${{ secrets.GITHUB_TOKEN }}", "token_ttl: 3600", "refresh_token: 1735689600000", `publicToken = "${fake("public-token", 43)}"`, `csrf-token=${fake("csrf", 64, BASE64)}`, `"nextPageToken": "${fake("page-token", 40)}"`, `continuation_token=${fake("continuation", 24, BASE64)}`, "tokenizer: bert-base", "token_url: https://auth.acme.io/oauth/token", "token: null", "id_token_signing_alg: RS256"],
    },
  },
  {
    id: "generic-api-key",
    description: "A random-looking value assigned to an api/access/secret/private/signing/... key name or credentials",
    // Each qualifier with its key (`api_key`, `apikey`): a bare "key" is on most lines of a JSON
    // plan (tags' `"key"`, `kms_key_id`, `public_key`), which made the prefilter let them all through.
    keywords: [...KEY_QUALIFIERS.flatMap((q) => ["", "_", ".", "-"].map((sep) => `${q}${sep}key`)), "credential", "creds", "_auth", "-auth", ".auth"],
    // "key" first, its qualifier checked behind it: the engine skips to each "key" directly.
    pattern: assignment(`key(?<=(?:${KEY_QUALIFIERS.join("|")})[_.-]?key)|credentials?|creds|(?<=[a-z0-9][_.-])auth`),
    secretGroup: GROUPS,
    validate: isPlausibleToken,
    examples: {
      match: [`"user_auth": "${b64(`jdoe:${fake("user-auth", 24)}`)}"`, `creds = ${fake("creds", 30)}`, `apikey: {{h}o)p\${e]nob(ody[finds>-_$#thisone}}`, `private_key '${fake("c-like", 30)}';`, `api_key: ${fake("generic-api-key", 32, ALNUM)}`, `ENCRYPTION_KEY=${fake("enc-key", 44, BASE64)}`, `"apiKey": "${fake("apikey-json", 39, ALNUM)}"`, `signing_key = "${fake("signing", 64, HEX)}"`],
      noMatch: ["key: app.kubernetes.io/name", 'key = "terraform.tfstate"', "api_key = var.api_key", "ssh_public_key = file(\"~/.ssh/id_ed25519.pub\")", "private_key = tls_private_key.ca.private_key_pem", "kms_key_id: alias/prod", "api_key_header: X-Api-Key", "access_key = aws_iam_access_key.ci.id", "apiKey: this.apiKey,", `primaryKey=${fake("primary-key", 30)}`],
    },
  },
  {
    id: "provider-key-assignment",
    description: "A generated value assigned to <provider>_key (mapbox_key, openai_key) or to a bare Key= in a log line",
    keywords: ["_key", "-key", "key="],
    // Any provider name may stand before `_key`, so the value must look generated: mixed case and
    // digits, no word separators (cache keys such as `Linux-node-3f2a…` are not secrets).
    // Starts at `_key` / `-key` / `key`, the name checked behind it, so the engine skips ahead.
    pattern: /(?:[_-]key(?<=(?<![\w.-])[a-z][a-z0-9]{2,20}[_-]key)(?<!(?:public|pub|foreign|primary|partition|sort|hash|cache|idempotency|ssh|host|kms|gpg|pgp|license|registry|object|lookup|route|routing|dedup|group|index|row|join|map)[_-]key)|(?<![\w.-])key(?==))["']?[ \t]{0,8}(?:=|:)[ \t]{0,8}["'`]?([A-Za-z0-9+/_]{20,8192}={0,2})(?![\w+/=-])/i,
    secretGroup: 1,
    validate: (v) => /[a-z]/.test(v) && /[A-Z]/.test(v) && /\d/.test(v) && shannonEntropy(v) >= 4,
    examples: {
      match: [`mapbox_key: "${fake("mapbox-key", 40)}"`, `[DEBUG] Using Key=${fake("log-key", 32)}`, `openai-key = ${fake("openai-key-name", 48)}`],
      noMatch: ["cache_key: Linux-node-3f2a9c4b8e7d6f5a4b3c2d1e0f9a8b7c6d5e4f3a", "gpg_key: 3AA5C34371567BD2C3F1B5E8D9A0B1C2D3E4F5A6", `public_key = "9Cnzj4p4WGeKLs1Pt8QuKUpRKfFLfRYC9AIKjbJTWit"`, "partition_key = customerId"],
    },
  },
  {
    id: "plan-diff-new-value",
    description: "The new value of a secret-named attribute in a terraform plan diff (name = \"old\" -> \"new\")",
    // Keyed on the attribute's name, not on the arrow: `" -> "` is on every changed string of a
    // text plan (most of an update's lines), the secret words on few. The name also opens the
    // match, so a long old value no longer falls outside the window before the keyword. `pass`
    // (generic-password's) stands for password / passwd / passphrase: one literal hit, not two.
    keywords: ["pass", "secret", "token", "api_key", "api-key", "apikey", "private_key", "private-key", "privatekey", "access_key", "access-key", "accesskey", "credential"],
    // Those words are on many lines (a JSON plan's every `"token"`); the arrow on few of them.
    requires: "->",
    // The old value is the generic rules' business; the new one follows `->` with no name of its own.
    pattern: /(?:password|passwd|passphrase|secret|token|api[_-]?key|private[_-]?key|access[_-]?key|credentials?)(?:[_-]?(?:string|value|data|\d{1,3}))?[ \t]*=[ \t]*(?:"[^"\n]{0,8192}"|\(sensitive value\)|null)[ \t]*->[ \t]*"([^"\n]{1,8192})"/i,
    secretGroup: 1,
    validate: isPlausiblePassword,
    examples: {
      match: [`  ~ client_secret = "${fake("plan-old", 16)}" -> "${fake("plan-new", 16)}"`, `  ~ secret_string = "${fake("plan-ss-old", 20)}" -> "${fake("plan-ss-new", 20)}"`, `  ~ password      = (sensitive value) -> "${fake("plan-new-pw", 14)}"`,
        // A long token rotated: keyed on the arrow, the name stood outside the window before it.
        `  ~ access_token = "${fake("plan-long-old", 1000, BASE64)}" -> "${fake("plan-long-new", 1000, BASE64)}"`],
      noMatch: ['  ~ password_length = 16 -> 24', '  ~ secret_name = "db-old" -> "db-new"', '  ~ token = "x" -> (known after apply)'],
    },
  },
  {
    id: "cli-secret-flag",
    description: "A secret passed as a command-line flag (--password x, --token=x)",
    keywords: ["--pass", "--token", "--secret", "--api-key", "--apikey", "--auth-token", "--access-token", "--client-secret", "--key-secret"],
    pattern: /(?<![\w-])--(?:password|passwd|pass|token|secret|api-key|apikey|auth-token|access-token|client-secret|key-secret)(?:=|[ \t]+)(?:"([^"\n]{4,8192})"|'([^'\n]{4,8192})'|([^\s"'-][^\s"']{3,8191}))/i,
    secretGroup: [1, 2, 3],
    validate: isPlausiblePassword,
    examples: {
      match: [`vault login --token=${fake("cli-token", 28, ALNUM)}`, "mysql --password 'Pr0d-Db!pass' -h db", `gh auth login --token ${fake("cli-gh", 40, ALNUM)}`],
      noMatch: ["docker login --password-stdin", "helm install --token $TOKEN", "--password=${DB_PASSWORD}", "aws configure --profile prod"],
    },
  },
  {
    id: "mysql-inline-password",
    description: "mysql / mysqldump -pPASSWORD",
    keywords: ["mysql"],
    pattern: /\bmysql(?:dump|admin|sh)?\b[^\n|;&]*?\s-p([^\s'"-][^\s'"]{3,})/,
    secretGroup: 1,
    validate: isPlausiblePassword,
    examples: { match: ["mysqldump -u root -pXy7!prodDump acme > dump.sql"], noMatch: ["mysql -u root -p acme", "mysql -p$MYSQL_PWD"] },
  },
  {
    id: "cli-short-password-flag",
    description: "A password passed as a short flag or user:password: docker login -p, curl -u user:pass, sshpass -p",
    keywords: ["docker login", "curl ", "sshpass", "--user ", "-u "],
    // The user may be empty (`-u ":pw"`) or quoted on its own (`"{id}":"{pw}"`); continuation lines
    // of a curl command carry `-u` without `curl`.
    pattern: /(?:\bdocker\s+login\b[^\n|;&]*?\s-p[ =]?|\bsshpass\s+-p\s*|(?<![\w-])(?:-u|--user)(?:=|[ \t]{1,8})["']?[^:\s"'<>]{0,64}["']?:)(?!-)["']?([^\s"'<>]{4,8192})/,
    secretGroup: 1,
    validate: isPlausiblePassword,
    examples: {
      match: ["docker login -u ci -p Dk3r-Hub-Pw9 registry.acme.io", "curl -sS -u admin:N3xus-Adm1n! https://nexus.acme.io/service/rest/v1/status", "sshpass -p 'Ssh-P4ss-word' ssh ops@bastion", "curl -X POST --user  'johns:h0pk1ns~21s' https://api.acme.io", `curl -u ":${fake("curl-empty-user", 12)}" https://localhost:9200`, `  -u developer:${fake("curl-next-line", 16)}`],
      noMatch: ["docker login -u ci --password-stdin registry.acme.io", "curl -u admin:$NEXUS_PASSWORD https://nexus.acme.io", "curl -u admin https://nexus.acme.io", "curl -u <user:password> https://test.com/endpoint", "docker run -u 1000:1000 alpine", "git push -u origin main"],
    },
  },
  {
    id: "cli-user-api-key",
    description: "An API key passed as the user of basic auth with an empty password (curl -u \"<key>:\")",
    keywords: ["-u ", "--user "],
    pattern: /(?<![\w-])(?:-u|--user)(?:=|[ \t]{1,8})["']?([^:\s"'<>$]{12,256}):(?=["'\s]|$)/,
    secretGroup: 1,
    validate: isPlausibleToken,
    examples: { match: [`curl -u "${fake("curl-key-user", 32)}:" https://api.stripe.com/v1/charges`], noMatch: ["curl -u username: https://x", 'curl -u "$API_KEY:" https://api.acme.io'] },
  },
  {
    id: "xml-secret-element",
    description: "A secret in an XML element whose name ends in a secret word (settings.xml, NuGet.config, web.config, <apiToken>)",
    keywords: ["password>", "passphrase>", "secret>", "token>", "key>", "credentials>"],
    pattern: /<([\w.:-]{0,40}?(?:password|passphrase|secret|token|apikey|api-key|api_key|privatekey|private_key|accesskey|credentials?))>([^<\n]{4,8192})<\/\1>/i,
    secretGroup: 2,
    validate: isPlausiblePassword,
    examples: {
      match: ["<server><id>nexus</id><username>ci</username><password>N3xus-Depl0y!</password></server>", `<slackToken>${fake("xml-token", 40)}</slackToken>`],
      noMatch: ["<password>${env.NEXUS_PASSWORD}</password>", "<password>{COQLCE6DU6GtcS5P=}</password>", "<UserSecretsId>79a3edd0-2092-40a2-a04d-dcb46d5ca9ed</UserSecretsId>"],
    },
  },
  {
    id: "multiline-secret-value",
    description: "A secret on the line after its name: a YAML block scalar (token: |) or an XML element split over lines",
    keywords: ["password: |", "password: >", "secret: |", "secret: >", "token: |", "token: >", "key: |", "key: >", "password>", "secret>", "token>", "key>"],
    scope: "text",
    pattern: /(?:^[ \t]*[\w.-]{0,40}?(?:password|passphrase|secret|token|api[_-]?key|private[_-]?key|access[_-]?key)["']?:[ \t]*[|>][-+]?[ \t]*\r?\n[ \t]+|<([\w.:-]{0,40}?(?:password|passphrase|secret|token|apikey|api-key|api_key|privatekey|private_key|accesskey|credentials?))>[ \t]*\r?\n[ \t]*)([^\s<][^\n<]{3,8191}?)[ \t]*(?=\r?\n|$|<\/\1>)/im,
    secretGroup: 2,
    validate: isPlausibleToken,
    examples: {
      match: [`slack_token: |\n  ${fake("yaml-block", 40)}\n`, `<apiToken>\n    ${fake("xml-multi", 32)}\n</apiToken>`],
      noMatch: ["token: |\n  ${{ secrets.TOKEN }}\n", "description: |\n  The token is read from the vault.\n"],
    },
  },
  {
    id: "xml-secret-attribute",
    description: "A secret in an XML attribute (NuGet.config ClearTextPassword, connectionString password)",
    keywords: ["cleartextpassword", "password="],
    pattern: /(?:key="ClearTextPassword"\s+value|\bpassword)="([^"\n]{4,256})"/i,
    secretGroup: 1,
    validate: isPlausiblePassword,
    examples: { match: ['<add key="ClearTextPassword" value="Nu9et-Feed-Pw!" />'], noMatch: ['<add key="ClearTextPassword" value="%NUGET_PASSWORD%" />'] },
  },
];
