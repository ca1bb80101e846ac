/**
 * The one symbol of each kind of reply, so a person learns them once: every reply, the plan
 * report and the agent's progress comment mark the same kind with the same symbol.
 *
 * - refused: not run on purpose (not allowed, a fork, a closed pull request, the head moved,
 *   an apply whose requirements are not met, a command skipped after an earlier one failed).
 * - invalid: the request itself is wrong and nothing was tried (an unknown command or flag, a
 *   bad value, an unknown project or environment, a config file with errors).
 * - failed: it was tried and did not work (a plan or apply, the workflow dispatch, a checkout).
 * - info, done, unlocked: nothing went wrong.
 *
 * Replies are comments, which GitHub renders from the shortcode; text read outside GitHub (the
 * report file, the job summary, logs) uses `emoji`, the same picture.
 */
export const REPLY_SYMBOLS = {
  refused: { shortcode: ":no_entry:", emoji: "⛔" },
  invalid: { shortcode: ":warning:", emoji: "⚠️" },
  failed: { shortcode: ":x:", emoji: "❌" },
  info: { shortcode: ":information_source:", emoji: "ℹ️" },
  done: { shortcode: ":white_check_mark:", emoji: "✅" },
  unlocked: { shortcode: ":unlock:", emoji: "🔓" },
} as const;

export type ReplyKind = keyof typeof REPLY_SYMBOLS;

/** The symbol a reply of this kind starts with. */
export function replySymbol(kind: ReplyKind): string {
  return REPLY_SYMBOLS[kind].shortcode;
}
