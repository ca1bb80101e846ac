/** Sizes GitHub enforces on what the bot publishes. */

/** Issue comments, pull request reviews and review comments: longer bodies are rejected (422). */
export const COMMENT_BODY_LIMIT = 65_536;

/** A check run's `output.summary` and `output.text`, each. */
export const CHECK_OUTPUT_LIMIT = 65_535;

/** Annotations one check-run request may carry. */
export const CHECK_ANNOTATIONS_PER_REQUEST = 50;

/** An Actions step's job summary, in bytes (UTF-8); a larger one is not shown. */
export const JOB_SUMMARY_LIMIT_BYTES = 1024 * 1024;
