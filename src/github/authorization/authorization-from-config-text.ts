import { configSectionsFromText } from "../../config/config-sections-from-text.js";
import { normalizeAuthorization } from "../../config/normalize-config.js";
import type { AuthorizationRules } from "../../config/authorization-rules.js";

/**
 * The `authorization:` of a `.stakpak/config.yml` read as text (the App reads it through the API,
 * with no checkout). Only that section is judged here: problems elsewhere in the file are the
 * workflow's to report, where it plans. A broken section throws a ConfigError with line, key
 * and hint for each problem, so the App refuses rather than fall back to the defaults, which may
 * allow more than the config meant to.
 */
export function authorizationFromConfigText(text: string, file: string): AuthorizationRules {
  return normalizeAuthorization(configSectionsFromText(text, file, ["authorization"]).authorization ?? undefined);
}
