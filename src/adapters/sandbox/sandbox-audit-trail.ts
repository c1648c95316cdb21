import type { Clock } from '../../domain/clock.js';
import { auditEventOf } from '../../domain/cloudtrail-record.js';
import type { AuditEvent, AuditTrail } from '../../ports/audit-trail.js';
import type { AccountSeed } from './account-seed.js';
import { trailEventId } from './rekey-trail.js';
import { type CredentialHolders, callRecord, issuanceRecord } from './sandbox-cloudtrail.js';
import type { RekeyCaller, SandboxPrincipal, TrailedCall } from './sandbox-model.js';

/** What the sandbox's event history needs of its account. */
export interface TrailHost extends CredentialHolders {
  readonly region: string;
  readonly auditEvents: AuditEvent[];
  readonly cloudTrailDelaySeconds: number;
  record(operation: string, target: string, trail?: TrailedCall): void;
}

/**
 * The user name CloudTrail's event history gives an event: an IAM user's name, a role session's name (the last part
 * of `assumed-role/<role>/<session>`), `root` for the root user.
 */
function userNameOf(e: AuditEvent): string | undefined {
  if (e.principalType === 'Root') return 'root';
  if (e.principalType === 'IAMUser' || e.principalType === 'AssumedRole')
    return e.principalArn?.split('/').at(-1);
  return undefined;
}

/**
 * The AuditTrail port over an account's event history (seeded, plus every replayed call), in one region or all:
 * as LookupEvents, the newest `limit` matches, said to be truncated when more matched, and only the events
 * CloudTrail shows by now (it shows an event some time after it happened).
 */
export function sandboxAuditTrail(
  host: TrailHost,
  clock: Clock,
  region?: string,
  /** Which of Rekey's roles reads: CloudTrail records each LookupEvents as that role's session's. */
  as?: RekeyCaller,
): AuditTrail {
  // LookupEvents is recorded in the region whose history it read.
  const lookedUp = (attributeKey: string, attributeValue: string): TrailedCall => ({
    service: 'cloudtrail',
    ...(region ? { region } : {}),
    ...(as ? { as } : {}),
    requestParameters: { lookupAttributes: [{ attributeKey, attributeValue }] },
  });
  const inRegion = (e: { region?: string }) => !region || (e.region ?? host.region) === region;
  const lookup = (match: (e: AuditEvent) => boolean, from: Date, to: Date, limit: number) => {
    const shown = clock.now().getTime() - host.cloudTrailDelaySeconds * 1000;
    const found = host.auditEvents
      .filter((e) => inRegion(e) && match(e))
      .filter((e) => Date.parse(e.eventTime) >= from.getTime() && Date.parse(e.eventTime) <= to.getTime())
      .filter((e) => Date.parse(e.eventTime) <= shown)
      .sort((a, b) => b.eventTime.localeCompare(a.eventTime));
    return { events: found.slice(0, limit).reverse(), truncated: found.length > limit };
  };
  return {
    eventsByAccessKey: async (accessKeyId, from, to, limit) => {
      host.record('LookupEvents', accessKeyId, lookedUp('AccessKeyId', accessKeyId));
      return lookup((e) => e.accessKeyId === accessKeyId, from, to, limit);
    },
    eventsByName: async (eventName, from, to, limit) => {
      host.record('LookupEvents', eventName, lookedUp('EventName', eventName));
      return lookup((e) => e.eventName === eventName, from, to, limit);
    },
    eventsByUser: async (userName, from, to, limit) => {
      host.record('LookupEvents', userName, lookedUp('Username', userName));
      return lookup((e) => userNameOf(e) === userName, from, to, limit);
    },
    eventsByResource: async (resourceName, from, to, limit) => {
      host.record('LookupEvents', resourceName, lookedUp('ResourceName', resourceName));
      return lookup(
        (e) => e.assumedRoleArn === resourceName || e.createdPolicyArn === resourceName,
        from,
        to,
        limit,
      );
    },
  };
}

/** A replayed call as CloudTrail records it in the history (denied calls with their error code). */
export function recordedCall(
  host: TrailHost,
  call: Parameters<typeof callRecord>[1] & { resource?: string },
  code: string,
  at: Date,
): AuditEvent {
  const [service = '', eventName = ''] = call.action.split(':');
  // A secret read's record names what it asked for (a BatchGetSecretValue without one read by filter).
  const named = call.resource && service === 'secretsmanager';
  const requestParameters = {
    ...(named && eventName === 'GetSecretValue' ? { secretId: call.resource } : {}),
    ...(named && eventName === 'BatchGetSecretValue' ? { secretIdList: [call.resource] } : {}),
    ...call.requestParameters,
  };
  const record = callRecord(
    host,
    { ...call, requestParameters },
    code,
    at,
    host.region,
    trailEventId('replayed', host.id, host.auditEvents.length + 1),
  );
  return auditEventOf(record, host.region);
}

/**
 * The event history a seed gives (each event with an id and its region), and the call that issued each seeded
 * session with a known issuer (GetSessionToken or GetFederationToken for a user's, AssumeRole for a role's) unless
 * the seed holds that record already: investigations follow keys through them.
 */
export function seededTrail(
  host: CredentialHolders & {
    region: string;
    users: Map<string, SandboxPrincipal>;
    roles: Map<string, SandboxPrincipal>;
  },
  seeded: AccountSeed['cloudTrail'],
): AuditEvent[] {
  const events: AuditEvent[] = seeded.map((e, i) => ({
    ...e,
    eventId: e.eventId ?? `seed-${i + 1}`,
    region: e.region ?? host.region,
  }));
  for (const principal of [...host.users.values(), ...host.roles.values()])
    for (const session of principal.sessions) {
      if (!session.issuedBy || events.some((e) => e.issuedAccessKeyId === session.id)) continue;
      events.push(auditEventOf(issuanceRecord(host, principal, session, host.region), host.region));
    }
  return events;
}
