/** Base class of every error Rekey raises; `name` is an API (Step Functions Retry/Catch match it). */
export class RekeyError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** An event or request that does not have the shape Rekey expects; it is rejected and kept, never acted on. */
export class InvalidInputError extends RekeyError {}

/** The exposure cannot be contained by Rekey (protected, out of reach, or not supported); escalate to people. */
export class NotContainableError extends RekeyError {}

/** AWS throttled the call; safe to retry with back-off. */
export class ThrottlingError extends RekeyError {}

/** An IAM quota (inline policy size, attached policies) leaves no room for the deny. */
export class PolicyQuotaExceededError extends RekeyError {}

/** A principal, key or policy Rekey was asked to act on does not exist. */
export class NotFoundError extends RekeyError {}

/** A configuration value is missing or malformed; raised at start-up, naming the value. */
export class ConfigurationError extends RekeyError {}

/** A responder denied the approval request. */
export class ApprovalDeniedError extends RekeyError {}

/** A drill's expected end state did not hold. */
export class ExpectationFailedError extends RekeyError {}

/** An IAM entity already exists, or cannot be deleted while in use (EntityAlreadyExists, DeleteConflict). */
export class ConflictError extends RekeyError {}

/** Rekey lacks the permission for a call (AccessDenied); reported to people, never retried. */
export class AccessDeniedError extends RekeyError {}

/** The principal is protected (configured, tagged `rekey:protected`, Rekey's own or service-linked): never changed. */
export class ProtectedPrincipalError extends NotContainableError {}

/** A credential made a successful call after its containment: the incident must be re-raised and contained again. */
export class ContainmentBreachedError extends RekeyError {}

/** CloudTrail held more than Rekey reads, and what was read does not settle the question: people must look. */
export class IncompleteEvidenceError extends RekeyError {}

/** A secret's rotation failed or did not finish in time. */
export class RotationError extends RekeyError {}

/** IAM refuses to change a role it manages itself (UnmodifiableEntity), such as Identity Center's roles. */
export class UnmodifiableEntityError extends RekeyError {}
