/**
 * Roles that may run a command, as written in `.stakpak/config.yml` `authorization:`:
 * `permission:write` (repository permission at least write, read through the API),
 * `team:platform` or `team:acme/platform` (active member of an organization team),
 * `association:MEMBER` (the comment's author_association, from the webhook).
 *
 * One record per kind; each carries examples it must accept and reject, checked by one test.
 */

/** Repository permission levels, lowest first: each includes the ones before it. */
export const PERMISSION_LEVELS = ["read", "triage", "write", "maintain", "admin"] as const;
export type PermissionLevel = (typeof PERMISSION_LEVELS)[number];

/** GitHub's `author_association` values. */
export const ASSOCIATIONS = ["OWNER", "MEMBER", "COLLABORATOR", "CONTRIBUTOR", "FIRST_TIME_CONTRIBUTOR", "FIRST_TIMER", "MANNEQUIN", "NONE"] as const;
export type Association = (typeof ASSOCIATIONS)[number];

export type Role =
  | { kind: "permission"; level: PermissionLevel }
  | { kind: "team"; org: string | undefined; slug: string }
  | { kind: "association"; association: Association };

type RoleProblem = { problem: string; hint: string };

interface RoleKind {
  kind: Role["kind"];
  prefix: string;
  /** The text after the prefix, as a role or a problem with a hint. */
  parse(value: string): Role | RoleProblem;
  examples: { valid: readonly string[]; invalid: readonly string[] };
}

const SLUG = /^[a-z0-9][a-z0-9_.-]*$/i;

export const ROLE_KINDS: readonly RoleKind[] = [
  {
    kind: "permission",
    prefix: "permission:",
    parse(value) {
      const level = PERMISSION_LEVELS.find((l) => l === value.toLowerCase());
      return level ? { kind: "permission", level } : { problem: `\`${value}\` is not a repository permission`, hint: `use one of ${PERMISSION_LEVELS.map((l) => `permission:${l}`).join(", ")}` };
    },
    examples: { valid: ["permission:write", "permission:maintain", "permission:Admin"], invalid: ["permission:push", "permission:", "permission:owner"] },
  },
  {
    kind: "team",
    prefix: "team:",
    parse(value) {
      const parts = value.split("/");
      const [first, second] = parts;
      if (parts.length === 1 && first && SLUG.test(first)) return { kind: "team", org: undefined, slug: first.toLowerCase() };
      if (parts.length === 2 && first && second && SLUG.test(first) && SLUG.test(second)) return { kind: "team", org: first, slug: second.toLowerCase() };
      return { problem: `\`${value}\` is not a team`, hint: "write the team's slug, e.g. `team:platform` (a team of the repository's organization) or `team:acme/platform`" };
    },
    examples: { valid: ["team:platform", "team:acme/platform-admins"], invalid: ["team:", "team:a/b/c", "team:Platform Team"] },
  },
  {
    kind: "association",
    prefix: "association:",
    parse(value) {
      const association = ASSOCIATIONS.find((a) => a === value.toUpperCase());
      return association ? { kind: "association", association } : { problem: `\`${value}\` is not an author association`, hint: `use one of ${ASSOCIATIONS.map((a) => `association:${a}`).join(", ")}` };
    },
    examples: { valid: ["association:MEMBER", "association:owner"], invalid: ["association:maintainer", "association:"] },
  },
];

export function parseRole(text: string): { ok: true; role: Role } | ({ ok: false } & RoleProblem) {
  const kind = ROLE_KINDS.find((k) => text.startsWith(k.prefix));
  if (!kind) {
    return {
      ok: false,
      problem: `\`${text}\` is not a role`,
      hint: `write ${ROLE_KINDS.map((k) => k.prefix + "…").join(", ")}, e.g. \`permission:maintain\` or \`team:platform\``,
    };
  }
  const parsed = kind.parse(text.slice(kind.prefix.length));
  return "kind" in parsed ? { ok: true, role: parsed } : { ok: false, ...parsed };
}

/** The role as written in the config (normalized): `permission:maintain`, `team:acme/platform`. */
export function formatRole(role: Role): string {
  switch (role.kind) {
    case "permission":
      return `permission:${role.level}`;
    case "team":
      return `team:${role.org ? `${role.org}/` : ""}${role.slug}`;
    case "association":
      return `association:${role.association}`;
  }
}

/** The role in words, for replies: "maintain (or admin) permission on the repository". */
export function describeRole(role: Role): string {
  switch (role.kind) {
    case "permission": {
      const higher = PERMISSION_LEVELS.slice(PERMISSION_LEVELS.indexOf(role.level) + 1);
      return `${role.level}${higher.length ? ` (or ${higher.join(", ")})` : ""} permission on the repository`;
    }
    case "team":
      return `membership of the team \`${role.org ? `${role.org}/` : ""}${role.slug}\``;
    case "association":
      return `author association ${role.association}`;
  }
}

/** Whether `level` is at least `needed`. */
export function permissionAtLeast(level: PermissionLevel | "none", needed: PermissionLevel): boolean {
  return level !== "none" && PERMISSION_LEVELS.indexOf(level) >= PERMISSION_LEVELS.indexOf(needed);
}
