import type { Responder } from '../ports/approvals.js';
import type { SlackDirectory } from '../ports/slack-directory.js';

/** Who may decide: the configured responders, and the members of the responders' Slack user group. */
export interface ResponderConfig {
  responders: readonly Responder[];
  /** A Slack user group (`S…`) whose members are responders too, resolved at click time. */
  group?: string;
}

/**
 * The responders as of this click. A member of the group who is not in the map is a responder with the email Slack
 * gives; the AWS principals of a mapped email still apply, so nobody escapes the subject rule by joining the group.
 */
export async function respondersAt(
  slackUserId: string,
  config: ResponderConfig,
  directory: SlackDirectory | undefined,
): Promise<Responder[]> {
  const mapped = [...config.responders];
  if (!config.group || !directory || mapped.some((r) => r.slackUserId === slackUserId)) return mapped;
  const members = await directory.groupMembers(config.group);
  if (!members.includes(slackUserId)) return mapped;
  const user = await directory.user(slackUserId);
  if (!user) return mapped;
  const principals = mapped
    .filter((r) => r.email.toLowerCase() === user.email.toLowerCase())
    .flatMap((r) => r.principals);
  return [...mapped, { slackUserId, name: user.name, email: user.email, principals }];
}
