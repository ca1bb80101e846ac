import type { Effect } from "./operation.js";

/** One SQL statement (or client meta-command) judged on its own. */
export interface StatementVerdict {
  /** The statement, trimmed, at most 120 characters. */
  text: string;
  /** `DROP`, `DELETE`, `\d`, ... */
  verb: string;
  effect: Effect;
  /** Why, for explain: `DELETE without WHERE removes every row`. */
  why: string;
}

/**
 * Statement rules in order: the first whose pattern matches the statement (comments removed,
 * uppercased) decides. A rule is data: its pattern, its effect and why.
 */
interface SqlRule {
  id: string;
  pattern: RegExp;
  effect: Effect;
  why: string;
}

/**
 * `WHERE` clauses that are always true, so the statement touches every row. String literals are
 * blanked before this runs, so `'a'='a'` arrives as `''=''` (and so does `'a'='b'`: a DELETE
 * that might delete nothing is still judged as one that might delete everything).
 */
const TAUTOLOGY = /\bWHERE\s+(?:NOT\s+FALSE|TRUE|1|''\s*=\s*''|(['"]?)(\w+)\1\s*=\s*\1\2\1|\w+\s+IS\s+NOT\s+NULL|\w+\s*=\s*\w+\s+OR\s+TRUE)\s*(?:;|$|\bRETURNING\b|\bLIMIT\b)|\bOR\s+(?:TRUE|1\s*=\s*1|'(\w*)'\s*=\s*'\3')\b/;

export const SQL_RULES: readonly SqlRule[] = [
  { id: "sql.shell-escape", pattern: /^(?:\\!|\\IR?\b|\\GEXEC\b|\\INCLUDE|SYSTEM\b|\\SETENV\b|\.SHELL\b|\.SYSTEM\b|\.READ\b|\.LOAD\b|SOURCE\b)/, effect: "unknown", why: "runs a shell command, a script file or query output as statements" },
  { id: "sql.program", pattern: /\bCOPY\b[\s\S]*\bPROGRAM\b|\bLOAD\s+'|\bDBLINK_EXEC\b|\bLO_IMPORT\b|\bPG_EXECUTE_SERVER_PROGRAM\b/, effect: "unknown", why: "runs a program or code on the database server" },
  { id: "sql.anonymous-code", pattern: /^(?:DO\b|CALL\b|EXEC(?:UTE)?\b|PREPARE\b|EVAL\b)/, effect: "unknown", why: "runs a code block or procedure whose effect is not in the statement" },
  { id: "sql.drop", pattern: /^DROP\b|^\s*DROPDB\b/, effect: "destroy", why: "DROP removes a database, table, schema, user or other object" },
  { id: "sql.truncate", pattern: /^TRUNCATE\b/, effect: "destroy", why: "TRUNCATE removes every row" },
  { id: "sql.alter-drop", pattern: /^ALTER\b[\s\S]*\bDROP\b/, effect: "destroy", why: "ALTER ... DROP removes a column, constraint or partition" },
  // Whatever its filter: a WHERE decides how many rows go, not whether data is destroyed (and `WHERE id > 0` is every row).
  { id: "sql.delete", pattern: /^DELETE\b|^MERGE\b[\s\S]*\bTHEN\s+DELETE\b/, effect: "destroy", why: "DELETE removes rows, whatever its WHERE" },
  { id: "sql.update-all", pattern: /^UPDATE\b(?![\s\S]*\bWHERE\b)/, effect: "destroy", why: "UPDATE without a WHERE overwrites every row" },
  { id: "sql.server-destroy", pattern: /^(?:SHUTDOWN\b|RESET\s+(?:MASTER|BINARY\s+LOGS)\b|PURGE\s+BINARY\b|FLUSHALL\b|FLUSHDB\b)|\bLO_UNLINK\b|\bPG_DROP_REPLICATION_SLOT\b/, effect: "destroy", why: "stops the server or deletes its data or logs" },
  { id: "sql.write", pattern: /^(?:INSERT|UPDATE|DELETE|CREATE|ALTER|GRANT|REVOKE|COPY|MERGE|UPSERT|REPLACE|RENAME|COMMENT|VACUUM|REINDEX|CLUSTER|REFRESH|LOCK|IMPORT|LOAD|FLUSH|KILL|OPTIMIZE|REPAIR|SECURITY\s+LABEL|REASSIGN|ATTACH|DETACH|\.IMPORT|\.RESTORE|\.BACKUP|\.SAVE|\.CLONE|\\COPY|\\O\b|\\W\b|\.OUTPUT|\.ONCE)\b|^SELECT\b[\s\S]*\bINTO\b|\bPG_TERMINATE_BACKEND\b|\bPG_CANCEL_BACKEND\b|\bPG_RELOAD_CONF\b|\bSET_CONFIG\b|\bSETVAL\b|^PRAGMA\b[\s\S]*=/, effect: "write", why: "changes data, schema or permissions" },
  { id: "sql.read", pattern: /^(?:SELECT|SHOW|EXPLAIN|DESCRIBE|DESC|VALUES|TABLE|WITH|BEGIN|START|COMMIT|END|ROLLBACK|SAVEPOINT|RELEASE|SET|RESET|USE|PRAGMA|FETCH|DECLARE|CLOSE|LISTEN|UNLISTEN|ANALYZE|CHECKSUM|HELP|STATUS|\\[A-Z?]|\.[A-Z]+)\b|^\\/, effect: "read", why: "reads data or session settings" },
];

/** Splits SQL text into statements, keeping psql/sqlite meta-commands (`\d`, `.tables`) as their own. */
export function splitStatements(sql: string): string[] {
  const out: string[] = [];
  let current = "";
  let i = 0;
  const push = () => {
    const s = current.trim();
    if (s) out.push(s);
    current = "";
  };
  while (i < sql.length) {
    const ch = sql[i] ?? "";
    const atLineStart = current.trim() === "";
    if (atLineStart && (ch === "\\" || (ch === "." && /^\.[a-z]/i.test(sql.slice(i, i + 2))))) {
      const end = sql.indexOf("\n", i);
      current = sql.slice(i, end === -1 ? sql.length : end);
      push();
      i = end === -1 ? sql.length : end + 1;
      continue;
    }
    if (ch === "-" && sql[i + 1] === "-") {
      const end = sql.indexOf("\n", i);
      i = end === -1 ? sql.length : end + 1;
      current += " ";
      continue;
    }
    if (ch === "/" && sql[i + 1] === "*") {
      const end = sql.indexOf("*/", i + 2);
      i = end === -1 ? sql.length : end + 2;
      current += " ";
      continue;
    }
    if (ch === "'" || ch === '"' || ch === "`") {
      let j = i + 1;
      while (j < sql.length && !(sql[j] === ch && sql[j + 1] !== ch)) j += sql[j] === ch ? 2 : sql[j] === "\\" && ch === "'" ? 2 : 1;
      current += sql.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    const dollar = ch === "$" ? /^\$([A-Za-z_]\w*)?\$/.exec(sql.slice(i)) : null;
    if (dollar) {
      const tag = dollar[0];
      const end = sql.indexOf(tag, i + tag.length);
      const stop = end === -1 ? sql.length : end + tag.length;
      current += sql.slice(i, stop);
      i = stop;
      continue;
    }
    if (ch === ";") {
      push();
      i++;
      continue;
    }
    current += ch;
    i++;
  }
  push();
  return out;
}

/** Replaces string literals with '' so keywords inside them (`WHERE note = 'drop it'`) are not seen. */
function blankStrings(statement: string): string {
  return statement.replace(/'(?:[^']|'')*'/g, "''").replace(/\$([A-Za-z_]\w*)?\$[\s\S]*?\$\1\$/g, "''");
}

/** Judges one statement by the first rule that matches. */
export function classifyStatement(statement: string): StatementVerdict {
  const text = statement.replace(/\s+/g, " ").trim().slice(0, 120);
  const upper = blankStrings(statement).replace(/\s+/g, " ").trim().toUpperCase();
  // EXPLAIN ANALYZE runs the statement it explains.
  const explained = /^EXPLAIN\s+(?:\([^)]*\bANALY[SZ]E\b[^)]*\)|ANALY[SZ]E\b)\s*(?:VERBOSE\s+)?([\s\S]*)$/.exec(upper);
  const subject = explained ? (explained[1] ?? "") : upper;
  // A CTE may hide the real verb: `WITH x AS (DELETE FROM t RETURNING *) SELECT ...`.
  const verbs = subject.startsWith("WITH ") ? [...subject.matchAll(/\b(DELETE|UPDATE|INSERT|MERGE|DROP|TRUNCATE)\b/g)].map((m) => m[1]) : [];
  const effective = verbs.length > 0 ? subject.slice(subject.indexOf(verbs[0] as string)) : subject;
  for (const rule of SQL_RULES) {
    if (rule.id === "sql.update-all" && /^UPDATE\b/.test(effective) && TAUTOLOGY.test(effective)) return verdict(text, effective, rule);
    if (rule.pattern.test(effective)) return verdict(text, effective, rule);
  }
  return { text, verb: firstWord(effective), effect: "unknown", why: "a statement Warden does not know" };
}

function verdict(text: string, upper: string, rule: SqlRule): StatementVerdict {
  return { text, verb: firstWord(upper), effect: rule.effect, why: rule.why };
}

function firstWord(upper: string): string {
  return /^\S+/.exec(upper)?.[0] ?? "";
}
