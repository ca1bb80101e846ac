import { configSectionsFromText } from "../config/config-sections-from-text.js";
import { resolveLabelSettings, type PlanLabelSettings } from "../config/labels-config.js";
import { DEFAULT_CONFIG_PATHS } from "../config/load-config.js";
import { readFirstRepositoryFile } from "../github/read-repository-file.js";
import { isUserError, type UserError } from "../user-error.js";
import type { ActionContext } from "./action-context.js";

/**
 * The plan labels from `.stakpak/config.yml` on the default branch, never the pull request's
 * head (the way `authorization:` is read): off when the file or the section is absent. A broken
 * section is returned as a problem to warn about; the plan is published without labels.
 */
export async function readLabelSettings(ctx: Pick<ActionContext, "client" | "repository">): Promise<{ settings: PlanLabelSettings; problem: UserError | null }> {
  const off = resolveLabelSettings(undefined);
  try {
    const found = await readFirstRepositoryFile(ctx.client, ctx.repository, DEFAULT_CONFIG_PATHS, ctx.repository.defaultBranch);
    if (!found) return { settings: off, problem: null };
    const { labels } = configSectionsFromText(found.text, `${found.path} (${ctx.repository.defaultBranch})`, ["labels"]);
    return { settings: resolveLabelSettings(labels), problem: null };
  } catch (err) {
    if (!isUserError(err)) throw err;
    return { settings: off, problem: err };
  }
}
