import type { Exposure } from '../domain/exposure.js';
import { principalIdentity, samePrincipal } from '../domain/principal-arn.js';
import { IDENTITY_CENTER_ROLE } from '../domain/protection.js';
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

/**
 * The ARNs an exposure's subject goes by: its principal, and the session when the exposure names one. An Identity
 * Center role is shared by everyone given its permission set: the subject is then the session (its user) alone.
 */
export function subjectPrincipalsOf(exposure: Pick<Exposure, 'principal'>): string[] {
  const { arn, sessionName, type } = exposure.principal;
  const role = /^arn:(aws[\w-]*):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(arn);
  if (type !== 'AssumedRole' || !sessionName || !role) return [arn];
  const session = `arn:${role[1]}:sts::${role[2]}:assumed-role/${role[3]}/${sessionName}`;
  return IDENTITY_CENTER_ROLE.test(role[3] ?? '') ? [session] : [arn, session];
}

/**
 * Why a Slack user may not decide about an exposure of `subjects`, or undefined when they may: only a responder
 * whose AWS identity Rekey can resolve (mapped to principals, each an ARN it understands), and who is none of the
 * subjects (ARNs compared as IAM tells principals apart: paths, case, sessions, Identity Center users by their
 * session name in any account, and the responder's email as an Identity Center user name).
 */
export function deciderRefusal(
  responder: Responder | undefined,
  subjects: readonly string[],
): string | undefined {
  if (!responder) return 'not a configured responder';
  const unresolved = responder.principals.filter((p) => !principalIdentity(p));
  if (responder.principals.length === 0 || unresolved.length > 0)
    return `${responder.name} is not mapped to an AWS identity Rekey can resolve${unresolved.length ? ` (${unresolved.join(', ')})` : ''}: only a responder whose AWS identity is known may decide`;
  if (isSubject(responder, subjects))
    return `${responder.name} is mapped to the exposed principal and may not decide`;
  return undefined;
}

/** Whether a responder is one of the subjects: by a mapped principal, or by email as an Identity Center user. */
export function isSubject(responder: Responder, subjects: readonly string[]): boolean {
  const email = responder.email.toLowerCase();
  return (
    responder.principals.some((p) => subjects.some((s) => samePrincipal(p, s))) ||
    subjects.some((s) => principalIdentity(s)?.identityCenterUser === email)
  );
}
