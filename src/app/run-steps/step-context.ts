import type { Action, ActionContext, IncidentSignal } from '../../actions/action.js';
import { ACTIONS } from '../../actions/catalogue.js';
import type { Identity } from '../../ports/identity.js';
import { type HolderObservation, observedPrincipals } from '../holder-observation.js';
import { readingPrincipalsOnce } from '../principal-reads.js';
import type { RunStepsDeps, StepRequest } from './step-request.js';

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A step ready to run (its parameters parsed, its context built), or the issues that refuse its parameters. */
export type PreparedStep =
  | {
      ok: true;
      action: Action;
      parameters: Record<string, unknown>;
      accountId: string;
      context: ActionContext;
    }
  | { ok: false; action: Action; issues: readonly { path: readonly PropertyKey[]; message: string }[] };

/** What every step of one invocation shares: the incident, its signals, the steps rolled back. */
export interface StepGroup {
  incidentId: string;
  signals: readonly IncidentSignal[];
  restoredSteps: readonly string[];
  /** Triage's recent readings of the incident's holder: its principal is not read again. */
  observed?: readonly HolderObservation[];
}

/** The ports of one step's account and region, each only where the deployment gives Rekey it. */
function portsFor(accountId: string, region: string, deps: RunStepsDeps): Partial<ActionContext> {
  const { secretsFor, rotationLogsFor, networkFor, auditTrailFor } = deps;
  const secrets = secretsFor?.(accountId, region);
  const rotationLogs = rotationLogsFor?.(accountId, region);
  const network = networkFor?.(accountId, region);
  return {
    ...(secrets ? { secrets } : {}),
    ...(secretsFor ? { secretsIn: (r: string) => secretsFor(accountId, r) } : {}),
    ...(rotationLogs ? { rotationLogs } : {}),
    ...(network ? { network } : {}),
    ...(networkFor ? { networkIn: (r: string) => networkFor(accountId, r) } : {}),
    ...(auditTrailFor
      ? { auditTrail: (r: string) => auditTrailFor(accountId, r), auditTrailOf: auditTrailFor }
      : {}),
    ...(deps.identityCenter ? { identityCenter: deps.identityCenter } : {}),
    ...(deps.organizations ? { organizations: deps.organizations } : {}),
    ...(deps.rootAccess ? { rootAccess: deps.rootAccess } : {}),
  };
}

/**
 * Prepares the steps of one invocation: each step's parameters parsed against its descriptor and its context built;
 * every step reads an account's IAM principals through one shared reader.
 */
export function stepPreparer(group: StepGroup, deps: RunStepsDeps): (request: StepRequest) => PreparedStep {
  const identities = new Map<string, Identity>();
  const identityOf = (accountId: string): Identity => {
    let identity = identities.get(accountId);
    if (!identity) {
      identity = readingPrincipalsOnce(
        deps.identityFor(accountId),
        observedPrincipals(group.observed ?? [], accountId),
      );
      identities.set(accountId, identity);
    }
    return identity;
  };
  return (request) => {
    const action = ACTIONS[request.action];
    const parsed = action.descriptor.parameters.safeParse(request.parameters);
    if (!parsed.success) return { ok: false, action, issues: parsed.error.issues };
    const parameters = parsed.data as Record<string, unknown>;
    const accountId = String(parameters.accountId);
    const ports = portsFor(accountId, String(parameters.region ?? ''), deps);
    const context: ActionContext = {
      incidentId: group.incidentId,
      step: request.step,
      identity: identityOf(accountId),
      identityOf,
      ...ports,
      signals: group.signals,
      clock: deps.clock,
      sleep: deps.sleep ?? realSleep,
      protection: deps.protection,
      restoredSteps: group.restoredSteps,
    };
    return { ok: true, action, parameters, accountId, context };
  };
}
