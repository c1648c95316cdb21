import * as z from 'zod';
import { ACTION_NAMES } from '../../domain/actions.js';
import type { Clock } from '../../domain/clock.js';
import type { ProtectionSettings } from '../../domain/protection.js';
import type { AuditTrailProvider } from '../../ports/audit-trail.js';
import type { IdentityProvider } from '../../ports/identity.js';
import type { IdentityCenter } from '../../ports/identity-center.js';
import type { NetworkProvider } from '../../ports/network.js';
import type { Organizations } from '../../ports/organizations.js';
import type { Permissions } from '../../ports/permissions.js';
import type { RootAccess } from '../../ports/root-access.js';
import type { RotationLogsProvider } from '../../ports/rotation-logs.js';
import type { SecretsProvider } from '../../ports/secrets.js';
import type { TimelineStore } from '../../ports/timeline-store.js';

/** One playbook step to run: a catalogued action with its parameters. */
export const StepRequestSchema = z.object({
  step: z.string().min(1),
  action: z.enum(ACTION_NAMES),
  parameters: z.record(z.string(), z.unknown()),
});

/** One playbook step to run. */
export type StepRequest = z.infer<typeof StepRequestSchema>;

/** Whether steps change the account or only plan and check (`simulate`). */
export type RunMode = 'apply' | 'simulate';

/** What running steps needs; `simulate` plans and checks permissions and changes nothing (live drills). */
export interface RunStepsDeps {
  identityFor: IdentityProvider;
  timeline: TimelineStore;
  clock: Clock;
  actor: string;
  protection: ProtectionSettings;
  /** May be still deciding (the drill check's read): it is settled alongside the journal's read. */
  mode?: RunMode | Promise<RunMode>;
  permissions?: Permissions;
  /** Secrets Manager by account and region, where the deployment gives Rekey one. */
  secretsFor?: SecretsProvider;
  /** What rotation functions logged (CloudWatch Logs), by account and region. */
  rotationLogsFor?: RotationLogsProvider;
  /** EC2 facts by account and region. */
  networkFor?: NetworkProvider;
  /** CloudTrail history by account and region. */
  auditTrailFor?: AuditTrailProvider;
  /** IAM Identity Center, where the deployment reaches it. */
  identityCenter?: IdentityCenter;
  /** AWS Organizations through the management-account role, where configured. */
  organizations?: Organizations;
  /** Centralised root access (sts:AssumeRoot) through the management-account role, where configured. */
  rootAccess?: RootAccess;
  /** How to wait during bounded polling; a drill advances its simulated clock instead. */
  sleep?: (ms: number) => Promise<void>;
}
