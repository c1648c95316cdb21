import type { PrincipalFacts, SecretFacts } from '../../ports/readiness.js';
import type {
  AddFinding,
  ReadinessCheck,
  ReadinessFinding,
  SecretAssessment,
  Severity,
} from './readiness-report.js';
import { canRead, declaredReaders, declares, isPublic, READERS_TAG } from './secret-readers.js';
import { assessRotation, strategyName } from './secret-rotation-checks.js';

/** Who can read the secret, adding a finding for each reader it does not declare, or for declaring none. */
function assessReaders(
  secret: SecretFacts,
  accountId: string,
  principals: PrincipalFacts[],
  open: boolean,
  add: AddFinding,
): { readers: PrincipalFacts[]; unexpected: PrincipalFacts[] } {
  const readers = principals.filter((p) => canRead(p, secret, accountId));
  const declared = declaredReaders(secret);
  // A secret anyone may read is one finding (public), not one per principal of the account.
  const unexpected = declared && !open ? readers.filter((p) => !declares(declared, p)) : [];
  for (const reader of unexpected)
    add(
      'secret-unexpected-reader',
      'high',
      `${reader.arn} can read ${secret.name} but is not one of its declared readers`,
      `narrow ${reader.name}'s policies (or declare it in the ${READERS_TAG} tag if it should)`,
    );
  if (!declared && readers.length > 0)
    add(
      'secret-readers-undeclared',
      'medium',
      `${secret.name} declares no readers; ${readers.length} principal(s) can read it: ${readers.map((r) => r.name).join(', ')}`,
      `name its readers in a resource policy or the ${READERS_TAG} tag, so Rekey can tell an unexpected read`,
    );
  return { readers, unexpected };
}

/** Assesses one secret (rotation, exposure, encryption, readers), adding its findings to `findings`. */
export function assessSecret(
  secret: SecretFacts,
  accountId: string,
  principals: PrincipalFacts[],
  now: number,
  findings: ReadinessFinding[],
): SecretAssessment {
  const add = (check: ReadinessCheck, severity: Severity, title: string, fix: string) =>
    findings.push({ check, severity, subject: secret.arn, tags: secret.tags, title, fix });
  const rotation = assessRotation(secret, now, add);
  const open = isPublic(secret);
  if (open)
    add(
      'secret-public',
      'critical',
      `${secret.name}'s resource policy allows anyone (Principal "*") without a condition`,
      'remove the statement or restrict it with aws:PrincipalOrgID or aws:SourceVpce',
    );
  if (!secret.kmsKeyId)
    add(
      'secret-aws-managed-key',
      'low',
      `${secret.name} is encrypted with the AWS managed key aws/secretsmanager: its use cannot be limited by a key policy`,
      'encrypt it with a customer managed KMS key whose policy names who may decrypt',
    );
  const { readers, unexpected } = assessReaders(secret, accountId, principals, open, add);
  return {
    name: secret.name,
    arn: secret.arn,
    tags: secret.tags,
    rotation,
    strategy: strategyName(secret),
    ...(secret.rotationDays !== undefined ? { rotationDays: secret.rotationDays } : {}),
    ...(secret.lastRotatedAt ? { lastRotatedAt: secret.lastRotatedAt } : {}),
    encryption: secret.kmsKeyId ? 'customer managed key' : 'AWS managed key',
    resourcePolicy: Boolean(secret.resourcePolicy),
    replicas: secret.replicas,
    readers: readers.map((r) => r.arn),
    unexpectedReaders: unexpected.map((r) => r.arn),
  };
}
