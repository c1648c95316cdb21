import {
  ConflictError,
  InvalidInputError,
  NotFoundError,
  PolicyQuotaExceededError,
  UnmodifiableEntityError,
} from '../../domain/errors.js';
import type { AuditEvent } from '../../ports/audit-trail.js';
import type { IamPrincipalRef } from '../../ports/identity.js';
import { failedCall } from './rekey-trail.js';

/** The error code CloudTrail records for a call IAM received and failed, as this sandbox fails it. */
export function iamErrorCode(error: unknown): string | undefined {
  if (error instanceof NotFoundError) return 'NoSuchEntityException';
  if (error instanceof InvalidInputError) return 'InvalidInputException';
  if (error instanceof PolicyQuotaExceededError) return 'LimitExceededException';
  if (error instanceof UnmodifiableEntityError) return 'UnmodifiableEntityException';
  if (error instanceof ConflictError)
    return /already exists/.test(error.message) ? 'EntityAlreadyExistsException' : 'DeleteConflictException';
  return undefined;
}

/** A user or role as the call log names it. */
export const label = (ref: IamPrincipalRef) => `${ref.kind}/${ref.name}`;

/** How IAM's request names a user or role, as CloudTrail records it. */
export const named = (ref: IamPrincipalRef) =>
  ref.kind === 'user' ? { userName: ref.name } : { roleName: ref.name };

/** IAM's requests carry policy documents as JSON text, and CloudTrail records them so. */
export const text = (document: unknown) => JSON.stringify(document);

/** IAM's answer to a read of a user or role that is not there. */
export const noSuch = (ref: IamPrincipalRef) => `The ${ref.kind} with name ${ref.name} cannot be found.`;

/**
 * The body of a call a service received, run after its record: a failure (IAM's NoSuchEntity, LimitExceeded, ...) is
 * recorded as CloudTrail records it, with the service's code (`codeOf`, IAM's by default) and message, and thrown on.
 */
export function answered<T>(
  recorded: AuditEvent | undefined,
  body: () => T,
  codeOf: (error: unknown) => string | undefined = iamErrorCode,
): T {
  try {
    return body();
  } catch (error) {
    const code = codeOf(error);
    if (recorded && code) failedCall(recorded, code, (error as Error).message);
    throw error;
  }
}

/** A read IAM fails with NoSuchEntity (the port answers undefined): recorded so. */
export function notThere<T>(
  recorded: AuditEvent | undefined,
  message: string,
  found: T | undefined,
): T | undefined {
  if (found === undefined && recorded) failedCall(recorded, 'NoSuchEntityException', message);
  return found;
}
