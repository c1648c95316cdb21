import {
  AccessDeniedError,
  ConflictError,
  NotFoundError,
  PolicyQuotaExceededError,
  RekeyError,
  ThrottlingError,
  UnmodifiableEntityError,
} from '../../domain/errors.js';

const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'ProvisionedThroughputExceededException',
  'SlowDown',
]);

/** Maps an AWS SDK error to Rekey's named errors (Step Functions retries and catches by these names). */
export function translateAwsError(error: unknown, what: string): Error {
  if (!(error instanceof Error)) return new RekeyError(`${what}: ${String(error)}`);
  if (error instanceof RekeyError) return error;
  if (THROTTLING.has(error.name)) return new ThrottlingError(`${what}: ${error.message}`, { cause: error });
  if (
    /^(NoSuchEntity|ResourceNotFound|PolicyNotFound|PolicyNotAttached|TargetNotFound)(Exception)?$/.test(
      error.name,
    )
  ) {
    return new NotFoundError(`${what}: ${error.message}`, { cause: error });
  }
  // Organizations: the most SCPs an account can have attached (ConstraintViolation covers other limits too).
  if (/^(LimitExceeded|ConstraintViolation)(Exception)?$/.test(error.name)) {
    return new PolicyQuotaExceededError(`${what}: ${error.message}`, { cause: error });
  }
  if (
    /^(EntityAlreadyExists|DeleteConflict|DuplicatePolicy|DuplicatePolicyAttachment|PolicyInUse)(Exception)?$/.test(
      error.name,
    )
  ) {
    return new ConflictError(`${what}: ${error.message}`, { cause: error });
  }
  if (/^UnmodifiableEntity(Exception)?$/.test(error.name)) {
    return new UnmodifiableEntityError(`${what}: ${error.message}`, { cause: error });
  }
  // A concurrent change (Organizations) or a provisioning still in flight (Identity Center): try again later.
  if (/^(ConcurrentModification|Conflict)(Exception)?$/.test(error.name))
    return new ThrottlingError(`${what} (transient, retry later): ${error.message}`, { cause: error });
  if (/^(AccessDenied(Exception)?|UnauthorizedOperation)$/.test(error.name))
    return new AccessDeniedError(`${what}: ${error.message}`, { cause: error });
  return error;
}

/** Runs an SDK call, translating its errors. */
export async function awsCall<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw translateAwsError(error, what);
  }
}

/** Runs a read whose target may be gone: NotFoundError (after translation) answers undefined. */
export async function orUndefined<T>(call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}
