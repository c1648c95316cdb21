import { rotationKind, STUCK_PENDING_AFTER_MS, strategyOf } from '../../domain/secret-rotation.js';
import type { SecretFacts } from '../../ports/readiness.js';
import { type AddFinding, DAY, days, type SecretAssessment } from './readiness-report.js';

/** The rotation strategy the exposed-secret playbook would use for the secret, in words. */
export function strategyName(secret: SecretFacts): string {
  if (rotationKind(secret) === 'none') return 'none';
  const strategy = strategyOf(secret);
  return strategy === 'unknown' ? 'unknown (rotated twice)' : strategy;
}

/** How the secret's rotation stands (missing, stuck, failed, overdue or working), adding the finding it makes. */
export function assessRotation(
  secret: SecretFacts,
  now: number,
  add: AddFinding,
): SecretAssessment['rotation'] {
  const stuck = secret.versions.find(
    (v) =>
      v.stages.includes('AWSPENDING') &&
      !v.stages.includes('AWSCURRENT') &&
      (!v.createdAt || now - Date.parse(v.createdAt) >= STUCK_PENDING_AFTER_MS),
  );
  const lastRotated = secret.lastRotatedAt ? Date.parse(secret.lastRotatedAt) : undefined;
  if (rotationKind(secret) === 'none') {
    add(
      'secret-rotation-missing',
      'high',
      `${secret.name} has no rotation: the exposed-secret playbook can only escalate it to its owner`,
      'configure a rotation function and schedule (Secrets Manager RotateSecret with RotationRules)',
    );
    return 'none';
  }
  if (stuck) {
    add(
      'secret-rotation-stuck',
      'high',
      `${secret.name}'s last rotation failed: AWSPENDING is stuck on ${stuck.id}, and every later rotation fails until that rotation is finished or the label removed`,
      "read the rotation function's logs: once setSecret ran, the version holds the password the database uses, so finish the rotation (UpdateSecretVersionStage: AWSCURRENT to it); only if setSecret failed, remove AWSPENDING from it",
    );
    return 'stuck';
  }
  if (
    secret.rotationFailures[0] &&
    (lastRotated === undefined || Date.parse(secret.rotationFailures[0]) > lastRotated)
  ) {
    add(
      'secret-rotation-failed',
      'high',
      `${secret.name}'s rotation failed at ${secret.rotationFailures[0]} (CloudTrail RotationFailed, ${secret.rotationFailures.length} in 90 days) and has not succeeded since`,
      "read the rotation function's logs, fix it, and rotate again",
    );
    return 'failed';
  }
  if (
    lastRotated === undefined ||
    (secret.rotationDays !== undefined && now - lastRotated > 2 * secret.rotationDays * DAY)
  ) {
    add(
      'secret-rotation-overdue',
      'medium',
      lastRotated === undefined
        ? `${secret.name} has rotation configured but has never been rotated`
        : `${secret.name} was last rotated ${days(now - lastRotated)} days ago, against a schedule of ${secret.rotationDays} days`,
      'rotate it now and check the rotation function succeeds',
    );
    return 'overdue';
  }
  return 'working';
}
