import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { MemoryIndex } from "../../memory/memory-index.js";
import { MEMORY_ID_PATTERN, type MemoryRecord } from "../../memory/memory-record.js";
import { DEFAULT_KNOWLEDGE_BRANCH, GitMemoryStore } from "../../memory/store/git-memory-store.js";
import { UserError } from "../../user-error.js";
import type { CliCommand, CliIo } from "../cli-io.js";
import { parseFlags, USAGE_EXIT_CODE } from "../parse-flags.js";

const usage = `Usage: stakpak-gitops memory add "TEXT" [--title T] [--tag X]... [--path GLOB]...
       stakpak-gitops memory list [--json]
       stakpak-gitops memory search QUERY [--json] [--limit N]
       stakpak-gitops memory show ID
       stakpak-gitops memory forget ID

The team memory: one markdown file per memory on the knowledge branch of the repository
(${DEFAULT_KNOWLEDGE_BRANCH} by default), written through git plumbing: the work tree, the index and
the current branch are never touched. Every memory is redacted before it is written; one that
still holds a secret is refused. The agent searches the same memories (search_memory).

Options:
  -d, --dir D        the repository (default: the one around the current directory)
  -b, --branch B     the knowledge branch (default: ${DEFAULT_KNOWLEDGE_BRANCH})
      --title T      add: the title (default: the text's first line)
      --tag X        add: a tag (repeatable)
      --path GLOB    add: a path glob the memory is about, e.g. 'infra/staging/**' (repeatable)
      --json         list, search: an array of {id, title, tags, paths, score?}
      --limit N      search: at most N results (default 10)
  -h, --help         show this help

Exit codes: 0 done, 1 not found (show, forget) or refused, 2 bad input.`;

export const memoryCommand: CliCommand = {
  name: "memory",
  summary: "Add, list, search, show and forget team memories (the knowledge branch)",
  usage,
  async run(argv, io) {
    const { values, positionals } = parseFlags(
      argv,
      {
        dir: { type: "string", short: "d" },
        branch: { type: "string", short: "b" },
        title: { type: "string" },
        tag: { type: "string", multiple: true },
        path: { type: "string", multiple: true },
        json: { type: "boolean" },
        limit: { type: "string" },
        repo: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      usage,
    );
    const [action, ...rest] = positionals;
    if (values.help || !action) {
      io.stdout(io.redactor.redact(`${usage}\n`));
      return values.help ? 0 : USAGE_EXIT_CODE;
    }
    if (values.repo) {
      throw new UserError({ summary: "--repo (the GitHub backend) is not in this version of the CLI", hint: "run it in a clone of the repository, or use /stakpak remember on GitHub", exitCode: USAGE_EXIT_CODE });
    }
    const store = GitMemoryStore.open({ repo: repositoryRoot(values.dir ?? io.cwd), branch: values.branch, redactor: io.redactor });
    const out = (text: string) => io.stdout(io.redactor.redact(`${text}\n`));
    switch (action) {
      case "add": {
        const text = rest.join(" ").trim();
        if (!text) throw new UserError({ summary: 'memory add needs the TEXT, e.g. `stakpak-gitops memory add "staging buckets log to acme-staging-access-logs"`', exitCode: USAGE_EXIT_CODE });
        const now = new Date().toISOString();
        const title = (values.title ?? text.split("\n")[0] ?? text).slice(0, 200);
        let id = "";
        const result = await store.write((current) => {
          do id = `m${randomBytes(3).toString("hex")}`;
          while (current.has(id));
          const memory: MemoryRecord = { id, title, body: text, tags: values.tag ?? [], paths: values.path ?? [], source: null, author: author(io), created: now, updated: now };
          return { put: [memory], remove: [] };
        }, `memory: add "${title.slice(0, 60)}"`);
        out(`added ${id} on ${store.branch} (${result.links.get(id) ?? ""})`);
        return 0;
      }
      case "list": {
        const memories = await store.list();
        if (values.json) out(JSON.stringify(memories.map(summary)));
        else out(memories.length === 0 ? `No memories on ${store.branch}.` : memories.map((m) => `${m.id}  ${m.title}${m.tags.length ? `  [${m.tags.join(", ")}]` : ""}`).join("\n"));
        return 0;
      }
      case "search": {
        const query = rest.join(" ").trim();
        if (!query) throw new UserError({ summary: "memory search needs a QUERY", exitCode: USAGE_EXIT_CODE });
        const limit = values.limit === undefined ? 10 : Number(values.limit);
        if (!Number.isInteger(limit) || limit < 1) throw new UserError({ summary: `--limit must be a whole number above 0, not ${JSON.stringify(values.limit)}`, exitCode: USAGE_EXIT_CODE });
        const hits = new MemoryIndex(await store.list()).search(query, { limit });
        if (values.json) out(JSON.stringify(hits.map((h) => ({ ...summary(h.memory), score: Number(h.score.toFixed(3)) }))));
        else out(hits.length === 0 ? `No memory matches ${JSON.stringify(query)}.` : hits.map((h) => `${h.memory.id}  ${h.score.toFixed(2)}  ${h.memory.title}`).join("\n"));
        return 0;
      }
      case "show": {
        const memory = await store.get(checkedId(rest[0]));
        if (!memory) return notFound(io, rest[0]!, store.branch);
        out([`# ${memory.title}`, "", `id ${memory.id} · by ${memory.author} · updated ${memory.updated}${memory.tags.length ? ` · tags ${memory.tags.join(", ")}` : ""}${memory.paths.length ? ` · about ${memory.paths.join(", ")}` : ""}${memory.source ? ` · from ${memory.source}` : ""}`, "", memory.body].join("\n"));
        return 0;
      }
      case "forget": {
        const id = checkedId(rest[0]);
        if (!(await store.get(id))) return notFound(io, id, store.branch);
        await store.write(() => ({ put: [], remove: [id] }), `memory: forget ${id}`);
        out(`forgot ${id} (its history stays on ${store.branch})`);
        return 0;
      }
      default:
        throw new UserError({ summary: `unknown memory action ${JSON.stringify(action)}`, hint: "use add, list, search, show or forget", exitCode: USAGE_EXIT_CODE });
    }
  },
};

function summary(m: MemoryRecord): { id: string; title: string; tags: string[]; paths: string[] } {
  return { id: m.id, title: m.title, tags: m.tags, paths: m.paths };
}

function checkedId(id: string | undefined): string {
  if (!id || !MEMORY_ID_PATTERN.test(id)) throw new UserError({ summary: `${id ? JSON.stringify(id) : "no ID"}: a memory id is \`m\` and 6 hex digits`, hint: "`stakpak-gitops memory list` shows the ids", exitCode: USAGE_EXIT_CODE });
  return id;
}

function notFound(io: CliIo, id: string, branch: string): number {
  io.stderr(io.redactor.redact(`Error: no memory ${id} on ${branch}\n\nHint: \`stakpak-gitops memory list\` shows the ids\n`));
  return 1;
}

function author(io: CliIo): string {
  return io.env.GITHUB_ACTOR || io.env.USER || "cli";
}

function repositoryRoot(dir: string): string {
  try {
    return execFileSync("git", ["-C", dir, "rev-parse", "--show-toplevel"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
  } catch {
    throw new UserError({ summary: `${dir} is not inside a git repository`, hint: "run it in a clone, or pass --dir", exitCode: USAGE_EXIT_CODE });
  }
}
