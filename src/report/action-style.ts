import type { ResourceChange } from "../iac/plan-model.js";

/**
 * How a resource change is shown. Import and move are not terraform actions of their own (they ride
 * on a no-op or an update), but a no-op import or move is what the row is about, so it gets a kind.
 */
export type DisplayAction =
  | "delete"
  | "replace-delete-first"
  | "replace-create-first"
  | "forget"
  | "update"
  | "create"
  | "import"
  | "move"
  | "read";

export interface ActionStyle {
  /** terraform's own symbol where it has one, so the report reads like the plan. */
  symbol: string;
  word: string;
  /** Rows sort by rank: what can lose data or cause downtime comes first. */
  rank: number;
  /**
   * A coloured square in front of the symbol: danger shows at a glance in a long table. It is
   * never the only signal (the symbol and word say the same), so it reads without colour too.
   */
  marker: string;
}

export const ACTION_STYLES: Record<DisplayAction, ActionStyle> = {
  delete: { symbol: "-", word: "destroy", rank: 0, marker: "🟥" },
  "replace-delete-first": { symbol: "-/+", word: "replace", rank: 1, marker: "🟧" },
  "replace-create-first": { symbol: "+/-", word: "replace", rank: 2, marker: "🟧" },
  forget: { symbol: ".", word: "forget", rank: 3, marker: "⬜" },
  update: { symbol: "~", word: "update", rank: 4, marker: "🟦" },
  create: { symbol: "+", word: "create", rank: 5, marker: "🟩" },
  import: { symbol: "<-", word: "import", rank: 6, marker: "🟪" },
  move: { symbol: "->", word: "move", rank: 7, marker: "⬜" },
  read: { symbol: "<=", word: "read", rank: 8, marker: "⬜" },
};

/** Destroyed or replaced: what the warning at the top of a section names. */
export function isDangerous(rc: ResourceChange): boolean {
  return rc.action === "delete" || rc.action === "replace";
}

export function displayAction(rc: ResourceChange): DisplayAction {
  switch (rc.action) {
    case "replace":
      return rc.replaceOrder === "create-before-destroy" ? "replace-create-first" : "replace-delete-first";
    case "no-op":
      return rc.importing ? "import" : "move";
    default:
      return rc.action;
  }
}

/** Destroy and replace first, then the rest by rank; plan order (terraform sorts by address) within a rank. */
export function sortByDanger(changes: readonly ResourceChange[]): ResourceChange[] {
  const buckets: ResourceChange[][] = Object.values(ACTION_STYLES).map(() => []);
  for (const rc of changes) buckets[ACTION_STYLES[displayAction(rc)].rank]?.push(rc);
  return buckets.flat();
}

/** terraform's `action_reason` in a reviewer's words; unknown reasons fall back to the raw text. */
const REASONS: Record<string, string> = {
  delete_because_no_resource_config: "not in configuration",
  delete_because_no_module: "module removed from configuration",
  delete_because_wrong_repetition: "count/for_each changed",
  delete_because_count_index: "count index out of range",
  delete_because_each_key: "for_each key removed",
  delete_because_no_move_target: "moved target not in configuration",
  replace_because_tainted: "tainted",
  replace_by_request: "replace requested (-replace)",
  replace_by_triggers: "replace_triggered_by",
  read_because_config_unknown: "configuration known only during apply",
  read_because_dependency_pending: "depends on pending changes",
  read_because_check_nested: "used by a check block",
};

/** Reasons that add nothing a reviewer does not already see from the action and the forcing attributes. */
const SILENT_REASONS = new Set(["replace_because_cannot_update"]);

export function describeReason(reason: string | null): string | null {
  if (reason === null || SILENT_REASONS.has(reason)) return null;
  return REASONS[reason] ?? reason.replace(/_/g, " ");
}
