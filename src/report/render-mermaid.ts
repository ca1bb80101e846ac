import type { ResourceChange } from "../iac/plan-model.js";
import { ACTION_STYLES, displayAction, type DisplayAction } from "./action-style.js";
import { formatCount } from "./format-count.js";
import type { MarkdownBuilder } from "./markdown-builder.js";

/** Unlinked nodes lay out side by side; invisible links stack them into columns of this height. */
const COLUMN_HEIGHT = 6;

/**
 * Text for inside a quoted mermaid label. Mermaid decodes `#name;` / `#code;` entities, so `#`
 * itself is escaped first; quotes would end the label, `<`/`>`/`&` would be read as HTML, and a
 * backtick would turn the label into a markdown string (and could close our code fence).
 */
export function mermaidLabel(text: string): string {
  return text.replace(/\r?\n/g, " ").replace(/[#"<>&`]/g, (c) => {
    switch (c) {
      case "#":
        return "#35;";
      case '"':
        return "#quot;";
      case "<":
        return "#lt;";
      case ">":
        return "#gt;";
      case "&":
        return "#amp;";
      default:
        return "#96;";
    }
  });
}

function className(action: DisplayAction | "more"): string {
  return `a_${action.replace(/-/g, "_")}`;
}

/** The address inside its module's subgraph: the subgraph title already names the module. */
function localAddress(rc: ResourceChange): string {
  return rc.module && rc.address.startsWith(`${rc.module}.`) ? rc.address.slice(rc.module.length + 1) : rc.address;
}

/**
 * A flowchart of changed resources, one subgraph per module, colored by action. `rows` is in
 * display order, so when capped the dangerous ones are the ones drawn. Returns nodes left out.
 */
export function renderMermaid(b: MarkdownBuilder, rows: readonly ResourceChange[], maxNodes: number): number {
  const drawn = rows.slice(0, maxNodes);
  const modules = new Map<string, ResourceChange[]>();
  for (const rc of drawn) {
    const key = rc.module ?? "";
    const list = modules.get(key);
    if (list) list.push(rc);
    else modules.set(key, [rc]);
  }
  const used = new Set<DisplayAction>();
  const omitted = rows.length - drawn.length;

  b.line("```mermaid").line("flowchart LR");
  let node = 0;
  let group = 0;
  for (const [module, members] of modules) {
    b.line(`  subgraph m${group++}["${mermaidLabel(module === "" ? "root module" : module)}"]`).line("    direction TB");
    members.forEach((rc, i) => {
      const action = displayAction(rc);
      const style = ACTION_STYLES[action];
      used.add(action);
      b.line(`    r${node}["${mermaidLabel(`${style.symbol} ${style.word}: ${localAddress(rc)}`)}"]:::${className(action)}`);
      if (i % COLUMN_HEIGHT !== 0) b.line(`    r${node - 1} ~~~ r${node}`);
      node++;
    });
    b.line("  end");
  }
  if (omitted > 0) b.line(`  more["${mermaidLabel(`… ${formatCount(omitted)} more resources`)}"]:::${className("more")}`);
  for (const action of used) b.line(`  classDef ${className(action)} ${ACTION_STYLES[action].mermaidStyle}`);
  if (omitted > 0) b.line(`  classDef ${className("more")} fill:#ffffff,stroke:#8c959f,stroke-dasharray:4 3`);
  b.line("```").line();
  return omitted;
}
