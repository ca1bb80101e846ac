import { entryOf, known, operation, type CatalogEntry, type CommandClassifier, type Invocation } from "./classifier.js";
import { withoutCredentials } from "./classify-databases.js";
import type { Effect, Operation } from "./operation.js";
import { hasOption, optionValue, scanArgs } from "./scan-args.js";

/** Redis commands by effect. Anything not listed is unknown. */
export const REDIS_COMMANDS: Readonly<Record<Exclude<Effect, "unknown">, readonly string[]>> = {
  destroy: ["FLUSHALL", "FLUSHDB", "SHUTDOWN", "SWAPDB", "REPLICAOF", "SLAVEOF"],
  write: [
    "SET", "SETNX", "SETEX", "PSETEX", "MSET", "MSETNX", "APPEND", "INCR", "INCRBY", "INCRBYFLOAT", "DECR", "DECRBY", "GETSET",
    "GETDEL", "GETEX", "DEL", "UNLINK", "EXPIRE", "EXPIREAT", "PEXPIRE", "PEXPIREAT", "PERSIST", "RENAME", "RENAMENX", "MOVE",
    "COPY", "RESTORE", "HSET", "HSETNX", "HMSET", "HDEL", "HINCRBY", "HINCRBYFLOAT", "LPUSH", "RPUSH", "LPUSHX", "RPUSHX", "LPOP",
    "RPOP", "LSET", "LREM", "LTRIM", "LINSERT", "LMOVE", "BLPOP", "BRPOP", "RPOPLPUSH", "SADD", "SREM", "SPOP", "SMOVE",
    "SINTERSTORE", "SUNIONSTORE", "SDIFFSTORE", "ZADD", "ZREM", "ZINCRBY", "ZPOPMIN", "ZPOPMAX", "ZREMRANGEBYSCORE",
    "ZREMRANGEBYRANK", "ZREMRANGEBYLEX", "ZUNIONSTORE", "ZINTERSTORE", "XADD", "XDEL", "XTRIM", "XGROUP", "XACK", "XCLAIM",
    "PUBLISH", "PFADD", "PFMERGE", "GEOADD", "SETRANGE", "SETBIT", "BITOP", "SAVE", "BGSAVE", "BGREWRITEAOF", "FAILOVER",
    "MIGRATE", "CONFIG SET", "CONFIG REWRITE", "CONFIG RESETSTAT", "CLIENT KILL", "CLIENT PAUSE", "CLIENT SETNAME", "ACL SETUSER",
    "ACL DELUSER", "CLUSTER", "SORT",
  ],
  read: [
    "GET", "MGET", "EXISTS", "TYPE", "TTL", "PTTL", "KEYS", "SCAN", "HGET", "HGETALL", "HKEYS", "HVALS", "HLEN", "HEXISTS", "HMGET",
    "HSCAN", "LRANGE", "LLEN", "LINDEX", "SMEMBERS", "SISMEMBER", "SCARD", "SSCAN", "SRANDMEMBER", "SINTER", "SUNION", "SDIFF",
    "ZRANGE", "ZREVRANGE", "ZRANGEBYSCORE", "ZSCORE", "ZCARD", "ZRANK", "ZSCAN", "ZCOUNT", "XRANGE", "XREVRANGE", "XLEN", "XREAD",
    "XINFO", "INFO", "PING", "ECHO", "DBSIZE", "TIME", "LASTSAVE", "ROLE", "MONITOR", "SLOWLOG", "MEMORY", "CLIENT LIST",
    "CLIENT INFO", "CLIENT GETNAME", "CONFIG GET", "COMMAND", "STRLEN", "GETRANGE", "BITCOUNT", "PFCOUNT", "GEOPOS", "GEODIST",
    "SUBSCRIBE", "PSUBSCRIBE", "OBJECT", "RANDOMKEY", "DUMP", "HELLO", "AUTH", "SELECT", "ACL LIST", "ACL WHOAMI", "LATENCY",
  ],
};

export const REDIS_CATALOG: readonly CatalogEntry[] = [
  {
    id: "redis.destroy",
    description: "flushes every key, shuts the server down or replaces its data (REPLICAOF)",
    effect: "destroy",
    examples: ["redis-cli FLUSHALL", "redis-cli -h prod-cache -n 0 flushdb", "echo FLUSHALL | redis-cli", "redis-cli SHUTDOWN NOSAVE"],
  },
  {
    id: "redis.write",
    description: "sets, deletes or expires selected keys, or changes configuration",
    effect: "write",
    examples: ["redis-cli SET feature:x on", "redis-cli DEL session:42", "redis-cli CONFIG SET maxmemory 2gb"],
  },
  {
    id: "redis.read",
    description: "reads keys or server information",
    effect: "read",
    examples: ["redis-cli GET flushall-lock", "redis-cli --scan --pattern 'user:*'", "redis-cli INFO memory", "redis-cli -h prod-cache ping", "redis-cli KEYS 'delete:*'"],
  },
  {
    id: "redis.unknown",
    description: "runs Lua, loads modules or reads commands from input only known at run time",
    effect: "unknown",
    examples: ["redis-cli EVAL \"return redis.call('flushall')\" 0", "redis-cli --pipe < cmds.txt", "redis-cli", "redis-cli DEBUG SLEEP 0"],
  },
];

const R = (id: string) => entryOf(REDIS_CATALOG, id);

const BY_COMMAND: ReadonlyMap<string, Exclude<Effect, "unknown">> = new Map(
  (Object.entries(REDIS_COMMANDS) as [Exclude<Effect, "unknown">, readonly string[]][]).flatMap(([effect, names]) => names.map((n) => [n, effect] as const)),
);

/** The effect of one Redis command line (`CONFIG SET x y` is looked up as `CONFIG SET`). */
export function redisEffect(words: readonly string[]): Effect {
  const [first = "", second = ""] = words.map((w) => w.toUpperCase());
  return BY_COMMAND.get(`${first} ${second}`) ?? BY_COMMAND.get(first) ?? "unknown";
}

const EFFECT_ENTRY: Readonly<Record<Effect, string>> = { destroy: "redis.destroy", write: "redis.write", read: "redis.read", unknown: "redis.unknown" };

function commandOperation(inv: Invocation, words: string[], markers: string[]): Operation {
  const effect = redisEffect(words);
  return operation(inv, R(EFFECT_ENTRY[effect]), { target: "database", service: "redis", verb: words.slice(0, 2).join(" ").toUpperCase(), markers, resources: words.slice(1, 2) });
}

export const redisClassifier: CommandClassifier = {
  commands: ["redis-cli", "valkey-cli", "keydb-cli"],
  catalog: REDIS_CATALOG,
  classify(inv) {
    const a = scanArgs(inv.args, { valued: ["-h", "-p", "-s", "-a", "--user", "--pass", "-u", "-n", "-r", "-i", "-d", "-D", "--pattern", "--count", "--cacert", "--cacertdir", "--cert", "--key", "--sni", "--rdb", "--eval", "--functions-rdb", "--memkeys-samples", "-e"], stopAtPositional: true });
    const markers = [optionValue(a, "-h"), optionValue(a, "-u"), optionValue(a, "-n")].map(known).filter((v): v is string => !!v).map(withoutCredentials);
    const fields = { target: "database" as const, service: "redis", markers };
    if (hasOption(a, "--eval", "--pipe", "-x")) return [operation(inv, R("redis.unknown"), { ...fields, verb: "--eval/--pipe" })];
    if (a.rest.length > 0) {
      if (a.rest.some((w) => !w.literal)) return [operation(inv, R("redis.unknown"), { ...fields, verb: a.rest[0]?.text ?? "" })];
      return [commandOperation(inv, a.rest.map((w) => w.text), markers)];
    }
    if (hasOption(a, "--scan", "--bigkeys", "--memkeys", "--hotkeys", "--stat", "--latency", "--latency-history", "--latency-dist", "--version", "-v", "--intrinsic-latency")) {
      return [operation(inv, R("redis.read"), { ...fields, verb: [...a.options.keys()].join(" ") })];
    }
    const stdin = inv.command.stdin;
    const text = stdin.kind === "heredoc" && stdin.literal ? stdin.text : stdin.kind === "pipe" ? stdin.text : null;
    if (text === null) return [operation(inv, R("redis.unknown"), { ...fields, verb: "session" })];
    const lines = text.split("\n").map((l) => l.trim()).filter(Boolean);
    return lines.map((line) => commandOperation(inv, line.split(/\s+/), markers));
  },
};
