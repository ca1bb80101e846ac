/**
 * The degradation ladder, most detailed first. The renderer tries each level in turn and keeps
 * the first whose output fits; every limit is per project section. Headlines are in every level.
 * The order of what goes is deliberate: the long plan text first (it is the least read and the
 * largest), then attribute details, then table rows.
 */
export interface DetailLevel {
  name: string;
  /** Characters of the full plan text kept (head and tail); 0 leaves the block out. */
  planTextChars: number;
  /** Resources whose attribute changes are listed. */
  detailedResources: number;
  attributesPerResource: number;
  /** Characters of one rendered value before it is cut. */
  valueChars: number;
  tableRows: number;
  outputRows: number;
  driftRows: number;
  kubeDiffChars: number;
  diagnostics: number;
  /** Characters of an error's detail block. */
  errorDetailChars: number;
}

const ALL = Number.POSITIVE_INFINITY;

export const DETAIL_LEVELS: readonly DetailLevel[] = [
  { name: "full", planTextChars: ALL, detailedResources: ALL, attributesPerResource: 50, valueChars: 200, tableRows: ALL, outputRows: ALL, driftRows: ALL, kubeDiffChars: ALL, diagnostics: ALL, errorDetailChars: 8_000 },
  { name: "short plan text", planTextChars: 20_000, detailedResources: ALL, attributesPerResource: 50, valueChars: 200, tableRows: ALL, outputRows: ALL, driftRows: ALL, kubeDiffChars: 20_000, diagnostics: ALL, errorDetailChars: 8_000 },
  { name: "fewer details", planTextChars: 8_000, detailedResources: 100, attributesPerResource: 20, valueChars: 120, tableRows: 1_000, outputRows: 100, driftRows: 100, kubeDiffChars: 8_000, diagnostics: 50, errorDetailChars: 4_000 },
  { name: "summary details", planTextChars: 3_000, detailedResources: 25, attributesPerResource: 10, valueChars: 80, tableRows: 300, outputRows: 50, driftRows: 50, kubeDiffChars: 3_000, diagnostics: 20, errorDetailChars: 2_000 },
  { name: "tables only", planTextChars: 0, detailedResources: 0, attributesPerResource: 0, valueChars: 80, tableRows: 100, outputRows: 30, driftRows: 30, kubeDiffChars: 1_000, diagnostics: 10, errorDetailChars: 1_000 },
  { name: "short tables", planTextChars: 0, detailedResources: 0, attributesPerResource: 0, valueChars: 60, tableRows: 20, outputRows: 10, driftRows: 10, kubeDiffChars: 0, diagnostics: 5, errorDetailChars: 500 },
  { name: "headlines", planTextChars: 0, detailedResources: 0, attributesPerResource: 0, valueChars: 40, tableRows: 0, outputRows: 0, driftRows: 0, kubeDiffChars: 0, diagnostics: 0, errorDetailChars: 0 },
];
