import type { RedactionRule } from "../redaction-rule.js";
import { isPlausiblePassword, isPlausibleToken } from "./assigned-value-checks.js";
import { ALNUM, b64, BASE64, BASE64URL, fake, HEX } from "./fake-token.js";
import { findKubernetesSecretValues } from "./find-kubernetes-secret-values.js";
import { shannonEntropy } from "../shannon-entropy.js";

const pemBody = (seed: string, lines: number): string =>
  Array.from({ length: lines }, (_, i) => fake(`${seed}${i}`, 64, BASE64)).join("\n");

const jwt = (seed: string): string =>
  `eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJ${fake(`${seed}-p`, 80, BASE64URL)}.${fake(`${seed}-s`, 86, BASE64URL)}`;

/** Schemes whose URLs are database / broker connection strings. */
const DB_SCHEMES = "postgres(?:ql)?|mysql|mariadb|mongodb(?:\\+srv)?|redis|rediss|amqps?|mssql|sqlserver|cockroachdb|clickhouse|oracle|db2|neo4j(?:\\+s)?|bolt|cassandra|couchbases?|nats|memcached|influxdb|elasticsearch|opensearch|ldaps?";

/** base64 of `user:secret`; the user must be text, the secret may be binary (client secrets often are). */
function decodesToUserPassword(value: string): boolean {
  const decoded = Buffer.from(value, "base64").toString("latin1");
  const colon = decoded.indexOf(":");
  return colon > 0 && colon < decoded.length - 1 && /^[\x20-\x7e]+$/.test(decoded.slice(0, colon)) && !/^\$|\$\{/.test(decoded.slice(colon + 1));
}

/** PEM body text that is random enough to be a key: at least a line of base64, not filler. */
function isKeyMaterial(body: string): boolean {
  const base64 = body.replace(/^[A-Za-z-]+:.*$/gm, "").replace(/[^A-Za-z0-9+/=]/g, "");
  return base64.length >= 48 && shannonEntropy(base64) >= 4.5;
}

/**
 * A JWT's header names its algorithm or type. Read as text rather than parsed: scanners' test
 * tokens (and hand-edited ones) often carry a header that is no longer valid JSON.
 */
function isJwt(value: string): boolean {
  const header = Buffer.from(value.split(".")[0]!, "base64url").toString("latin1");
  return header.startsWith("{") && /"(?:alg|typ|kid)"\s*:/.test(header);
}

/** A whole JWT, base64-encoded once more (`ZXlK` is base64 of `eyJ`), as in Kubernetes Secret data or env dumps. */
function isEncodedJwt(value: string): boolean {
  const decoded = Buffer.from(value, "base64").toString("latin1");
  return /^eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]*\.?[A-Za-z0-9_-]*/.test(decoded) && isJwt(decoded);
}

/** Every name url-query-secret's pattern takes before `=` (`api[_-]?key` spelled out). */
const QUERY_SECRET_NAMES = ["api_key", "api-key", "apikey", "key", "access_token", "access-token", "accesstoken", "auth_token", "auth-token", "authtoken", "token", "client_secret", "client-secret", "clientsecret", "secret", "password"];

/**
 * Secrets found by where they sit: private key blocks, JWTs, credentials in URLs and connection
 * strings, Kubernetes Secrets, docker config, .npmrc/.netrc, Authorization headers.
 */
export const STRUCTURED_RULES: readonly RedactionRule[] = [
  {
    id: "private-key",
    description: "PEM private key block (RSA, EC, DSA, PKCS#8, encrypted); the body between the armor lines",
    keywords: ["private key-----"],
    scope: "text",
    pattern: /-----BEGIN (?!OPENSSH )(?:[A-Z0-9]+ ){0,3}PRIVATE KEY-----[ \t]*\r?\n((?:[ \t]*[A-Za-z0-9+/=:,-][^\n]*\r?\n){1,400}?)[ \t]*-----END (?:[A-Z0-9]+ ){0,3}PRIVATE KEY-----/,
    secretGroup: 1,
    // A body of filler (`MIIE...`, `<your key here>`, `xxxx`) is documentation, not a key.
    validate: isKeyMaterial,
    examples: {
      match: [`-----BEGIN RSA PRIVATE KEY-----\n${pemBody("rsa", 6)}\n-----END RSA PRIVATE KEY-----\n`, `tls.key: |\n    -----BEGIN PRIVATE KEY-----\n    ${pemBody("pkcs8", 3).replace(/\n/g, "\n    ")}\n    -----END PRIVATE KEY-----\n`],
      noMatch: [`-----BEGIN PUBLIC KEY-----\n${pemBody("pub", 4)}\n-----END PUBLIC KEY-----\n`, `-----BEGIN CERTIFICATE-----\n${pemBody("cert", 4)}\n-----END CERTIFICATE-----\n`, "-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----\n", "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA...\n-----END RSA PRIVATE KEY-----\n", "-----BEGIN PRIVATE KEY-----\nyour-private-key-goes-here\n-----END PRIVATE KEY-----\n"],
    },
  },
  {
    id: "openssh-private-key",
    description: "OpenSSH private key block",
    keywords: ["openssh private key-----"],
    scope: "text",
    pattern: /-----BEGIN OPENSSH PRIVATE KEY-----[ \t]*\r?\n((?:[ \t]*[A-Za-z0-9+/=][^\n]*\r?\n){1,400}?)[ \t]*-----END OPENSSH PRIVATE KEY-----/,
    secretGroup: 1,
    examples: { match: [`-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA${pemBody("openssh", 5)}\n-----END OPENSSH PRIVATE KEY-----\n`], noMatch: [`ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${fake("ssh-pub", 43, BASE64)} ops@acme`] },
  },
  {
    id: "pgp-private-key",
    description: "PGP / GPG private key block",
    keywords: ["pgp private key block-----"],
    scope: "text",
    pattern: /-----BEGIN PGP PRIVATE KEY BLOCK-----[ \t]*\r?\n((?:[^\n]*\r?\n){1,2000}?)[ \t]*-----END PGP PRIVATE KEY BLOCK-----/,
    secretGroup: 1,
    examples: { match: [`-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQOYBGX${pemBody("pgp", 8)}\n=Ab1c\n-----END PGP PRIVATE KEY BLOCK-----\n`], noMatch: [`-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmQENBF${pemBody("pgp-pub", 4)}\n-----END PGP PUBLIC KEY BLOCK-----\n`] },
  },
  {
    id: "private-key-escaped",
    description: "PEM private key written on one line with \\n escapes (JSON, terraform state, env)",
    keywords: ["private key-----\\n", "private key-----\\r\\n"],
    pattern: /-----BEGIN (?:[A-Z0-9]+ ){0,3}PRIVATE KEY-----((?:\\r)?\\n(?:[A-Za-z0-9+/=:, -]|\\r|\\n){40,}?)-----END (?:[A-Z0-9]+ ){0,3}PRIVATE KEY-----/,
    secretGroup: 1,
    examples: { match: [`"private_key_pem": "-----BEGIN EC PRIVATE KEY-----\\n${fake("ec-1", 64, BASE64)}\\n${fake("ec-2", 40, BASE64)}\\n-----END EC PRIVATE KEY-----\\n"`], noMatch: ['"public_key_pem": "-----BEGIN PUBLIC KEY-----\\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\\n-----END PUBLIC KEY-----\\n"'] },
  },
  {
    id: "putty-private-key",
    description: "PuTTY private key (.ppk) private lines",
    keywords: ["private-lines:"],
    scope: "text",
    pattern: /Private-Lines: \d+\r?\n((?:[A-Za-z0-9+/=]+\r?\n)+)/,
    secretGroup: 1,
    examples: { match: [`PuTTY-User-Key-File-3: ssh-rsa\nEncryption: none\nPrivate-Lines: 3\n${pemBody("ppk", 3)}\nPrivate-MAC: ${fake("ppk-mac", 64, "0123456789abcdef")}\n`], noMatch: ["Private-Lines: 0\n"] },
  },
  {
    id: "jwt",
    description: "JSON Web Token (service-account tokens, OIDC id tokens, API tokens), signed or unsigned (alg none)",
    keywords: ["eyj"],
    // The signature is optional: an unsigned token (`header.payload.`) still carries its claims.
    pattern: /(?<![A-Za-z0-9_-])(eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.(?:[A-Za-z0-9_-]{16,}={0,2})?)(?![A-Za-z0-9_-])/,
    secretGroup: 1,
    validate: isJwt,
    examples: {
      match: [`Authorization: Bearer ${jwt("jwt1")}`, `token: ${jwt("jwt2")}`, `id_token=eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJ${fake("jwt-unsigned", 60, BASE64URL)}.`, `JWT := eyJhbGciOieeeiIsInR5cCI6IkpXVCJ9.eyJ${fake("jwt-bad-header", 500, BASE64URL)}.${fake("jwt-bad-header-s", 43, BASE64URL)}`],
      noMatch: ["eyJhbGciOiJIUzI1NiJ9", "eyJmb28iOiJiYXIifQ.eyJmb28iOiJiYXIifQ.c2hvcnQ"],
    },
  },
  {
    id: "jwt-base64",
    description: "A JWT base64-encoded once more (ZXlK…): Kubernetes Secret data, env dumps, config exports",
    keywords: ["zxlk"],
    pattern: /(?<![A-Za-z0-9+/])(ZXlK[A-Za-z0-9+/]{40,}={0,2})(?![A-Za-z0-9+/=])/,
    secretGroup: 1,
    validate: isEncodedJwt,
    examples: {
      match: [`ACCESS_TOKEN_B64=${b64(jwt("jwt-b64"))}`],
      noMatch: [`ZXlK${"A".repeat(40)}`, `data: ${b64("eyJmb28iOiJiYXIifQ is not a token at all, just text")}`],
    },
  },
  {
    id: "database-connection-string",
    description: "Password in a database or broker URL (postgres://user:pass@host)",
    keywords: ["://"],
    // The password runs to the last @ before the host: people do not percent-encode `@`, `#`, `!`
    // or `%` in it. A password equal to the user (`postgres:postgres@`) is a local default.
    pattern: new RegExp(`(?<![A-Za-z0-9+.-])(?:${DB_SCHEMES}|jdbc:[a-z]+):\\/\\/([^\\s:@/"'\`]{1,128}):(?!\\1@)([^\\s/"'\`]{1,256})@[^\\s@/]`, "i"),
    secretGroup: 2,
    validate: isPlausiblePassword,
    examples: {
      match: [`DATABASE_URL=postgres://app:${fake("db-pw", 20, ALNUM)}@db.internal:5432/payments`, `postgres://app:${fake("db-pw-at", 8, ALNUM)}@#!${fake("db-pw-at2", 6, ALNUM)}@db.internal:5432/x`, `mongodb+srv://etl:${fake("mongo-pw", 16, ALNUM)}@cluster0.abcde.mongodb.net/?retryWrites=true`, `redis://default:${fake("redis-pw", 24, ALNUM)}@cache:6379/0`],
      noMatch: ["postgres://app@db.internal:5432/payments", "postgres://app:${DB_PASSWORD}@db:5432/x", "mysql://root:password@localhost/test", "postgres://db.internal:5432/payments", "postgres://postgres:postgres@localhost:5432/app", "mysql://admin:REPLACE_WITH_PASSWORD@mysql.server.com:3306/database"],
    },
  },
  {
    id: "url-credentials",
    description: "Password or token in a URL's user-info (https://user:token@host, git remotes, proxies)",
    keywords: ["://"],
    // Most URLs hold no user-info.
    requires: "@",
    pattern: new RegExp(`(?<![A-Za-z0-9+.-])(?!(?:${DB_SCHEMES}|jdbc:[a-z]+):)[a-z][a-z0-9+.-]{1,20}:\\/\\/([^\\s:@/"'\`]{1,128}):(?!\\1@)([^\\s/"'\`]{3,256})@[^\\s@/]`, "i"),
    secretGroup: 2,
    validate: isPlausiblePassword,
    examples: {
      match: [`https://deploy:${fake("url-pw", 20, ALNUM)}@nexus.acme.io/repository/npm/`, `https://svcaccount:${fake("url-pw-at", 8)}@${fake("url-pw-at2", 4)}@service.internal.com`, `HTTPS_PROXY=http://proxy-user:${fake("proxy-pw", 12, ALNUM)}@proxy.corp:3128`],
      noMatch: ["https://github.com/acme/infra.git", "git@github.com:acme/infra.git", "https://user:${TOKEN}@github.com/acme/infra", "http://localhost:8080/@vite/client", "https://username:mypassword@test.com/endpoint", "https://admin:admin@localhost:8080"],
    },
  },
  {
    id: "connection-string-password",
    description: "Password in a key=value connection string (ADO.NET, JDBC query, ODBC, libpq)",
    keywords: ["password=", "pwd="],
    pattern: /(?:^|[;?&\s"'])(?:password|pwd)\s*=\s*(?:'([^'\n]{3,128})'|"([^"\n]{3,128})"|([^;&\s"'\n)]{3,128}))/i,
    secretGroup: [1, 2, 3],
    validate: isPlausiblePassword,
    examples: {
      match: [`Server=tcp:sql.acme.io,1433;Database=orders;User ID=app;Password=${fake("ado-pw", 18, ALNUM)};Encrypt=True`, `jdbc:postgresql://db:5432/app?user=app&password=${fake("jdbc-pw", 16, ALNUM)}`, `host=db port=5432 user=app password=${fake("libpq-pw", 16, ALNUM)} dbname=app`],
      noMatch: ["Server=tcp:sql.acme.io;Authentication=Active Directory Default;", "password={password}", "Password=$(DB_PASSWORD);", "login(username=username, password=password)"],
    },
  },
  {
    id: "kubernetes-secret-data",
    description: "Values under data (base64-decoded and checked) and stringData of a Kubernetes Secret",
    keywords: ["kind: secret", '"kind": "secret"', '"kind":"secret"'],
    scope: "text",
    find: findKubernetesSecretValues,
    examples: {
      match: [`apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ntype: Opaque\ndata:\n  username: ${b64("payments")}\n  password: ${b64(fake("k8s-pw", 20, ALNUM))}\n`, `apiVersion: v1\nkind: Secret\nmetadata:\n  name: api\nstringData:\n  token: ${fake("k8s-sd", 32, ALNUM)}\n`,
        // kubectl get -o yaml sorts keys: data comes before kind.
        `apiVersion: v1\ndata:\n  tls.key: ${b64(fake("k8s-tls", 40, ALNUM))}\nkind: Secret\nmetadata:\n  name: tls\ntype: kubernetes.io/tls\n`,
        `{"apiVersion":"v1","data":{"api-key":"${b64(fake("k8s-json", 24, ALNUM))}"},"kind":"Secret","metadata":{"name":"api"}}`,
        // A comment between entries, and a block scalar (`key: |` with the value on the lines below).
        `apiVersion: v1\nkind: Secret\nmetadata:\n  name: regcred\ndata:\n  # base64 of the registry password\n  password: ${b64(fake("k8s-comment", 20, ALNUM))}\n  .dockerconfigjson: |\n    ${b64(`{"auths":{"registry.acme.io":{"auth":"${b64(`ci:${fake("k8s-block", 20, ALNUM)}`)}"}}}`)}\n`,
      ],
      noMatch: [
        `{"kind":"List","items":[{"apiVersion":"v1","data":{"mode":"fast","LOG_LEVEL":"info"},"kind":"ConfigMap","metadata":{"name":"cfg"}},{"apiVersion":"v1","data":{"password":"${b64("changeme")}"},"kind":"Secret","metadata":{"name":"db"}}]}`,
        `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  LOG_LEVEL: info\n`, `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  password: ${b64("changeme")}\n`],
    },
  },
  {
    id: "kubernetes-env-value",
    description: "A literal value given to a secret-named variable in a container's env list (name: DB_PASSWORD / value: ...)",
    keywords: ["value:"],
    scope: "text",
    pattern: /-[ \t]+name:[ \t]*["']?[A-Za-z0-9_]*(?:PASSWORD|PASSWD|SECRET|TOKEN|API_KEY|APIKEY|ACCESS_KEY|PRIVATE_KEY|STORAGE_KEY|ACCOUNT_KEY|MASTER_KEY|SIGNING_KEY|ENCRYPTION_KEY|SHARED_KEY|SAS_KEY|CREDENTIALS?)["']?[ \t]*\r?\n[ \t]+value:[ \t]*(?:"([^"\n]{4,8192})"|'([^'\n]{4,8192})'|([^\s"'#][^\n#]{3,8191}?))[ \t]*(?:#[^\n]*)?$/im,
    secretGroup: [1, 2, 3],
    validate: isPlausiblePassword,
    examples: {
      match: ["        env:\n          - name: DB_PASSWORD\n            value: \"Kube-Db-Pw-2026\"\n", "      - name: STRIPE_SECRET\n        value: rk9Lm2Qp8Zt4Vw6X\n", `      - name: AWS_SESSION_TOKEN\n        value: ${fake("env-session", 400, BASE64)}\n`, `      - name: AZURE_STORAGE_KEY\n        value: "${fake("env-storage", 86, BASE64)}=="\n`],
      noMatch: ["          - name: DB_PASSWORD\n            valueFrom:\n              secretKeyRef:\n                name: db\n                key: password\n", "          - name: LOG_LEVEL\n            value: debug-verbose\n", "          - name: API_TOKEN\n            value: ${API_TOKEN}\n"],
    },
  },
  {
    id: "container-env-json-value",
    description: "A literal value paired with a secret-named variable: JSON env lists (ECS task definitions, docker inspect), XML <entry name= value=>, HCL name = / value =",
    // Keyed on the value side: `"name"` and the secret words are on most lines of a JSON plan.
    keywords: ['"value"', 'value="', 'value = "'],
    pattern: /\bname"?\s*[:=]\s*"[\w.-]*(?:PASSWORD|PASSWD|SECRET|TOKEN|API_KEY|APIKEY|ACCESS_KEY|PRIVATE_KEY|STORAGE_KEY|ACCOUNT_KEY|MASTER_KEY|SIGNING_KEY|ENCRYPTION_KEY|SHARED_KEY|SAS_KEY|CREDENTIALS?)"\s*[,;]?\s*"?value"?\s*[:=]\s*"([^"\\]{4,8192})"/i,
    secretGroup: 1,
    validate: isPlausiblePassword,
    examples: {
      match: [`"environment": [{"name": "AWS_SESSION_TOKEN", "value": "${fake("ecs-session", 300, BASE64)}"}]`, `<entry name="apiToken" value="${fake("xml-entry", 32)}" />`, `{ name = "DB_PASSWORD", value = "${fake("hcl-env", 20)}" }`],
      noMatch: ['"environment": [{"name": "LOG_LEVEL", "value": "info"}, {"name": "DB_PASSWORD", "value": "${DB_PASSWORD}"}]'],
    },
  },
  {
    id: "url-query-secret",
    description: "An API key, token or secret in a URL query string (?key=, &api_key=, ?access_token=)",
    // The whole `?name=` / `&name=` is the keyword: a bare `key=` or `token=` is on many lines
    // of a log (`Key=`, `--token=`, `slack_token=`) that hold no query string.
    keywords: ["?", "&", ";"].flatMap((sep) => QUERY_SECRET_NAMES.map((name) => `${sep}${name}=`)),
    pattern: /[?&;](?:api[_-]?key|apikey|key|access[_-]?token|auth[_-]?token|token|client[_-]?secret|secret|password)=([^&\s"'#<>]{12,8192})/i,
    secretGroup: 1,
    validate: isPlausibleToken,
    examples: {
      match: [`https://maps.googleapis.com/maps/api/geocode/json?address=x&key=${fake("url-key", 39, BASE64URL)}`, `GET /v1/items?limit=10&api_key=${fake("url-api-key", 32, HEX)} HTTP/1.1`, `wss://stream.acme.io/feed?access_token=${fake("url-at", 48)}`],
      noMatch: ["https://api.acme.io/items?pageToken=CiAKGjBpNDd2Nmp2Zml2cXRwYjBp", "https://acme.io/?key=value", "https://acme.io/search?key=${API_KEY}"],
    },
  },
  {
    id: "docker-config-auth",
    description: "Registry credentials in a docker config.json (auths.*.auth = base64 user:password)",
    keywords: ['"auth"'],
    pattern: /"auth"\s*:\s*"([A-Za-z0-9+/]{8,}={0,2})"/,
    secretGroup: 1,
    validate: decodesToUserPassword,
    examples: { match: [`{"auths":{"registry.acme.io":{"auth":"${b64(`ci:${fake("docker-pw", 24, ALNUM)}`)}"}}}`], noMatch: ['{"auths":{"registry.acme.io":{"auth":""}}}', '{"auth": "oidc"}'] },
  },
  {
    id: "docker-config-token",
    description: "Identity or registry token in a docker config.json",
    keywords: ['"identitytoken"', '"registrytoken"'],
    pattern: /"(?:identitytoken|registrytoken)"\s*:\s*"([^"\s]{16,})"/i,
    secretGroup: 1,
    validate: isPlausibleToken,
    examples: { match: [`{"auths":{"acme.azurecr.io":{"identitytoken":"${fake("acr-token", 60, BASE64URL)}"}}}`], noMatch: ['{"identitytoken": ""}'] },
  },
  {
    id: "npmrc-auth-token",
    description: ".npmrc / .yarnrc _authToken",
    keywords: ["_authtoken", "npmauthtoken"],
    pattern: /(?:_authToken|npmAuthToken)["']?\s*[=:]\s*["']?([^\s"']{8,})/i,
    secretGroup: 1,
    validate: isPlausibleToken,
    examples: { match: [`//npm.pkg.github.com/:_authToken=${fake("npmrc", 40, ALNUM)}`, `npmAuthToken: "${fake("yarnrc", 36, ALNUM)}"`], noMatch: ["//registry.npmjs.org/:_authToken=${NPM_TOKEN}"] },
  },
  {
    id: "npmrc-auth",
    description: ".npmrc _auth (base64 user:password) or _password (base64)",
    keywords: ["_auth", "_password"],
    pattern: /(?:^|:)_(?:auth|password)\s*=\s*["']?([A-Za-z0-9+/]{8,}={0,2})/,
    secretGroup: 1,
    validate: (v) => Buffer.from(v, "base64").toString("utf8").length >= 4,
    examples: { match: [`//nexus.acme.io/repository/npm/:_password=${b64(fake("npmrc-pw", 14, ALNUM))}`, `_auth=${b64(`ci:${fake("npmrc-auth", 16, ALNUM)}`)}`], noMatch: ["_auth=${NPM_AUTH}"] },
  },
  {
    id: "netrc-password",
    description: ".netrc machine password",
    keywords: ["password "],
    pattern: /(?:\b(?:machine|default)\b[^\n]*?\bpassword[ \t]+|^[ \t]*password[ \t]+)(\S{3,256})(?=[ \t]|$)/,
    secretGroup: 1,
    // A word ending a sentence (`password combination.`) is prose, not a .netrc entry.
    validate: (v) => isPlausiblePassword(v) && !/^[a-z]+[.,;:!?]?$/.test(v),
    examples: { match: [`machine api.heroku.com login ops@acme.io password ${fake("netrc", 36, ALNUM)}`, `  password ${fake("netrc2", 20, ALNUM)}`], noMatch: ["Enter your password below", "password required", "password combination.\n\nR5: Regulatory--21"] },
  },
  {
    id: "authorization-bearer",
    description: "Bearer token in an Authorization header",
    keywords: ["bearer"],
    pattern: /\bBearer[ \t]+([A-Za-z0-9._~+/-]{16,}=*)/i,
    secretGroup: 1,
    validate: isPlausibleToken,
    examples: { match: [`curl -H "Authorization: Bearer ${fake("bearer", 40, ALNUM)}" https://api.acme.io`], noMatch: ["Authorization: Bearer $TOKEN", "Bearer authentication is required"] },
  },
  {
    id: "authorization-basic",
    description: "Basic credentials (base64 user:password) in an Authorization header",
    keywords: ["basic "],
    pattern: /\bBasic[ \t]+([A-Za-z0-9+/]{8,}={0,2})(?![A-Za-z0-9+/=])/i,
    secretGroup: 1,
    validate: decodesToUserPassword,
    examples: {
      match: [`Authorization: Basic ${b64(`admin:${fake("basic", 16, ALNUM)}`)}`, `-H "Authorization: Basic ${Buffer.concat([Buffer.from(`client-${fake("basic-client", 8, ALNUM)}:`), Buffer.from([0x95, 0xa3, 0x10, 0xfe, 0x42, 0x7c, 0x99, 0x01, 0xd2])]).toString("base64")}"`],
      noMatch: ["Basic authentication", "basic auth is disabled"],
    },
  },
  {
    id: "authorization-header",
    description: "Other Authorization schemes (token, Api-Token, Bot, SSWS, GenieKey, Key) or a bare credential, and API-key headers",
    keywords: ["authorization", "x-api-key", "x-auth-token", "private-token", "x-access-token", "x-vault-token", "x-consul-token", "x-nomad-token", "dd-api-key", "x-gitlab-token", "api-key:", "apikey:", "token:"],
    pattern: /(?:authorization["']?\s*[:=]\s*["']?(?:(?:token|api-token|bot|ssws|geniekey|key|apikey)[ \t]+)?|(?:x-api-key|x-auth-token|private-token|x-access-token|x-vault-token|x-consul-token|x-nomad-token|dd-api-key|x-gitlab-token|x-[\w-]{1,30}-api-?key|api-key|apikey|(?<=-H[ \t]{1,4}["'])token)["']?\s*[:=]\s*["']?)(?!(?:basic|bearer|aws4-hmac-sha256|negotiate|digest|ntlm|hoba|mutual|dpop|gnap)[ \t])([A-Za-z0-9._~+/=-]{16,})/i,
    secretGroup: 1,
    validate: isPlausibleToken,
    examples: {
      match: [`curl -H "Authorization: token ${fake("auth-token-h", 40, ALNUM)}"`, `-H "X-API-Key: ${fake("x-api-key", 32, ALNUM)}"`, `--header "PRIVATE-TOKEN: ${fake("private-token", 20, ALNUM)}"`, `curl -H "Authorization: Api-Token ${fake("api-token-scheme", 40, HEX)}"`, `curl --header 'Authorization:  ${fake("bare-auth", 36, HEX)}'`, `curl -H "Token: ${fake("token-header", 16, HEX)}" https://x`, `-H "X-Octopus-ApiKey: API-${fake("octopus", 26, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")}"`],
      noMatch: ["-H 'X-API-Key: $API_KEY'", "Authorization: token <your-token>", "Authorization: Bearer $TOKEN", "Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20240101/us-east-1/s3/aws4_request"],
    },
  },
];
