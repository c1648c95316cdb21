import type * as z from 'zod';
import type { ActionDescriptor, PlannedCall, StepOutcome, Undo } from '../domain/actions.js';
import type { Clock } from '../domain/clock.js';
import type { ProtectionSettings } from '../domain/protection.js';
import type { AuditTrail } from '../ports/audit-trail.js';
import type { Identity } from '../ports/identity.js';
import type { IdentityCenter } from '../ports/identity-center.js';
import type { Network } from '../ports/network.js';
import type { Organizations } from '../ports/organizations.js';
import type { RootAccess } from '../ports/root-access.js';
import type { RotationLogs } from '../ports/rotation-logs.js';
import type { Secrets } from '../ports/secrets.js';

/** One signal of the incident, as triage recorded it (sealed by triage): what it named, and when it happened. */
export interface IncidentSignal {
  observedAt: string;
  /** The region the signal's activity happened in. */
  region?: string;
  /** The API call or finding type (`secretsmanager:GetSecretValue`). */
  type?: string;
  principalArn?: string;
  accessKeyId?: string;
  /** Where the call came from, when the source names an address. */
  remoteIp?: string;
  /** For a secret read: the secrets it named (empty for a BatchGetSecretValue by filter). */
  secretArns?: string[];
}

/** What an action may use: the account's IAM, the clock, who is protected, and the incident and step it runs for. */
export interface ActionContext {
  incidentId: string;
  step: string;
  identity: Identity;
  /** IAM of another account of the organisation (through the member role), for sources found elsewhere. */
  identityOf?: (accountId: string) => Identity;
  /** Secrets Manager of the step's account and region, where the deployment gives Rekey one. */
  secrets?: Secrets;
  /** Secrets Manager of the step's account in any region (a reader's reads can span regions). */
  secretsIn?: (region: string) => Secrets;
  /** The incident's signals, the first and every one joined since (what each named). */
  signals?: readonly IncidentSignal[];
  /** What rotation functions of the step's account and region logged (CloudWatch Logs), where Rekey may read it. */
  rotationLogs?: RotationLogs;
  /** EC2 facts of the step's account and region, where the deployment gives Rekey them. */
  network?: Network;
  /** EC2 facts of the step's account in another region (a role is global: its instances may be anywhere). */
  networkIn?: (region: string) => Network;
  /** CloudTrail history of the step's account, by region. */
  auditTrail?: (region: string) => AuditTrail;
  /** CloudTrail history of another account of the organisation (through its member role), by region. */
  auditTrailOf?: (accountId: string, region: string) => AuditTrail;
  /** IAM Identity Center (in the management or delegated administrator account), where configured. */
  identityCenter?: IdentityCenter;
  /** AWS Organizations through the management-account role, where configured. */
  organizations?: Organizations;
  /** Centralised root access (sts:AssumeRoot) through the management-account role, where configured. */
  rootAccess?: RootAccess;
  clock: Clock;
  /** Waits (on the simulated clock in a drill, for real in Lambda), for bounded polling. */
  sleep(ms: number): Promise<void>;
  protection: ProtectionSettings;
  /** The incident's steps that responders have rolled back (a false positive restored). */
  restoredSteps?: readonly string[];
  /**
   * The plan's `before` was observed in this invocation, just before the step started, and nothing of the step
   * has changed since: apply may act on it instead of reading the same state again (a retry reads afresh).
   */
  observedJustNow?: boolean;
}

/** Decisions an action fixes before it changes anything (a policy name, a cut-off time); journaled, reused on retry. */
export type ActionPlan = Record<string, unknown>;

/** What applying an action did. */
export type ActionResult = Omit<StepOutcome, 'step' | 'action' | 'at'>;

/** A catalogued action: its descriptor, how it plans, the calls it would make, and how it applies the plan. */
export interface Action<D extends ActionDescriptor = ActionDescriptor> {
  descriptor: D;
  plan(parameters: z.infer<D['parameters']>, context: ActionContext): ActionPlan;
  /**
   * What the target holds before the first attempt changes anything, journaled with the plan as `before`: a retry
   * that finds the change already made tells by it whether an earlier attempt made it, and so still undoes it.
   */
  observe?(
    parameters: z.infer<D['parameters']>,
    plan: ActionPlan,
    context: ActionContext,
  ): Promise<Record<string, unknown> | undefined>;
  /**
   * What `observe` reads no earlier step of an invocation changes (a key's own status, a policy named for this
   * incident and action), so it may be read before those steps run, at the same time as theirs.
   */
  independentObservation?: boolean;
  /**
   * Nothing it plans or does depends on the change of the step before it in an invocation, so it runs at the same
   * time as that step (a deny placed alongside a key's deactivation); it is run again, planned afresh, whenever
   * that step is.
   */
  runsAlongside?: boolean;
  /** The mutating calls applying the plan would make (read calls are allowed in simulate mode). */
  calls(
    parameters: z.infer<D['parameters']>,
    plan: ActionPlan,
    context: ActionContext,
  ): Promise<PlannedCall[]>;
  apply(
    parameters: z.infer<D['parameters']>,
    plan: ActionPlan,
    context: ActionContext,
  ): Promise<ActionResult>;
}

/** Re-exported for actions that build undo records and plan calls. */
export type { PlannedCall, Undo };

/**
 * An error from an action that had already changed something: how to undo that part travels with it, and what it
 * touched (the journal's record of the incident's targets, which a rollback checks the undo against).
 */
export type PartiallyApplied = Error & { partialUndo: Undo; touched?: string[] };

/** Attaches to an error how to undo what the action changed before it failed (nothing attached when nothing changed). */
export function withPartialUndo(error: unknown, undo: Undo[], touched: string[] = []): unknown {
  if (!(error instanceof Error) || undo.length === 0) return error;
  return Object.assign(error, { partialUndo: { operation: 'rekey:UndoAll', parameters: { undo } }, touched });
}

/**
 * An error from an action that had established facts before it failed (a chain's origin key, the roles a trace
 * found): journaled with the failure, so the steps that go on after it (continue-then-escalate) act on them.
 */
export type FailedWithFacts = Error & { facts: Record<string, unknown> };

/** Attaches to an error what the action established before it failed. */
export function withFacts(error: unknown, facts: Record<string, unknown>): unknown {
  return error instanceof Error ? Object.assign(error, { facts }) : error;
}
