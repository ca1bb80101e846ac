import type { ResourceChange } from "../iac/plan-model.js";
import { displayAction, type DisplayAction } from "./action-style.js";

/** Instances of one resource (`count`/`for_each`) with one action: one row of the table. */
export interface InstanceGroup {
  /** `module.cdn.terraform_data.cache_behavior[0–19]`, or the address itself for a single change. */
  label: string;
  action: DisplayAction;
  members: ResourceChange[];
}

/** String keys listed in a group's label before it says how many more. */
const LISTED_KEYS = 3;

/** The address without its instance key: `module.a[0].x.y["k"]` → `module.a[0].x.y`. */
function baseAddress(rc: ResourceChange): string {
  if (rc.index === null) return rc.address;
  const open = rc.address.lastIndexOf("[");
  return open > 0 && rc.address.endsWith("]") ? rc.address.slice(0, open) : rc.address;
}

/** `0–19`, `0–3, 7, 9–10`: consecutive numbers as ranges. */
function numericKeys(indexes: number[]): string {
  const sorted = [...indexes].sort((a, b) => a - b);
  const ranges: string[] = [];
  let start = sorted[0] as number;
  let end = start;
  for (const n of [...sorted.slice(1), Number.NaN]) {
    if (n === end + 1) {
      end = n;
      continue;
    }
    ranges.push(start === end ? `${start}` : end === start + 1 ? `${start}, ${end}` : `${start}–${end}`);
    start = n;
    end = n;
  }
  return ranges.join(", ");
}

function stringKeys(indexes: ReadonlyArray<string | number>): string {
  const shown = indexes.slice(0, LISTED_KEYS).map((i) => JSON.stringify(i));
  return indexes.length > LISTED_KEYS ? `${shown.join(", ")}, …` : shown.join(", ");
}

function groupLabel(base: string, members: readonly ResourceChange[]): string {
  if (members.length === 1) return (members[0] as ResourceChange).address;
  const indexes = members.map((m) => m.index as string | number);
  const keys = indexes.every((i) => typeof i === "number") ? numericKeys(indexes as number[]) : stringKeys(indexes);
  return `${base}[${keys}]`;
}

/**
 * Groups `rows` (already in display order) by resource and action; a group sits where its first
 * member was, so the danger order holds. Changes without an instance key stay single.
 */
export function groupInstances(rows: readonly ResourceChange[]): InstanceGroup[] {
  const groups = new Map<string, { base: string; action: DisplayAction; members: ResourceChange[] }>();
  for (const rc of rows) {
    const action = displayAction(rc);
    const base = baseAddress(rc);
    // A NUL cannot be in an address: the key cannot collide across resources.
    const key = rc.index === null ? `\0${rc.address}` : `${base}\0${action}`;
    const group = groups.get(key);
    if (group) group.members.push(rc);
    else groups.set(key, { base, action, members: [rc] });
  }
  return [...groups.values()].map((g) => ({ label: groupLabel(g.base, g.members), action: g.action, members: g.members }));
}
