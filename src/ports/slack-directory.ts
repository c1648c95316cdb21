/** Who is who in the Slack workspace, asked at click time. */
export interface SlackDirectory {
  /** The user ids in a user group (`S…`). */
  groupMembers(groupId: string): Promise<string[]>;
  /** A user's name and email; undefined when Slack does not know them. */
  user(userId: string): Promise<{ name: string; email: string } | undefined>;
}
