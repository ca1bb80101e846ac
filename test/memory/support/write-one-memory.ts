// A separate writer process for the concurrency test: one memory onto the repository's knowledge branch.
import { GitMemoryStore } from "../../../src/memory/store/git-memory-store.js";
import { Redactor } from "../../../src/redact/redactor.js";

const [repo, id] = process.argv.slice(2) as [string, string];
const store = GitMemoryStore.open({ repo, redactor: new Redactor() });
const now = new Date().toISOString();
const result = await store.write(
  () => ({ put: [{ id, title: `note ${id}`, body: `written by writer ${id}`, tags: ["concurrency"], paths: [], source: null, author: "writer", created: now, updated: now }], remove: [] }),
  `remember ${id}`,
);
process.stdout.write(JSON.stringify({ attempts: result.attempts }));
