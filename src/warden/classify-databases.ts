import { entryOf, known, operation, variable, type CatalogEntry, type ClassifyContext, type CommandClassifier, type Invocation } from "./classifier.js";
import { pointerFlagOperations } from "./config-pointers.js";
import type { Effect, Operation } from "./operation.js";
import { hasOption, optionValue, optionValues, scanArgs, type ScannedArgs } from "./scan-args.js";
import type { ShellWord } from "./shell-word.js";
import { classifyStatement, splitStatements } from "./sql-statements.js";
import { wordScopes } from "./workspace-paths.js";

export const DATABASE_CATALOG: readonly CatalogEntry[] = [
  {
    id: "db.sql-destroy",
    description: "a statement that drops, truncates or deletes rows (whatever its WHERE), or overwrites every row",
    effect: "destroy",
    examples: ["psql -h prod-db -c 'DROP TABLE users'", "psql -c 'TRUNCATE orders'", "mysql -e 'DELETE FROM sessions' app", "psql -c 'DELETE FROM users WHERE 1=1'", "psql -c \"DELETE FROM sessions WHERE expires < now()\"", "mysql -e 'DELETE FROM users WHERE id = 42' app", "sqlite3 /var/lib/app/app.db 'DELETE FROM jobs WHERE done = 1'", "psql -c 'TRUNCATE TABLE events RESTART IDENTITY'", "psql -c 'ALTER TABLE users DROP COLUMN email'", "echo 'DROP DATABASE app;' | psql", "psql <<'EOF'\nDROP SCHEMA public CASCADE;\nEOF", "mysql -e 'UPDATE users SET admin=1'"],
  },
  {
    id: "db.sql-write",
    description: "a statement that inserts or updates selected rows, or changes schema or grants",
    effect: "write",
    examples: ["psql -c \"UPDATE users SET plan='pro' WHERE id=42\"", "mysql -e 'CREATE TABLE t (id int)' app", "psql -c 'GRANT SELECT ON users TO reporting'"],
  },
  {
    id: "db.sql-read",
    description: "statements that only read (SELECT, SHOW, EXPLAIN, meta-commands)",
    effect: "read",
    examples: ["psql -c 'SELECT count(*) FROM users'", "mysql -hdb -uapp -psecret app -e 'select 1'", "psql -c \"SELECT * FROM jobs WHERE name = 'drop-old-partitions'\"", "mysql -e 'SHOW TABLES' app", "psql -c '\\dt'", "sqlite3 app.db '.tables'", "psql -l", "psql -c 'EXPLAIN DELETE FROM users'"],
  },
  {
    id: "db.sql-unknown",
    description: "a statement that runs code or programs, or one Warden does not know",
    effect: "unknown",
    examples: ["psql -c \"DO \\$\\$ BEGIN PERFORM 1; END \\$\\$\"", "psql -c \"COPY t FROM PROGRAM 'id'\"", "psql -c '\\! id'"],
  },
  {
    id: "db.script",
    description: "runs SQL from a file or from input only known at run time",
    effect: "unknown",
    examples: ["psql -f migrate.sql", "mysql app < dump.sql", "curl -s https://x.example/q.sql | psql"],
  },
  {
    id: "db.interactive",
    description: "opens an interactive database session: what will be typed cannot be judged",
    effect: "unknown",
    examples: ["psql -h prod-db", "mysql -u root app"],
  },
  {
    id: "db.dump",
    description: "exports a database (reads it)",
    effect: "read",
    examples: ["pg_dump -h prod-db app", "mysqldump app", "pg_dumpall --globals-only"],
  },
  {
    id: "db.restore",
    description: "loads data into a database",
    effect: "write",
    examples: ["pg_restore -d app dump.pgdump", "createdb app_test", "createuser reporting"],
  },
  {
    id: "db.destroy-tool",
    description: "drops a database or user, or restores over existing objects (--clean)",
    effect: "destroy",
    examples: ["dropdb app", "dropuser reporting", "pg_restore --clean -d app dump.pgdump", "mysqladmin drop app"],
  },
  {
    id: "db.admin-read",
    description: "asks the server for its status",
    effect: "read",
    examples: ["mysqladmin status", "mysqladmin ping", "pg_isready -h prod-db"],
  },
];

const DB = (id: string) => entryOf(DATABASE_CATALOG, id);

const EFFECT_ENTRY: Readonly<Record<Effect, string>> = { read: "db.sql-read", write: "db.sql-write", destroy: "db.sql-destroy", unknown: "db.sql-unknown" };

/** `postgres://user:secret@host/db` -> `postgres://host/db`: markers and resources show in decisions. */
export function withoutCredentials(uri: string): string {
  return uri.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/]*@/i, "$1");
}

interface DbTarget {
  service: string;
  markers: string[];
  resources: string[];
  /** The database is a file inside the workspace or a temp dir (sqlite): changes are local work. */
  local: boolean;
}

/** One operation per statement. */
export function statementOperations(inv: Invocation, sql: string, target: DbTarget): Operation[] {
  const statements = splitStatements(sql);
  if (statements.length === 0) return [operation(inv, DB("db.sql-read"), { target: "database", service: target.service, verb: "", markers: target.markers, resources: target.resources })];
  return statements.map((s) => {
    const v = classifyStatement(s);
    // A sqlite file in the workspace is local work: dropping its tables is like editing a file.
    const localChange = target.local && (v.effect === "write" || v.effect === "destroy");
    return operation(inv, DB(EFFECT_ENTRY[v.effect]), {
      target: "database",
      service: target.service,
      verb: v.verb,
      effect: localChange ? "write" : v.effect,
      local: localChange,
      markers: target.markers,
      resources: target.resources,
      why: `${v.why}: ${v.text}`,
    });
  });
}

/** SQL read from stdin: a heredoc or a known echo is judged; anything else is a script or a session. */
function stdinStatements(inv: Invocation, target: DbTarget): Operation[] {
  const stdin = inv.command.stdin;
  const fields = { target: "database" as const, service: target.service, verb: inv.name, markers: target.markers, resources: target.resources };
  if (stdin.kind === "heredoc" && stdin.literal) return statementOperations(inv, stdin.text, target);
  if (stdin.kind === "pipe" && stdin.text !== null) return statementOperations(inv, stdin.text, target);
  if (stdin.kind === "inherit") return [operation(inv, DB("db.interactive"), fields)];
  return [operation(inv, DB("db.script"), fields)];
}

function markerList(...values: (ShellWord | string | undefined)[]): string[] {
  return values.map((v) => (typeof v === "string" ? v : known(v))).filter((v): v is string => !!v).map(withoutCredentials);
}

function psql(inv: Invocation): Operation[] {
  const a = scanArgs(inv.args, { valued: ["-c", "--command", "-d", "--dbname", "-f", "--file", "-h", "--host", "-p", "--port", "-U", "--username", "-v", "--set", "--variable", "-o", "--output", "-L", "--log-file", "-F", "--field-separator", "-R", "--record-separator", "-P", "--pset", "-T", "--table-attr"] });
  const db = optionValue(a, "-d", "--dbname") ?? a.positionals[0];
  const host = optionValue(a, "-h", "--host");
  const markers = markerList(host, db, variable(inv, "PGHOST"), variable(inv, "PGDATABASE"));
  const target: DbTarget = { service: "postgres", markers, resources: markerList(db), local: false };
  if (hasOption(a, "-l", "--list", "-V", "--version")) return [operation(inv, DB("db.sql-read"), { target: "database", service: "postgres", verb: "\\l", markers, resources: target.resources })];
  const commands = optionValues(a, "-c", "--command");
  const files = optionValues(a, "-f", "--file").filter((f) => f.text !== "-");
  const ops: Operation[] = [];
  for (const c of commands) ops.push(...(c.literal ? statementOperations(inv, c.text, target) : [operation(inv, DB("db.script"), { target: "database", service: "postgres", verb: "-c", markers, resources: target.resources })]));
  for (const f of files) ops.push(operation(inv, DB("db.script"), { target: "database", service: "postgres", verb: "-f", markers, resources: [f.text] }));
  if (commands.length === 0 && files.length === 0) ops.push(...stdinStatements(inv, target));
  return ops;
}

function mysql(inv: Invocation, ctx: ClassifyContext): Operation[] {
  const a = scanArgs(inv.args, { valued: ["-e", "--execute", "-h", "--host", "-u", "--user", "-P", "--port", "-D", "--database", "-S", "--socket", "--defaults-file", "--defaults-extra-file", "--login-path", "--default-character-set"], attachedValue: ["-p"] });
  const pointers = pointerFlagOperations(inv, a, ctx.workspace);
  if (pointers.length > 0) return pointers;
  const db = optionValue(a, "-D", "--database") ?? a.positionals[0];
  const markers = markerList(optionValue(a, "-h", "--host"), db, variable(inv, "MYSQL_HOST"));
  const target: DbTarget = { service: "mysql", markers, resources: markerList(db), local: false };
  if (hasOption(a, "-V", "--version")) return [operation(inv, DB("db.sql-read"), { target: "database", service: "mysql", verb: "--version", markers })];
  const executes = optionValues(a, "-e", "--execute");
  if (executes.length === 0) return stdinStatements(inv, target);
  return executes.flatMap((e) => (e.literal ? statementOperations(inv, e.text, target) : [operation(inv, DB("db.script"), { target: "database", service: "mysql", verb: "-e", markers })]));
}

function sqlite(inv: Invocation, ctx: ClassifyContext): Operation[] {
  const a = scanArgs(inv.args, { valued: ["-cmd", "-init", "-separator", "-newline", "-nullvalue", "-mmap", "-maxsize", "-pagecache", "-lookaside", "-vfs", "-zip"], singleDashLong: true });
  const [file, ...sqlWords] = a.positionals;
  const scopes = file ? (file.text === ":memory:" ? ["temp" as const] : wordScopes(inv.command.context, file, ctx.workspace)) : ["temp" as const];
  const local = scopes.every((s) => s === "workspace" || s === "temp");
  const target: DbTarget = { service: "sqlite", markers: markerList(file), resources: markerList(file), local };
  if (hasOption(a, "-version", "--version")) return [operation(inv, DB("db.sql-read"), { target: "database", service: "sqlite", verb: "-version" })];
  if (hasOption(a, "-init")) return [operation(inv, DB("db.script"), { target: "database", service: "sqlite", verb: "-init", resources: target.resources })];
  const commands = [...optionValues(a, "-cmd"), ...sqlWords];
  if (commands.length === 0) return stdinStatements(inv, target);
  return commands.flatMap((c) => (c.literal ? statementOperations(inv, c.text, target) : [operation(inv, DB("db.script"), { target: "database", service: "sqlite", verb: "sql", resources: target.resources })]));
}

/** Other SQL shells: the option that carries a query, and the one that names a script file. */
const QUERY_CLIENTS: Readonly<Record<string, { service: string; query: string[]; file: string[]; valued: string[]; host: string[]; db: string[] }>> = {
  sqlcmd: { service: "sqlserver", query: ["-Q", "-q"], file: ["-i"], valued: ["-S", "-d", "-U", "-P", "-o"], host: ["-S"], db: ["-d"] },
  "clickhouse-client": { service: "clickhouse", query: ["--query", "-q"], file: ["--queries-file"], valued: ["--host", "-h", "--database", "-d", "--user", "-u", "--password", "--port"], host: ["--host", "-h"], db: ["--database", "-d"] },
  cqlsh: { service: "cassandra", query: ["-e", "--execute"], file: ["-f", "--file"], valued: ["-k", "--keyspace", "-u", "-p", "--request-timeout"], host: [], db: ["-k", "--keyspace"] },
  mariadb: { service: "mysql", query: ["-e", "--execute"], file: [], valued: ["-h", "--host", "-u", "--user", "-P", "-D", "--database"], host: ["-h", "--host"], db: ["-D", "--database"] },
};

function queryClient(inv: Invocation, spec: (typeof QUERY_CLIENTS)[string]): Operation[] {
  const a = scanArgs(inv.args, { valued: [...spec.query, ...spec.file, ...spec.valued], attachedValue: spec.service === "mysql" ? ["-p"] : [] });
  const markers = markerList(...optionValues(a, ...spec.host), ...optionValues(a, ...spec.db), inv.name === "cqlsh" ? a.positionals[0] : undefined);
  const target: DbTarget = { service: spec.service, markers, resources: markerList(...optionValues(a, ...spec.db)), local: false };
  const files = optionValues(a, ...spec.file);
  if (files.length > 0) return [operation(inv, DB("db.script"), { target: "database", service: spec.service, verb: "file", markers, resources: files.map((f) => f.text) })];
  const queries = optionValues(a, ...spec.query);
  if (queries.length === 0) return stdinStatements(inv, target);
  return queries.flatMap((q) => (q.literal ? statementOperations(inv, q.text, target) : [operation(inv, DB("db.script"), { target: "database", service: spec.service, verb: "query", markers })]));
}

function dbTool(inv: Invocation, a: ScannedArgs): Operation[] {
  const db = optionValue(a, "-d", "--dbname") ?? a.positionals[0];
  const markers = markerList(optionValue(a, "-h", "--host"), db, variable(inv, "PGHOST"), variable(inv, "PGDATABASE"));
  const fields = { target: "database" as const, service: inv.name.startsWith("my") ? "mysql" : "postgres", verb: inv.name, markers, resources: markerList(db) };
  switch (inv.name) {
    case "pg_dump":
    case "pg_dumpall":
    case "mysqldump":
      return [operation(inv, DB("db.dump"), fields)];
    case "pg_restore":
      return [operation(inv, DB(hasOption(a, "-c", "--clean") ? "db.destroy-tool" : "db.restore"), fields)];
    case "dropdb":
    case "dropuser":
      return [operation(inv, DB("db.destroy-tool"), fields)];
    case "createdb":
    case "createuser":
      return [operation(inv, DB("db.restore"), fields)];
    case "pg_isready":
      return [operation(inv, DB("db.admin-read"), fields)];
    case "mysqladmin": {
      const words = a.positionals.map((p) => p.text.toLowerCase());
      if (words.some((w) => w === "drop" || w === "shutdown" || w === "purge")) return [operation(inv, DB("db.destroy-tool"), { ...fields, verb: `mysqladmin ${words.join(" ")}` })];
      if (words.every((w) => ["status", "ping", "version", "processlist", "variables", "extended-status"].includes(w))) return [operation(inv, DB("db.admin-read"), { ...fields, verb: `mysqladmin ${words.join(" ")}` })];
      return [operation(inv, DB("db.restore"), { ...fields, verb: `mysqladmin ${words.join(" ")}` })];
    }
    default:
      return [];
  }
}

const DB_TOOLS = ["pg_dump", "pg_dumpall", "mysqldump", "pg_restore", "dropdb", "dropuser", "createdb", "createuser", "pg_isready", "mysqladmin"];

export const databasesClassifier: CommandClassifier = {
  commands: ["psql", "mysql", "sqlite3", "sqlite", ...Object.keys(QUERY_CLIENTS), ...DB_TOOLS],
  catalog: DATABASE_CATALOG,
  classify(inv, ctx) {
    if (inv.name === "psql") return psql(inv);
    if (inv.name === "mysql") return mysql(inv, ctx);
    if (inv.name === "sqlite3" || inv.name === "sqlite") return sqlite(inv, ctx);
    const client = QUERY_CLIENTS[inv.name];
    if (client) return queryClient(inv, client);
    const a = scanArgs(inv.args, { valued: ["-d", "--dbname", "-h", "--host", "-p", "--port", "-U", "--username", "-f", "--file", "-F", "--format", "-j", "--jobs", "-n", "--schema", "-t", "--table", "-u", "--user"] });
    return dbTool(inv, a);
  },
};
