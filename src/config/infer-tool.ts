import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Tool } from "./tool-keys.js";

export const KUSTOMIZATION_FILES: readonly string[] = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

export function isTerraformFile(fileName: string): boolean {
  return fileName.endsWith(".tf") || fileName.endsWith(".tf.json");
}

const MANIFEST = /^apiVersion:/m;
const MANIFEST_KIND = /^kind:/m;

export type InferredTool = Tool | "ambiguous" | "unknown";

/**
 * Which tool a directory is for, from the files directly in it: *.tf -> terraform; a kustomization
 * or plain Kubernetes manifests -> kubernetes. A dir with both *.tf and a kustomization is
 * "ambiguous" rather than guessed, since planning it with the wrong tool fails confusingly.
 */
export async function inferTool(absDir: string): Promise<InferredTool> {
  const entries = await readdir(absDir, { withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => e.name);
  const terraform = files.some(isTerraformFile);
  const kustomize = files.some((f) => KUSTOMIZATION_FILES.includes(f));
  if (terraform && kustomize) return "ambiguous";
  if (terraform) return "terraform";
  if (kustomize) return "kubernetes";
  for (const file of files.filter((f) => f.endsWith(".yaml") || f.endsWith(".yml")).sort()) {
    const text = await readFile(path.join(absDir, file), "utf8");
    if (MANIFEST.test(text) && MANIFEST_KIND.test(text)) return "kubernetes";
  }
  return "unknown";
}
