import type { AuditEvent } from '../../ports/audit-trail.js';
import type { SandboxPrincipal, SandboxSession } from './sandbox-model.js';

/** What a simulated account shows of its credentials and CloudTrail history (the sandbox account has it). */
interface CredentialHolder {
  id: string;
  roles: Map<string, SandboxPrincipal>;
  auditEvents: AuditEvent[];
  findAccessKey(accessKeyId: string): { user: SandboxPrincipal } | undefined;
  findSession(sessionKeyId: string): { principal: SandboxPrincipal; session: SandboxSession } | undefined;
}

/** CloudTrail's userIdentity of a call signed with the key: a user's long-term key, or a role's session. */
export function callerOf(
  account: CredentialHolder,
  accessKeyId: string,
): Pick<AuditEvent, 'principalType' | 'principalArn' | 'principalId' | 'principalAccountId'> | undefined {
  const owner = account.findAccessKey(accessKeyId)?.user;
  if (owner)
    return {
      principalType: 'IAMUser',
      principalArn: owner.arn,
      principalId: owner.id,
      principalAccountId: account.id,
    };
  const held = account.findSession(accessKeyId);
  if (held?.principal.kind !== 'role') return undefined;
  // The session's name is its key id here: what names the role in the ARN is all an investigation reads.
  return {
    principalType: 'AssumedRole',
    principalArn: `arn:aws:sts::${account.id}:assumed-role/${held.principal.name}/${accessKeyId}`,
    principalId: `${held.principal.id}:${accessKeyId}`,
    principalAccountId: account.id,
  };
}

/**
 * Writes what CloudTrail records for each role session issued to a caller in another of the accounts (a
 * cross-account AssumeRole): in the role's account the caller is only `AWSAccount` (its account id and principal
 * id, no ARN, no key); the caller's own account holds the full record; both share one `sharedEventID`.
 */
export function recordCrossAccountIssuance(accounts: readonly CredentialHolder[]): void {
  for (const account of accounts) {
    for (const role of account.roles.values()) {
      for (const session of role.sessions) {
        if (!session.issuedBy || callerOf(account, session.issuedBy)) continue;
        const callerAccount = accounts.find((a) => a !== account && callerOf(a, session.issuedBy as string));
        if (!callerAccount) continue;
        const caller = callerOf(callerAccount, session.issuedBy) as NonNullable<ReturnType<typeof callerOf>>;
        const sharedEventId = `shared-${session.id}`;
        const issued = account.auditEvents.find((e) => e.issuedAccessKeyId === session.id);
        if (!issued || issued.sharedEventId) continue;
        const copy: AuditEvent = {
          ...issued,
          eventId: `${issued.eventId}-caller`,
          ...caller,
          accessKeyId: session.issuedBy,
          sharedEventId,
        };
        Object.assign(issued, {
          principalType: 'AWSAccount',
          principalAccountId: callerAccount.id,
          principalId: caller.principalId,
          sharedEventId,
        });
        delete issued.principalArn;
        delete issued.accessKeyId;
        callerAccount.auditEvents.push(copy);
      }
    }
  }
}

/**
 * Writes the role's account's copy of a cross-account AssumeRole made during the drill (allowed or refused), as
 * CloudTrail records one: the caller only as `AWSAccount` (its account id and principal id, no ARN, no key), and
 * one `sharedEventID` on both records.
 */
export function shareCrossAccountCall(
  event: AuditEvent,
  callerAccountId: string,
  roleAccount: Pick<CredentialHolder, 'auditEvents'>,
): void {
  const sharedEventId = `shared-${event.eventId}-${callerAccountId}`;
  event.sharedEventId = sharedEventId;
  const { principalArn: _arn, accessKeyId: _key, ...rest } = event;
  roleAccount.auditEvents.push({
    ...rest,
    eventId: `${event.eventId}-role-account`,
    principalType: 'AWSAccount',
    principalAccountId: callerAccountId,
    sharedEventId,
  });
}
