import type { Clock } from '../../domain/clock.js';
import { ThrottlingError } from '../../domain/errors.js';
import type { AuditEvent } from '../../ports/audit-trail.js';
import type { AccountSeed } from './account-seed.js';
import type { SandboxApiCall, TrailOutcome } from './sandbox-model.js';

/** Writes the call's CloudTrail record, once AWS has answered it (each throttled attempt is a record too). */
export type TrailWriter = (outcome: TrailOutcome) => AuditEvent;

const THROTTLED: TrailOutcome = { code: 'Throttling', message: 'Rate exceeded' };

/** The IAM calls that change the account (the ones a throttling fault hits). */
const IAM_CHANGES =
  /^(UpdateAccessKey|UpdateAssumeRolePolicy|Put(User|Role)Policy|Delete(User|Role)Policy|(Attach|Detach)(User|Role)Policy|CreatePolicy|DeletePolicy|DeleteLoginProfile|CreateLoginProfile)$/;

/** Attempts the AWS SDK's standard retry mode makes of a throttled call. */
const SDK_ATTEMPTS = 3;

/** The account's API calls in order, with the drill's throttling faults applied as IAM would throttle them. */
export class SandboxCallLog {
  readonly calls: SandboxApiCall[] = [];
  private iamChanges = 0;
  private iamRequests = 0;

  constructor(
    private readonly faults: AccountSeed['faults'],
    private readonly clock: Clock,
  ) {}

  /**
   * Records an IAM call: under the `throttleIamRequestsEvery` fault every n-th request is throttled, and the call
   * is attempted again as the SDK's standard retry mode does (three attempts in all).
   */
  recordIam(operation: string, target: string, trail?: TrailWriter): AuditEvent | undefined {
    const every = this.faults.throttleIamRequestsEvery;
    if (every) {
      for (let attempt = 1; ; attempt += 1) {
        this.iamRequests += 1;
        if (this.iamRequests % every !== 0) break;
        this.throttled(operation, target, trail);
        if (attempt === SDK_ATTEMPTS)
          throw new ThrottlingError(
            `Rate exceeded: ${operation} was throttled ${attempt} times (the drill's fault)`,
          );
      }
    }
    return this.record(operation, target, trail);
  }

  /**
   * Records an API call; under `throttleIamChangesEvery` every n-th IAM change is throttled past the SDK's retries.
   * Returns the call's CloudTrail record, successful until the service fails it (`failedCall`).
   */
  record(operation: string, target: string, trail?: TrailWriter): AuditEvent | undefined {
    const every = this.faults.throttleIamChangesEvery;
    if (every && IAM_CHANGES.test(operation)) {
      this.iamChanges += 1;
      if (this.iamChanges % every === 0) {
        this.throttled(operation, target, trail);
        throw new ThrottlingError(`Rate exceeded: ${operation} was throttled (the drill's fault)`);
      }
    }
    this.calls.push({ at: this.clock.now().toISOString(), operation, target });
    return trail?.({ code: 'Success' });
  }

  /** Records a call AWS refused (AccessDenied): it changed nothing, and CloudTrail records it with AWS's error. */
  refused(operation: string, target: string, trail?: TrailWriter, outcome?: TrailOutcome): void {
    this.calls.push({ at: this.clock.now().toISOString(), operation: `${operation} (refused)`, target });
    if (outcome) trail?.(outcome);
  }

  private throttled(operation: string, target: string, trail?: TrailWriter): void {
    this.calls.push({ at: this.clock.now().toISOString(), operation: `${operation} (throttled)`, target });
    trail?.(THROTTLED);
  }
}
