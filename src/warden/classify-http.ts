import { entryOf, operation, type CatalogEntry, type ClassifyContext, type CommandClassifier, type Invocation } from "./classifier.js";
import { awsVerbEffect } from "./classify-aws.js";
import { withoutCredentials } from "./classify-databases.js";
import { fileOperation } from "./classify-filesystem.js";
import { httpTarget, methodEffect } from "./http-targets.js";
import type { Effect, Operation } from "./operation.js";
import { hasOption, optionValue, optionValues, scanArgs, type ScannedArgs } from "./scan-args.js";
import { literalWord, type ShellWord } from "./shell-word.js";

export const HTTP_CATALOG: readonly CatalogEntry[] = [
  {
    id: "http.destroy",
    description: "an HTTP DELETE (or an API action that deletes) against the host's service",
    effect: "destroy",
    examples: ["curl -X DELETE https://ec2.us-east-1.amazonaws.com/some/resource", "curl -s -X DELETE -H 'Authorization: token x' https://api.github.com/repos/o/r", "curl 'https://ec2.amazonaws.com/?Action=TerminateInstances&InstanceId.1=i-1'", "http DELETE https://api.example.com/users/1", "wget --method=DELETE https://api.example.com/x", "curl -X DELETE http://127.0.0.1:8001/api/v1/namespaces/prod"],
  },
  {
    id: "http.write",
    description: "an HTTP POST, PUT or PATCH (or data sent without a method)",
    effect: "write",
    examples: ["curl -X POST https://api.example.com/deploy", "curl -d '{\"a\":1}' https://hooks.example.com/x", "curl -T file.txt https://up.example.com/f", "http POST https://api.example.com/x name=y", "http https://api.example.com/x name=y", "wget --post-data 'a=1' https://api.example.com/x"],
  },
  {
    id: "http.read",
    description: "an HTTP GET or HEAD: reads",
    effect: "read",
    examples: ["curl -s https://api.example.com/delete-requests", "curl -I https://example.com", "curl -sS 'https://ec2.amazonaws.com/?Action=DescribeInstances'", "http GET https://api.example.com/x", "wget -qO- https://example.com/health", "curl https://example.com/terminate.html -o /tmp/page.html", "curl -G -d q=drop https://search.example.com"],
  },
  {
    id: "http.unknown",
    description: "a request whose method or settings come from somewhere Warden cannot see (-K config, -Q commands, $METHOD)",
    effect: "unknown",
    examples: ["curl -K ~/.curlrc-prod https://api.example.com", "curl -X \"$METHOD\" https://api.example.com/x", "curl -Q 'DELE file' ftp://ftp.example.com/", "wget -e 'robots=off' https://x.example"],
  },
];

const H = (id: string) => entryOf(HTTP_CATALOG, id);
const EFFECT_ENTRY: Readonly<Record<Effect, string>> = { destroy: "http.destroy", write: "http.write", read: "http.read", unknown: "http.unknown" };

/** `TerminateInstances` -> `terminate-instances`, for AWS query and JSON APIs (`?Action=`, `X-Amz-Target`). */
function awsActionEffect(url: string, headers: readonly string[]): { action: string; effect: Effect } | null {
  let action: string | null = null;
  try {
    action = new URL(url).searchParams.get("Action");
  } catch {
    action = null;
  }
  const target = headers.map((h) => /^x-amz-target\s*:\s*[\w.-]*\.(\w+)\s*$/i.exec(h)?.[1]).find((t) => t !== undefined);
  action ??= target ?? null;
  if (!action) return null;
  const kebab = action.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
  return { action, effect: awsVerbEffect(kebab)?.effect ?? "unknown" };
}

function requestOperations(inv: Invocation, urls: readonly ShellWord[], method: ShellWord, headers: readonly string[], body: string): Operation[] {
  return urls.map((url) => {
    const shown = withoutCredentials(url.text);
    if (!method.literal) return operation(inv, H("http.unknown"), { target: "generic", service: "http", verb: method.text, resources: [shown] });
    const t = url.literal ? httpTarget(url.text) : { target: "generic" as const, service: "http", host: url.text };
    let effect = methodEffect(method.text);
    let verb = method.text.toUpperCase();
    if (t.target === "aws") {
      const action = awsActionEffect(url.text, headers);
      if (action) {
        verb = action.action;
        // A read method cannot make an AWS action safe: the action decides, and the worse of the two wins.
        effect = action.effect === "unknown" || effect === "unknown" ? "unknown" : worse(action.effect, effect === "read" ? "read" : effect);
      }
    }
    if (t.target === "github" && /\bmutation\b/.test(body)) effect = /\b(?:delete|remove)[A-Z]\w*/.test(body) ? "destroy" : "write";
    return operation(inv, H(EFFECT_ENTRY[effect]), { target: t.target, service: t.service, verb, resources: [shown], markers: [t.host] });
  });
}

function worse(a: Effect, b: Effect): Effect {
  const rank: Record<Effect, number> = { read: 0, write: 1, destroy: 2, unknown: 3 };
  return rank[a] >= rank[b] ? a : b;
}

const CURL_VALUED = [
  "-X", "--request", "-d", "--data", "--data-raw", "--data-binary", "--data-ascii", "--data-urlencode", "--json", "-F", "--form", "--form-string",
  "-T", "--upload-file", "-H", "--header", "-o", "--output", "-u", "--user", "-A", "--user-agent", "-e", "--referer", "-b", "--cookie",
  "-c", "--cookie-jar", "--url", "-w", "--write-out", "-m", "--max-time", "--connect-timeout", "--retry", "--retry-delay", "--retry-max-time",
  "-x", "--proxy", "--resolve", "--cacert", "--capath", "-E", "--cert", "--key", "--unix-socket", "--abstract-unix-socket", "-K", "--config",
  "--limit-rate", "-r", "--range", "-z", "--time-cond", "--output-dir", "-Y", "-y", "--max-filesize", "--interface", "--dns-servers", "--proto",
  "--proto-redir", "-D", "--dump-header", "--trace", "--trace-ascii", "--stderr", "--aws-sigv4", "--oauth2-bearer", "-U", "--proxy-user",
  "--noproxy", "--local-port", "-C", "--continue-at", "-Q", "--quote", "--variable", "--connect-to", "--happy-eyeballs-timeout-ms", "--expect100-timeout",
];

function curl(inv: Invocation, ctx: ClassifyContext): Operation[] {
  const a = scanArgs(inv.args, { valued: CURL_VALUED });
  const urls = [...a.positionals, ...a.rest, ...optionValues(a, "--url")];
  if (hasOption(a, "-K", "--config", "-Q", "--quote")) return [operation(inv, H("http.unknown"), { target: "generic", service: "http", verb: "curl", resources: urls.map((u) => withoutCredentials(u.text)) })];
  const data = optionValues(a, "-d", "--data", "--data-raw", "--data-binary", "--data-ascii", "--data-urlencode", "--json", "-F", "--form", "--form-string");
  const explicit = optionValue(a, "-X", "--request");
  const method = explicit ?? literalWord(hasOption(a, "-T", "--upload-file") ? "PUT" : hasOption(a, "-I", "--head") ? "HEAD" : data.length > 0 && !hasOption(a, "-G", "--get") ? "POST" : "GET");
  const headers = optionValues(a, "-H", "--header").map((h) => h.text);
  const ops = requestOperations(inv, urls, method, headers, data.map((d) => d.text).join(" "));
  ops.push(...outputFiles(inv, ctx, a, urls));
  return ops;
}

/** `-o FILE`, `-O` (the URL's file name in the current directory), and other files curl writes. */
function outputFiles(inv: Invocation, ctx: ClassifyContext, a: ScannedArgs, urls: readonly ShellWord[]): Operation[] {
  const files = optionValues(a, "-o", "--output", "-D", "--dump-header", "-c", "--cookie-jar", "--trace", "--trace-ascii", "--stderr").filter((f) => f.text !== "-" && f.text !== "/dev/null");
  if (hasOption(a, "-O", "--remote-name", "--remote-name-all")) {
    const dir = optionValue(a, "--output-dir")?.text ?? ".";
    for (const u of urls) files.push({ ...u, text: `${dir}/${(u.text.split("?")[0] ?? "").split("/").pop() || "index.html"}` });
  }
  return files.length > 0 ? [fileOperation(inv, ctx.workspace, files, "overwrite", `${inv.name} -o`)] : [];
}

function wget(inv: Invocation, ctx: ClassifyContext): Operation[] {
  const a = scanArgs(inv.args, { valued: ["-O", "--output-document", "-P", "--directory-prefix", "-e", "--execute", "--method", "--post-data", "--post-file", "--body-data", "--body-file", "--header", "-o", "--output-file", "-a", "--append-output", "-i", "--input-file", "--config", "-U", "--user-agent", "--user", "--password", "-t", "--tries", "-T", "--timeout", "-l", "--level", "-A", "--accept", "-R", "--reject", "--ca-certificate"] });
  const urls = [...a.positionals, ...a.rest];
  if (hasOption(a, "-e", "--execute", "--config")) return [operation(inv, H("http.unknown"), { target: "generic", service: "http", verb: "wget", resources: urls.map((u) => withoutCredentials(u.text)) })];
  const method = optionValue(a, "--method") ?? literalWord(hasOption(a, "--post-data", "--post-file") ? "POST" : "GET");
  const headers = optionValues(a, "--header").map((h) => h.text);
  const ops = requestOperations(inv, urls, method, headers, "");
  if (hasOption(a, "--spider")) return ops;
  const output = optionValue(a, "-O", "--output-document");
  if (output) {
    if (output.text !== "-" && output.text !== "/dev/null") ops.push(fileOperation(inv, ctx.workspace, [output], "overwrite", "wget -O"));
  } else {
    const dir = optionValue(a, "-P", "--directory-prefix")?.text ?? ".";
    ops.push(fileOperation(inv, ctx.workspace, [literalWord(dir)], "create", "wget"));
  }
  return ops;
}

const METHODS = new Set(["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"]);

function httpie(inv: Invocation, ctx: ClassifyContext): Operation[] {
  const a = scanArgs(inv.args, { valued: ["-a", "--auth", "-A", "--auth-type", "-o", "--output", "--session", "--session-read-only", "--verify", "--cert", "--cert-key", "--timeout", "--proxy", "-p", "--print", "--pretty", "-s", "--style", "--max-redirects"] });
  const [first, ...rest] = a.positionals;
  if (!first) return [];
  const hasMethod = first.literal && METHODS.has(first.text.toUpperCase());
  const url = hasMethod ? rest[0] : first;
  const items = (hasMethod ? rest.slice(1) : rest).map((w) => w.text);
  const body = items.some((i) => /^[^=:]+(?::=|=|@)/.test(i) && !/^[^=]+==/.test(i));
  const method = hasMethod ? first : literalWord(body ? "POST" : "GET");
  if (!url) return [];
  if (hasOption(a, "--offline")) return [operation(inv, H("http.read"), { target: "generic", service: "http", verb: "offline", resources: [url.text] })];
  const ops = requestOperations(inv, [url], method, items, items.join(" "));
  const output = optionValue(a, "-o", "--output");
  if (output) ops.push(fileOperation(inv, ctx.workspace, [output], "overwrite", `${inv.name} -o`));
  return ops;
}

export const httpClassifier: CommandClassifier = {
  commands: ["curl", "wget", "http", "https", "xh", "xhs"],
  catalog: HTTP_CATALOG,
  classify(inv, ctx) {
    if (inv.name === "curl") return curl(inv, ctx);
    if (inv.name === "wget") return wget(inv, ctx);
    return httpie(inv, ctx);
  },
};
