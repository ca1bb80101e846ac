import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { readBody } from "./read-body.js";
import type { AddressInfo } from "node:net";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";

/**
 * Just enough of a Kubernetes API server for the real `kubectl diff` to run against: legacy
 * discovery, GET of objects, and the dry-run PATCH / POST / apply-patch requests diff sends.
 * Patches are applied with a simplified strategic merge (maps merge, `null` deletes, lists of
 * objects merge by `name`), which is all the test manifests need.
 */

export type KubeObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [key: string]: unknown };
  [key: string]: unknown;
};

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  contentType: string | undefined;
  accept: string | undefined;
  body: string;
}

export interface FakeKubeApi {
  /** `http://127.0.0.1:PORT` */
  url: string;
  requests: RecordedRequest[];
  /** Store an object as if it had been applied earlier. */
  seed(obj: KubeObject): void;
  /** The stored object, or undefined. */
  get(apiVersion: string, kind: string, namespace: string | null, name: string): KubeObject | undefined;
  /**
   * Write `dir/kubeconfig.yaml` with a context (`fake` unless named) that points at this server and
   * one named `unreachable` that points at a closed port. The named context is current unless
   * `currentContext` says otherwise.
   */
  writeKubeconfig(
    dir: string,
    opts?: { context?: string; namespace?: string; currentContext?: string },
  ): Promise<string>;
  close(): Promise<void>;
}

export const UNREACHABLE_CONTEXT = "unreachable";

interface Resource {
  group: string;
  version: string;
  kind: string;
  plural: string;
  namespaced: boolean;
}

/** The resource types the fake serves; adding one is adding a row. */
const RESOURCES: readonly Resource[] = [
  { group: "", version: "v1", kind: "ConfigMap", plural: "configmaps", namespaced: true },
  { group: "", version: "v1", kind: "Secret", plural: "secrets", namespaced: true },
  { group: "", version: "v1", kind: "Namespace", plural: "namespaces", namespaced: false },
  { group: "apps", version: "v1", kind: "Deployment", plural: "deployments", namespaced: true },
];

const VERBS = ["create", "delete", "get", "list", "patch", "update", "watch"];

function groupVersion(r: Resource): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

function key(apiVersion: string, kind: string, namespace: string | null, name: string): string {
  return `${apiVersion}|${kind}|${namespace ?? ""}|${name}`;
}

function status(code: number, reason: string, message: string): object {
  return { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", reason, message, code };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Simplified strategic merge patch; `$`-directives (setElementOrder, retainKeys) are dropped. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (Array.isArray(patch)) {
    if (!Array.isArray(target) || !patch.every((p) => isObject(p) && typeof p.name === "string")) return patch;
    const result = [...target];
    for (const item of patch as Record<string, unknown>[]) {
      const i = result.findIndex((t) => isObject(t) && t.name === item.name);
      if (i >= 0) result[i] = mergePatch(result[i], item);
      else result.push(item);
    }
    return result;
  }
  if (!isObject(patch)) return patch;
  const result: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith("$")) continue;
    if (v === null) delete result[k];
    else result[k] = mergePatch(result[k], v);
  }
  return result;
}

/** What a real server does to every object it accepts, as far as diffs can see it. */
function normalize(obj: KubeObject): KubeObject {
  // Go structs omit empty maps when the object is written back out.
  for (const field of ["annotations", "labels"]) {
    const value = obj.metadata[field];
    if (isObject(value) && Object.keys(value).length === 0) delete obj.metadata[field];
  }
  // Secrets store `stringData` base64-encoded under `data`; kubectl diff then masks `data`.
  if (obj.kind === "Secret" && isObject(obj.stringData)) {
    const data = isObject(obj.data) ? obj.data : {};
    for (const [k, v] of Object.entries(obj.stringData)) data[k] = Buffer.from(String(v)).toString("base64");
    obj.data = data;
    delete obj.stringData;
  }
  return obj;
}

/** A dry run returns what would be stored, but stores nothing and bumps no version. */
function dryRunResult(obj: KubeObject): KubeObject {
  return { ...obj, metadata: { uid: "dry-run", ...obj.metadata } };
}

function discovery(port: number): Map<string, object> {
  const docs = new Map<string, object>();
  docs.set("/version", {
    major: "1",
    minor: "32",
    gitVersion: "v1.32.4",
    gitCommit: "fake",
    gitTreeState: "clean",
    buildDate: "2025-01-01T00:00:00Z",
    goVersion: "go1.23.0",
    compiler: "gc",
    platform: "linux/amd64",
  });
  docs.set("/api", {
    kind: "APIVersions",
    versions: ["v1"],
    serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress: `127.0.0.1:${port}` }],
  });
  const groups = new Map(RESOURCES.filter((r) => r.group).map((r) => [r.group, r.version]));
  docs.set("/apis", {
    kind: "APIGroupList",
    apiVersion: "v1",
    groups: [...groups].map(([name, version]) => {
      const gv = { groupVersion: `${name}/${version}`, version };
      return { name, versions: [gv], preferredVersion: gv };
    }),
  });
  for (const gv of new Set(RESOURCES.map(groupVersion))) {
    docs.set(gv === "v1" ? "/api/v1" : `/apis/${gv}`, {
      kind: "APIResourceList",
      apiVersion: "v1",
      groupVersion: gv,
      resources: RESOURCES.filter((r) => groupVersion(r) === gv).map((r) => ({
        name: r.plural,
        singularName: r.kind.toLowerCase(),
        namespaced: r.namespaced,
        kind: r.kind,
        verbs: VERBS,
      })),
    });
  }
  return docs;
}

/** `/api/v1/namespaces/ns/configmaps/name`, `/api/v1/namespaces/name`, `/apis/apps/v1/namespaces/ns/deployments`. */
function matchObjectPath(
  path: string,
): { resource: Resource; namespace: string | null; name: string | null } | undefined {
  const segments = path.split("/").slice(1);
  const [group, version, rest] =
    segments[0] === "api" ? ["", segments[1], segments.slice(2)] : [segments[1], segments[2], segments.slice(3)];
  // `namespaces/<ns>/<plural>` scopes a collection; `namespaces/<name>` alone is a Namespace.
  const scoped = rest[0] === "namespaces" && rest.length >= 3;
  const [namespace, plural, name, extra] = scoped ? rest.slice(1) : [null, ...rest];
  if (extra !== undefined) return undefined;
  const resource = RESOURCES.find((r) => r.group === group && r.version === version && r.plural === plural);
  if (!resource || resource.namespaced !== scoped) return undefined;
  return { resource, namespace: namespace ?? null, name: name ?? null };
}


export async function startFakeKubeApi(seed: readonly KubeObject[] = []): Promise<FakeKubeApi> {
  const store = new Map<string, KubeObject>();
  const requests: RecordedRequest[] = [];
  let nextVersion = 1;
  let docs = new Map<string, object>();

  const put = (obj: KubeObject): KubeObject => {
    const stored = structuredClone(obj);
    stored.metadata.uid ??= `uid-${nextVersion}`;
    stored.metadata.resourceVersion = String(nextVersion++);
    store.set(key(stored.apiVersion, stored.kind, stored.metadata.namespace ?? null, stored.metadata.name), stored);
    return stored;
  };

  const send = (res: ServerResponse, code: number, body: object): void => {
    res.writeHead(code, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://fake");
    const method = req.method ?? "GET";
    const body = await readBody(req);
    requests.push({
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      contentType: req.headers["content-type"],
      accept: req.headers.accept,
      body,
    });

    const doc = method === "GET" ? docs.get(url.pathname) : undefined;
    if (doc) return send(res, 200, doc);

    const target = matchObjectPath(url.pathname);
    if (!target) return send(res, 404, status(404, "NotFound", "the server could not find the requested resource"));

    const { resource, namespace, name } = target;
    const apiVersion = groupVersion(resource);
    const dryRun = url.searchParams.get("dryRun") === "All";
    const notFound = (n: string): void =>
      send(res, 404, status(404, "NotFound", `${resource.plural} "${n}" not found`));

    if (method === "POST" && name === null) {
      const obj = normalize(JSON.parse(body) as KubeObject);
      if (namespace !== null) obj.metadata.namespace = namespace;
      if (store.has(key(apiVersion, resource.kind, namespace, obj.metadata.name))) {
        return send(res, 409, status(409, "AlreadyExists", `${resource.plural} "${obj.metadata.name}" already exists`));
      }
      return send(res, 201, dryRun ? dryRunResult(obj) : put(obj));
    }
    if (method === "GET" && name === null) {
      // Only `key=value` selectors, which is what `kubectl diff --prune -l` sends.
      const selector = (url.searchParams.get("labelSelector") ?? "").split(",").filter(Boolean);
      const items = [...store.values()].filter((o) => {
        const labels = (o.metadata.labels ?? {}) as Record<string, unknown>;
        return (
          o.apiVersion === apiVersion &&
          o.kind === resource.kind &&
          (namespace === null || o.metadata.namespace === namespace) &&
          selector.every((s) => labels[s.split("=")[0] ?? ""] === s.split("=")[1])
        );
      });
      return send(res, 200, { kind: `${resource.kind}List`, apiVersion, metadata: { resourceVersion: "1" }, items });
    }
    if (name === null) return send(res, 405, status(405, "MethodNotAllowed", `${method} on a collection`));

    const live = store.get(key(apiVersion, resource.kind, namespace, name));
    if (method === "GET") return live ? send(res, 200, live) : notFound(name);
    if (method === "PATCH") {
      const type = req.headers["content-type"] ?? "";
      // Server-side apply creates the object when it is absent; the other patch types need it.
      if (!live && !type.startsWith("application/apply-patch")) return notFound(name);
      if (type.startsWith("application/json-patch")) {
        return send(res, 415, status(415, "UnsupportedMediaType", "the fake does not do JSON patch"));
      }
      const patch: unknown = type.startsWith("application/apply-patch") ? parseYaml(body) : JSON.parse(body);
      const merged = normalize(mergePatch(live ?? {}, patch) as KubeObject);
      if (namespace !== null) merged.metadata.namespace = namespace;
      return send(res, live ? 200 : 201, dryRun ? dryRunResult(merged) : put(merged));
    }
    if (method === "DELETE") {
      if (!live) return notFound(name);
      if (!dryRun) store.delete(key(apiVersion, resource.kind, namespace, name));
      return send(res, 200, live);
    }
    return send(res, 405, status(405, "MethodNotAllowed", `${method} is not served`));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => send(res, 500, status(500, "InternalError", String(err))));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  docs = discovery(port);
  for (const obj of seed) put(obj);

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    seed: (obj) => void put(obj),
    get: (apiVersion, kind, namespace, name) => store.get(key(apiVersion, kind, namespace, name)),
    async writeKubeconfig(dir, opts = {}) {
      const context = opts.context ?? "fake";
      const file = join(dir, "kubeconfig.yaml");
      const config = {
        apiVersion: "v1",
        kind: "Config",
        clusters: [
          { name: "fake-cluster", cluster: { server: `http://127.0.0.1:${port}` } },
          // Nothing listens on port 1, so kubectl gets "connection refused" at once.
          { name: "dead-cluster", cluster: { server: "http://127.0.0.1:1" } },
        ],
        users: [{ name: "fake-user", user: {} }],
        contexts: [
          {
            name: context,
            context: { cluster: "fake-cluster", user: "fake-user", ...(opts.namespace && { namespace: opts.namespace }) },
          },
          { name: UNREACHABLE_CONTEXT, context: { cluster: "dead-cluster", user: "fake-user" } },
        ],
        "current-context": opts.currentContext ?? context,
      };
      // JSON is valid YAML, and kubectl reads either.
      await writeFile(file, JSON.stringify(config, null, 2));
      return file;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
