import type { Clock } from '../../domain/clock.js';
import { AccessDeniedError } from '../../domain/errors.js';
import type { PolicyDocument } from '../../domain/policy-document.js';
import type { AuditEvent } from '../../ports/audit-trail.js';
import { type ActingRole, authorizeActingRole } from './acting-role.js';
import { refusalCode, rekeyCallEvent, rekeySession } from './rekey-trail.js';
import type { SandboxCallLog, TrailWriter } from './sandbox-call-log.js';
import type { CredentialHolders } from './sandbox-cloudtrail.js';
import type { AuthorizedCall, RekeyCaller, RequestKeys, TrailedCall } from './sandbox-model.js';

/** What Rekey's calls need of the account that receives them. */
export interface RekeyCallsHost extends CredentialHolders {
  readonly region: string;
  readonly auditEvents: AuditEvent[];
  serviceControlPolicies(): { name: string; document: PolicyDocument }[][];
  now(): string;
}

/**
 * Rekey's own calls in one account: authorised as its role there (the member role, or the reader role for triage's
 * reads), and written to the account's CloudTrail as that role's session, refused ones with AWS's error code.
 */
export class RekeyCalls {
  /** When Rekey's role session here made its first call (CloudTrail's creationDate of the session). */
  private sessionAt?: string;

  constructor(
    private readonly account: RekeyCallsHost,
    private readonly callLog: SandboxCallLog,
    private readonly clock: Clock,
    private readonly actingAs?: ActingRole,
    private readonly readingAs?: ActingRole,
  ) {}

  private roleOf(as: RekeyCaller | undefined): ActingRole | undefined {
    return as === 'reader' ? (this.readingAs ?? this.actingAs) : this.actingAs;
  }

  /**
   * Refuses, as AWS does, a call Rekey's role may not make here (none is refused when the drill gives it no role):
   * the call log records the refusal, and CloudTrail the call with AWS's error code and message.
   */
  authorize(
    action: string,
    resource: string,
    as: RekeyCaller = 'member',
    context: RequestKeys = {},
    call?: AuthorizedCall,
  ): void {
    const role = this.roleOf(as);
    if (!role) return;
    try {
      authorizeActingRole(
        role,
        this.account.id,
        action,
        resource,
        this.account.serviceControlPolicies(),
        context,
      );
    } catch (error) {
      if (!(error instanceof AccessDeniedError)) throw error;
      const [service = '', operation = action] = action.split(':');
      const made = call ?? { operation, target: resource, trail: { service } };
      this.refused(made.operation, made.target, error.message, made.trail && { ...made.trail, as });
      throw error;
    }
  }

  /** Records a call of Rekey's that AWS refused, in the call log and, with the service's AccessDenied code, CloudTrail. */
  refused(operation: string, target: string, message: string, trail?: TrailedCall): void {
    const outcome = trail && { code: refusalCode(trail.service), message };
    this.callLog.refused(operation, target, this.writer(operation, trail), outcome);
  }

  /**
   * Writes a call of Rekey's into this account's CloudTrail, as its role's session (the reader's for triage's reads)
   * unless the call names its caller; nothing when the drill gives Rekey no role here.
   */
  writer(operation: string, trail: TrailedCall | undefined): TrailWriter | undefined {
    if (!trail) return undefined;
    const role = this.roleOf(trail.as);
    this.sessionAt ??= this.account.now();
    const userIdentity = trail.userIdentity ?? (role && rekeySession(role, this.account.id, this.sessionAt));
    if (!userIdentity) return undefined;
    return (outcome) => {
      const event = rekeyCallEvent(
        this.account,
        { ...trail, operation, userIdentity },
        outcome,
        this.clock.now(),
      );
      this.account.auditEvents.push(event);
      return event;
    };
  }
}
