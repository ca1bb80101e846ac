import { entryOf, known, operation, type CatalogEntry, type CommandClassifier, type Invocation } from "./classifier.js";
import { withoutCredentials } from "./classify-databases.js";
import type { Effect, Operation } from "./operation.js";
import { hasOption, optionValue, optionValues, scanArgs } from "./scan-args.js";

/** Patterns over mongosh JavaScript, first match wins within each effect, checked worst first. */
export const MONGO_PATTERNS: readonly { effect: Effect; pattern: RegExp; why: string }[] = [
  { effect: "unknown", pattern: /\b(?:eval|Function|load|runProgram|run|_runMongoProgram|require|process|exec|spawn)\s*\(|[\w\])]\s*\[\s*[^\]\d\s]/, why: "runs code or programs, or reaches a method or collection by a computed name" },
  // Deleting documents destroys data whatever the filter, as SQL DELETE does.
  { effect: "destroy", pattern: /\.(?:drop|dropDatabase|dropIndex|dropIndexes|dropUser|dropAllUsers|dropRole|dropAllRoles|deleteMany|deleteOne|remove|findOneAndDelete|findAndRemove)\s*\(|\bremove\s*:\s*true\b|\b(?:deleteMany|deleteOne)\s*:|["']?delete["']?\s*:\s*["']/, why: "drops a database, collection, index or user, or deletes documents" },
  { effect: "write", pattern: /\.(?:insert|insertOne|insertMany|update|updateOne|updateMany|replaceOne|deleteOne|deleteMany|remove|createCollection|createIndex|createIndexes|renameCollection|bulkWrite|findOneAndUpdate|findOneAndDelete|findOneAndReplace|findAndModify|createUser|updateUser|grantRolesToUser|revokeRolesFromUser|createRole|save|shutdownServer|adminCommand|runCommand)\s*\(|\$out\b|\$merge\b/, why: "inserts, updates or deletes documents, or changes collections, indexes or users" },
  { effect: "read", pattern: /\.(?:find|findOne|countDocuments|estimatedDocumentCount|count|aggregate|distinct|getCollectionNames|getCollectionInfos|stats|getIndexes|explain|version|serverStatus|hostInfo|getName|getUsers|getSiblingDB|isMaster|hello|toArray|forEach|pretty|limit|sort)\s*\(|^\s*(?:show\s+\w+|use\s+\w+)\s*;?\s*$|printjson|print\s*\(|JSON\.stringify/, why: "finds, counts or lists documents and collections" },
];

export const MONGO_CATALOG: readonly CatalogEntry[] = [
  {
    id: "mongo.destroy",
    description: "drops a database, collection, index or user, or deletes documents (whatever the filter)",
    effect: "destroy",
    examples: ["mongosh prod --eval 'db.users.drop()'", "mongosh --eval 'db.dropDatabase()'", "mongosh --eval 'db.sessions.deleteMany({})'", "mongorestore --drop dump/", "mongosh --eval 'db.jobs.deleteMany({status: \"done\"})'", "mongosh app --eval 'db.users.deleteOne({_id: 1})'", "mongosh --eval 'db.orders.findOneAndDelete({state: \"stale\"})'", "mongosh --eval 'db.orders.bulkWrite([{deleteMany: {filter: {}}}])'"],
  },
  {
    id: "mongo.write",
    description: "inserts or updates selected documents",
    effect: "write",
    examples: ["mongosh --eval 'db.users.updateOne({_id: 1}, {$set: {plan: \"pro\"}})'", "mongosh --eval 'db.jobs.updateMany({status: \"done\"}, {$set: {archived: true}})'", "mongoimport --db app --collection users users.json"],
  },
  {
    id: "mongo.read",
    description: "finds, counts or lists",
    effect: "read",
    examples: ["mongosh --eval 'db.users.find({name: \"drop\"}).limit(5)'", "mongosh --quiet --eval 'db.getCollectionNames()'", "mongodump --db app --out /tmp/dump", "mongoexport --db app --collection users"],
  },
  {
    id: "mongo.unknown",
    description: "runs a script file, an interactive shell or code Warden does not know",
    effect: "unknown",
    examples: ["mongosh cleanup.js", "mongosh", "mongosh --eval 'db[name].drop()'"],
  },
];

const M = (id: string) => entryOf(MONGO_CATALOG, id);
const EFFECT_ENTRY: Readonly<Record<Effect, string>> = { destroy: "mongo.destroy", write: "mongo.write", read: "mongo.read", unknown: "mongo.unknown" };

/** The worst effect the code shows; code that matches no pattern is unknown. */
export function mongoCodeEffect(code: string): { effect: Effect; why: string } {
  for (const p of MONGO_PATTERNS) if (p.pattern.test(code)) return { effect: p.effect, why: p.why };
  return { effect: "unknown", why: "code Warden does not recognise" };
}

function codeOperation(inv: Invocation, code: string, markers: string[]): Operation {
  const { effect, why } = mongoCodeEffect(code);
  return operation(inv, M(EFFECT_ENTRY[effect]), { target: "database", service: "mongodb", verb: "eval", markers, why: `${why}: ${code.slice(0, 80)}` });
}

export const mongoClassifier: CommandClassifier = {
  commands: ["mongosh", "mongo", "mongodump", "mongorestore", "mongoexport", "mongoimport"],
  catalog: MONGO_CATALOG,
  classify(inv) {
    const a = scanArgs(inv.args, { valued: ["--eval", "--host", "--port", "-u", "--username", "-p", "--password", "--authenticationDatabase", "-f", "--file", "--db", "-d", "--collection", "-c", "--out", "-o", "--uri", "--archive", "--query", "-q", "--nsInclude", "--nsExclude"] });
    const markers = [optionValue(a, "--host"), optionValue(a, "--db", "-d"), optionValue(a, "--uri"), a.positionals.find((p) => !p.text.endsWith(".js"))].map(known).filter((v): v is string => !!v).map(withoutCredentials);
    const fields = { target: "database" as const, service: "mongodb", verb: inv.name, markers };
    switch (inv.name) {
      case "mongodump":
      case "mongoexport":
        return [operation(inv, M("mongo.read"), fields)];
      case "mongorestore":
      case "mongoimport":
        return [operation(inv, M(hasOption(a, "--drop") ? "mongo.destroy" : "mongo.write"), fields)];
      default:
        break;
    }
    if (hasOption(a, "--version")) return [operation(inv, M("mongo.read"), fields)];
    const scripts = [...optionValues(a, "-f", "--file"), ...a.positionals.filter((p) => p.text.endsWith(".js"))];
    if (scripts.length > 0) return [operation(inv, M("mongo.unknown"), { ...fields, resources: scripts.map((s) => s.text) })];
    const evals = optionValues(a, "--eval");
    if (evals.length > 0) return evals.map((e) => (e.literal ? codeOperation(inv, e.text, markers) : operation(inv, M("mongo.unknown"), fields)));
    const stdin = inv.command.stdin;
    const text = stdin.kind === "heredoc" && stdin.literal ? stdin.text : stdin.kind === "pipe" ? stdin.text : null;
    if (text === null) return [operation(inv, M("mongo.unknown"), { ...fields, verb: "session" })];
    return [codeOperation(inv, text, markers)];
  },
};
