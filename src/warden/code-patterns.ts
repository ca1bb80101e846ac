import { httpTarget } from "./http-targets.js";
import type { Effect, Target } from "./operation.js";

/**
 * Patterns over a python/node/ruby/perl one-liner, as data. They cannot prove code safe, so the
 * table is built the other way round: anything that runs other code or hides names is unknown,
 * SDK and file calls decide write or destroy, and only code with none of them is a read.
 */
export interface CodePattern {
  id: string;
  effect: Effect;
  pattern: RegExp;
  why: string;
  /** Only applies when the code talks to this target (SQL text matters only next to a database driver). */
  requiresTarget?: Target;
  /**
   * Does not apply when every match is a call with one argument, a complete string literal URL on
   * a known cloud API host (`fetch('https://api.github.com/zen')`): such a call sends nothing the
   * code computed, to a host that is not anyone's server.
   */
  exemptKnownHosts?: boolean;
}

export const CODE_PATTERNS: readonly CodePattern[] = [
  {
    id: "code.exec",
    effect: "unknown",
    // Also the ways to reach those by another name: dunder lookups, aliased imports, built module names.
    pattern: /\b__(?!name__|main__|file__|version__|init__|doc__)\w+__\b|\bfrom\s+(?:os|shutil|subprocess|pty|ctypes|signal)\s+import\s+(?!path\b|environ\b|getcwd\b|listdir\b|sep\b|getenv\b)|\bimport\s+(?:os|shutil|subprocess|pty)\s+as\b|\brequire\s*\(\s*(['"])[^'"]*\1\s*[^\s)]|\b(?:constructor|Reflect|globalThis|create_subprocess_\w+|posix_spawn\w*|startfile|spawn|shell_exec|passthru|proc_open|popen|pcntl_exec)\b|\bglobal\s*\[|process\.(?:binding|dlopen|mainModule)|module\.(?:constructor|require)|\bopen\b[^;]{0,40}['"]\s*-?\||\[\s*['"][^'"]*['"]\s*\+|\b(?:subprocess|os\.system|os\.popen|os\.popen|os\.exec\w*|os\.spawn\w*|pty\.spawn|child_process|execSync|execFileSync|spawnSync|execa|shelljs|eval|exec|Function|__import__|importlib|getattr|setattr|delattr|globals|locals|compile|methodcaller|attrgetter|vm\.run\w*|system|IO\.popen|Kernel\.|Open3|syscall|ctypes|cffi|Deno\.(?:run|Command)|Bun\.spawn)\b|`[^`]*`|\bqx\s*[{(/]|%x[{(]|\brequire\s*\(\s*[^'"\s)]|\bimport\s*\(\s*[^'"\s)]|\bopen\s*\([^)]*['"]\s*\||\bcreateRequire\b|\bnew\s+Worker\b|\b(?:pickle|cPickle|_pickle|marshal|dill|cloudpickle|joblib|jsonpickle|shelve)\.(?:loads?|open|decode|Unpickler)\b|\byaml\.(?:unsafe_)?load(?:_all)?\s*\(|\bMarshal\.load\b|\bYAML\.unsafe_load\b/,
    why: "runs another program or code built at run time (or unpickles data, which runs code)",
  },
  {
    id: "code.obfuscated",
    effect: "unknown",
    pattern: /\\x[0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}|\bchr\s*\(|fromCharCode|\bfromhex\b|b64decode|base64|\batob\s*\(|Buffer\.from\s*\([^)]*['"](?:base64|hex)['"]|codecs\.decode|rot_?13|\[\s*::\s*-1\s*\]|\.reverse\(\)\.join|\bpack\s*\(|\bunpack\s*\(/,
    why: "decodes or assembles text at run time, which can hide what it calls",
  },
  // A one-liner can read the environment and files, so any connection it opens may carry them away.
  {
    id: "code.network",
    effect: "unknown",
    pattern: new RegExp(
      [
        // Python: sockets, HTTP and mail clients, and imports that rename a client (`from requests import get`).
        String.raw`\bsocket\b|\bhttp\.client\b|\bhttplib2?\b|\burllib3\b|\baiohttp\b|\bpycurl\b|\bftplib\b|\bsmtplib\b|\bpoplib\b|\bimaplib\b|\bnntplib\b|\btelnetlib\b|\bxmlrpc\b|\bparamiko\b|\bwebsockets?\b|\burlretrieve\b|\burllib\.request\.Request\b`,
        String.raw`\bfrom\s+(?:requests|httpx|urllib|urllib\.request|http)\b[\w.]*\s+import\b|\bimport\s+(?:requests|httpx|urllib(?:\.request)?)\s+as\b|\b(?:requests|httpx)\.(?:Session|Client|AsyncClient|request|stream|api)\b`,
        // Node, Deno, Bun: raw sockets, DNS (a query name can carry data), browser-style clients.
        String.raw`\brequire\s*\(\s*['"\`](?:node:)?(?:http|https|http2|net|tls|dgram|dns)(?:\/[\w/]*)?['"\`]|\bfrom\s+['"](?:node:)?(?:http|https|http2|net|tls|dgram|dns)['"]|\b(?:net|tls)\.(?:connect|createConnection|Socket)\b|\bdgram\b|\bdns\.\w+|\bhttp2\b|XMLHttpRequest|\bWebSocket\b|\bEventSource\b|\bsendBeacon\b|\bDeno\.(?:connect\w*|resolveDns)\b|\bBun\.(?:connect|listen|udpSocket)\b|\bundici\b|\bnode-fetch\b|\bsuperagent\b|\bgot\s*\(`,
        // Ruby, Perl, PHP.
        String.raw`\bNet::|\bopen-uri\b|\bURI\.open\b|\b(?:TCP|UDP|UNIX)Socket\b|\bSocket\.|\bHTTParty\b|\bFaraday\b|\bRestClient\b|\bExcon\b|\bTyphoeus\b|\bLWP\b|\bHTTP::Tiny\b|\bIO::Socket\b|\bgetprint\b|\bgetstore\b|\bcurl_\w+|\bfsockopen\b|\bstream_socket_client\b|\bget_headers\b|\bSoapClient\b|\bfile_get_contents\s*\(\s*['"]?(?:https?|ftp)s?:`,
      ].join("|"),
    ),
    why: "opens a network connection: the one-liner can send what it reads (the environment, files) anywhere",
  },
  {
    id: "code.network-call",
    effect: "unknown",
    pattern: /\bfetch\s*\(|\bhttps?\.(?:get|request)\s*\(|\baxios\b|\brequests\.(?:get|head|options)\s*\(|\bhttpx\.(?:get|head|options)\s*\(|\burlopen\s*\(/,
    why: "sends an HTTP request to a host that is not a known cloud API, or with a URL or options built at run time",
    exemptKnownHosts: true,
  },
  // HTTP first: `requests.delete(` is an HTTP call before it is a generic `.delete(`.
  {
    id: "code.http-destroy",
    effect: "destroy",
    pattern: /\brequests\.delete\s*\(|\bmethod\s*[:=]\s*['"]DELETE['"]|\bhttpx\.delete\s*\(|\baxios\.delete\s*\(|\bNet::HTTP::Delete\b/i,
    why: "sends an HTTP DELETE",
  },
  {
    id: "code.http-write",
    effect: "write",
    pattern: /\brequests\.(?:post|put|patch)\s*\(|\bmethod\s*[:=]\s*['"](?:POST|PUT|PATCH)['"]|\bhttpx\.(?:post|put|patch)\s*\(|\baxios\.(?:post|put|patch)\s*\(|\burlopen\s*\([^)]*data\s*=/i,
    why: "sends an HTTP POST, PUT or PATCH",
  },
  {
    id: "code.fs-destroy",
    effect: "destroy",
    pattern: /\b(?:shutil\.rmtree|rmtree|os\.remove|os\.unlink|os\.rmdir|os\.removedirs|os\.truncate|rimraf|FileUtils\.rm\w*|File\.delete|unlink)\b|\.(?:rm|rmSync|unlinkSync|rmdir|rmdirSync|truncateSync|emptyDir|emptyDirSync|removeSync)\s*\(|\.(?:truncate|remove)\s*\(\s*['"`/]/,
    why: "deletes files (where is only known at run time)",
  },
  // SQL in a string only matters when the code talks to a database; printing it is harmless.
  {
    id: "code.sql-dynamic",
    effect: "unknown",
    requiresTarget: "database",
    pattern: /\.(?:execute|executemany|executescript|query|raw)\s*\(\s*(?!['"`])/,
    why: "runs SQL built at run time",
  },
  {
    id: "code.sql-destroy",
    effect: "destroy",
    requiresTarget: "database",
    pattern: /\b(?:DROP\s+(?:TABLE|DATABASE|SCHEMA|COLLECTION)|TRUNCATE\s+(?:TABLE\s+)?\w|DELETE\s+FROM|FLUSHALL|FLUSHDB)\b/i,
    why: "sends SQL (or a command) that drops, truncates or deletes to a database",
  },
  {
    id: "code.sdk-destroy",
    effect: "destroy",
    // Attribute access, called or not (`f = ec2.terminate_instances` is caught too).
    pattern: /\.(?:delete|terminate|remove|detach|deregister|revoke|purge|destroy|drop|disassociate|batch_delete)(?:_\w+|[A-Z]\w*)|\.(?:begin_delete|schedule_key_deletion)\b|\b(?:Delete|Terminate|Remove|Detach|Deregister|Revoke|Purge|Release|Disassociate)\w*Command\b|\.(?:delete|destroy|drop|truncate|terminate|purge|flushall|flushdb)\s*\(/,
    why: "calls an SDK or database operation that deletes, terminates or drops",
  },
  {
    id: "code.sql-write",
    effect: "write",
    requiresTarget: "database",
    pattern: /\b(?:INSERT\s+INTO|UPDATE\s+\w+\s+SET|CREATE\s+TABLE|ALTER\s+TABLE|GRANT\s+\w)\b/i,
    why: "changes a database",
  },
  {
    id: "code.fs-write",
    effect: "write",
    pattern: /\bopen\s*\([^)]*,\s*['"][^'"]*[wax+]|\.write_(?:text|bytes)\s*\(|\.(?:writeFile|appendFile|createWriteStream|copyFile|rename|mkdir|symlink|chmod|chown)(?:Sync)?\s*\(|\bshutil\.(?:copy\w*|move)|\bos\.(?:rename|replace|makedirs|mkdir|chmod|chown|symlink|link)\b|File\.write|IO\.write|\bDeno\.writeTextFile\b|\bBun\.write\b/,
    why: "writes files (where is only known at run time)",
  },
  {
    id: "code.sdk-write",
    effect: "write",
    pattern: /\.(?:create|put|update|modify|attach|tag|untag|start|stop|reboot|invoke|upload|copy|associate|authorize|register|enable|disable|import|restore|send|publish|execute|apply|replace)_\w+|\.run_(?:instances|task|job_flow|command|pipeline)\b|\.(?:create|put|update|modify|attach|start|stop|reboot|invoke|upload|copy|associate|authorize|register|enable|disable|restore|send|publish|execute)[A-Z]\w*|\b(?:Create|Put|Update|Modify|Attach|Tag|Run|Start|Stop|Reboot|Invoke|Upload|Copy|Associate|Authorize|Register|Enable|Disable|Import|Restore|Send|Publish|Execute|Apply)\w*Command\b/,
    why: "calls an SDK or database operation that creates or changes resources",
  },
];

/** Which SDK the code talks to, for the operation's target. */
export const SDK_TARGETS: readonly { target: Target; pattern: RegExp }[] = [
  { target: "aws", pattern: /\bboto3\b|\bbotocore\b|aws-sdk|@aws-sdk\b|\bAWS\.\w+\(/ },
  { target: "gcp", pattern: /\bgoogle\.cloud\b|@google-cloud\b|googleapiclient/ },
  { target: "azure", pattern: /\bazure\.\w+|@azure\b/ },
  { target: "kubernetes", pattern: /\bkubernetes\b|@kubernetes\/client-node/ },
  { target: "database", pattern: /\bpsycopg2?\b|\bpymysql\b|\bsqlite3\b|\bredis\b|\bpymongo\b|\bsqlalchemy\b|\bpg\b\.|\bmysql2?\b|\bmongodb\b/ },
  { target: "github", pattern: /\bgithub\b|@octokit\b/ },
];

export interface CodeVerdict {
  effect: Effect;
  target: Target;
  /** The pattern id that decided (`code.read` when none matched). */
  id: string;
  why: string;
}

/** Judges a one-liner: the first pattern (worst first) that matches decides; none means it only computes and prints. */
export function classifyCode(code: string): CodeVerdict {
  const targets = SDK_TARGETS.filter((t) => t.pattern.test(code)).map((t) => t.target);
  const target = targets[0] ?? "generic";
  for (const p of CODE_PATTERNS) {
    if (p.requiresTarget && !targets.includes(p.requiresTarget)) continue;
    if (p.pattern.test(code) && !(p.exemptKnownHosts && onlyKnownHostCalls(code, p.pattern))) return { effect: p.effect, target, id: p.id, why: p.why };
  }
  return { effect: "read", target, id: "code.read", why: "only computes, reads and prints" };
}

/** Hosts a static request may go to: the clouds' and GitHub's own API hosts, never a customer's endpoint. */
const KNOWN_API_TARGETS: ReadonlySet<Target> = new Set(["aws", "gcp", "azure", "github"]);

/** A call's one argument: a complete string literal URL, followed directly by the closing parenthesis. */
const STATIC_URL_ARGUMENT = /^\s*(['"])(https:\/\/[^'"\s\\$`{}]+)\1\s*\)/;

function onlyKnownHostCalls(code: string, pattern: RegExp): boolean {
  const all = new RegExp(pattern.source, pattern.flags.includes("g") ? pattern.flags : `${pattern.flags}g`);
  for (const m of code.matchAll(all)) {
    const after = code.slice((m.index ?? 0) + m[0].length);
    // The pattern ends at the opening parenthesis (`fetch(`); `axios` alone is never exempt.
    const url = m[0].endsWith("(") ? STATIC_URL_ARGUMENT.exec(after)?.[2] : undefined;
    if (url === undefined) return false;
    const t = httpTarget(url);
    // Buckets and functions sit under the same domains: only the API host itself (no subdomain of a bucket) is known.
    if (!KNOWN_API_TARGETS.has(t.target) || /\.s3[.-]|\.execute-api\.|\.lambda-url\.|\.blob\.core\.|\.storage\.googleapis|\.appspot\.|\.cloudfunctions\.|\.run\.app/.test(`.${t.host}`)) return false;
  }
  return true;
}
