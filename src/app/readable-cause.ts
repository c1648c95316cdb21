/**
 * The readable part of a reason: Step Functions hands a Lambda error's Cause over as the function's JSON error
 * (`{"errorType": ..., "errorMessage": ...}`); the local runner hands over the message itself.
 */
export function readableCause(reason: string | undefined): string | undefined {
  const json = reason?.match(/\{.*\}$/)?.[0];
  if (!reason || !json) return reason;
  try {
    const parsed = JSON.parse(json) as { errorMessage?: unknown };
    return typeof parsed.errorMessage === 'string' ? reason.replace(json, parsed.errorMessage) : reason;
  } catch {
    return reason;
  }
}
