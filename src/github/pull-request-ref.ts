/** A repository on GitHub. */
export interface RepoRef {
  owner: string;
  repo: string;
}

/** The pull request a plan was made for, pinned to the commit that was planned. */
export interface PullRequestRef extends RepoRef {
  pullNumber: number;
  /** The head commit the plan ran on: status comments, reviews and check runs are tied to it. */
  headSha: string;
}

/** An issue (or a pull request addressed as an issue, as comment replies are). */
export interface IssueRef extends RepoRef {
  issueNumber: number;
}

/** The issue number a pull request or an issue is addressed by in the issues API. */
export function issueNumberOf(target: PullRequestRef | IssueRef): number {
  return "pullNumber" in target ? target.pullNumber : target.issueNumber;
}
