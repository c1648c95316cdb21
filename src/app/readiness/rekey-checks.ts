import { IDENTITY_CENTER_ROLE_TEMPLATE } from '../../domain/identity-center-reach.js';
import type { ReadinessFacts } from '../../ports/readiness.js';
import type { ReadinessFinding } from './readiness-report.js';

/**
 * Whether Rekey itself can act: Slack reachable, responders to approve, its member role in every account (every
 * account Identity Center provisions a permission set to included), and its Identity Center role where the instance
 * is outside its own account.
 */
export function rekeyFindings(rekey: ReadinessFacts['rekey']): ReadinessFinding[] {
  const { slack, responders, memberRoles, identityCenterOutOfReach, identityCenterAccounts = {} } = rekey;
  const findings: ReadinessFinding[] = [];
  if (!slack.configured || slack.reachable === false)
    findings.push({
      check: 'rekey-slack',
      severity: 'high',
      subject: 'slack',
      title: slack.configured
        ? `Slack is configured but not reachable${slack.detail ? `: ${slack.detail}` : ''}`
        : 'Slack is not connected: approvals can only time out and escalate',
      fix: 'connect Slack (docs/connecting-slack.md) and check the bot token',
    });
  if (responders === 0)
    findings.push({
      check: 'rekey-responders',
      severity: 'high',
      subject: 'responders',
      title: 'no responders are configured: nobody can approve a containment',
      fix: 'list responders (Slack user ids, or a Slack user group)',
    });
  for (const [account, present] of Object.entries(memberRoles))
    if (!present)
      findings.push({
        check: 'rekey-member-role',
        severity: 'high',
        subject: account,
        title: `Rekey's member role is missing in ${account}: nothing there can be contained`,
        fix: 'deploy resources/member-role.cfn.yml to the account (a StackSet for the organization)',
      });
  // Where the member role is known missing, the finding above says nothing there can be contained.
  for (const [account, sets] of Object.entries(identityCenterAccounts))
    if (memberRoles[account] === undefined)
      findings.push({
        check: 'rekey-identity-center-account',
        severity: 'high',
        subject: account,
        title: `IAM Identity Center provisions ${sets.join(', ')} to ${account}, which is not among the accounts where Rekey's member role is known: an Identity Center user's sessions there would go untraced and uncontained`,
        fix: "deploy resources/member-role.cfn.yml to the account (a StackSet for the organization) and list it among Rekey's member accounts (`--accounts`)",
      });
  if (identityCenterOutOfReach)
    findings.push({
      check: 'rekey-identity-center-role',
      severity: 'high',
      subject: identityCenterOutOfReach,
      title: `IAM Identity Center's instance is in ${identityCenterOutOfReach}, not in Rekey's account, and Rekey has no Identity Center role there: no Identity Center session can be contained`,
      fix: `deploy ${IDENTITY_CENTER_ROLE_TEMPLATE} in ${identityCenterOutOfReach} and set the identityCenterRoleArn parameter to its output`,
    });
  return findings;
}
