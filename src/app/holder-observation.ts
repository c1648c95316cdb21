import * as z from 'zod';
import type { TimelineEntry } from '../domain/timeline.js';
import type { IamPrincipal, IamPrincipalRef, Identity } from '../ports/identity.js';

/**
 * How old triage's reading of a holder may be for the action function to act on it instead of reading IAM again:
 * about the time from triage to the playbook's first invocation, well inside the seconds IAM itself takes to
 * show a change everywhere (CHANGE_PROPAGATION_MS), so a read this recent is as good as one made now. Older
 * (an approval waited for, a retry), the action reads afresh.
 */
export const HOLDER_OBSERVATION_FRESH_MS = 2_000;

const PrincipalSchema = z.object({
  kind: z.enum(['user', 'role']),
  name: z.string().min(1),
  arn: z.string().min(1),
  id: z.string(),
  path: z.string(),
  tags: z.record(z.string(), z.string()),
});

/** What triage read of an IAM user holder, and when it started reading: sealed in its signal entry. */
export const HolderObservationSchema = z.object({
  accountId: z.string().min(1),
  readAt: z.string().datetime(),
  principal: PrincipalSchema,
  accessKeys: z.array(
    z.object({
      accessKeyId: z.string(),
      userName: z.string(),
      status: z.enum(['Active', 'Inactive']),
      createDate: z.string(),
    }),
  ),
  inlinePolicyNames: z.array(z.string()),
  attachedPolicyArns: z.array(z.string()),
});

/** What triage read of an IAM user holder, and when it started reading. */
export type HolderObservation = z.infer<typeof HolderObservationSchema>;

/**
 * A user's keys and policies (ListAccessKeys, ListUserPolicies, ListAttachedUserPolicies), read at once; none when
 * any read fails, since the observation only spares the action function reads it can still make.
 */
export async function readUserHolding(
  identity: Identity,
  userName: string,
): Promise<Omit<HolderObservation, 'accountId' | 'readAt' | 'principal'> | undefined> {
  const user = { kind: 'user', name: userName } as const;
  try {
    const [accessKeys, inlinePolicyNames, attachedPolicyArns] = await Promise.all([
      identity.listAccessKeys(userName),
      identity.listInlinePolicyNames(user),
      identity.listAttachedPolicyArns(user),
    ]);
    return { accessKeys, inlinePolicyNames, attachedPolicyArns };
  } catch {
    return undefined;
  }
}

/** The observations triage sealed in the incident's signal entries that are recent enough to act on now. */
export function freshHolderObservations(
  signalEntries: readonly TimelineEntry[],
  now: Date,
): HolderObservation[] {
  return signalEntries.flatMap((entry) => {
    const parsed = HolderObservationSchema.safeParse(entry.data?.holder);
    if (!parsed.success) return [];
    const age = now.getTime() - Date.parse(parsed.data.readAt);
    return age >= 0 && age <= HOLDER_OBSERVATION_FRESH_MS ? [parsed.data] : [];
  });
}

/** The observation of this principal in this account, if any. */
export function observationOf(
  observations: readonly HolderObservation[],
  accountId: string,
  ref: IamPrincipalRef,
): HolderObservation | undefined {
  return observations.findLast(
    (o) => o.accountId === accountId && o.principal.kind === ref.kind && o.principal.name === ref.name,
  );
}

/** The principals observed in one account: what reading each principal once starts from. */
export function observedPrincipals(
  observations: readonly HolderObservation[],
  accountId: string,
): IamPrincipal[] {
  return observations.filter((o) => o.accountId === accountId).map((o) => o.principal);
}

/**
 * IAM of one account whose reads of an observed user's keys and policies are answered from triage's observation,
 * as IAM answered them then: for observing targets before the first change only (the answers go stale once
 * anything changes). A policy name the user did not hold reads as absent; any other read goes to IAM.
 */
export function answeredFromObservations(
  identity: Identity,
  observations: readonly HolderObservation[],
  accountId: string,
): Identity {
  const of = (ref: IamPrincipalRef) => observationOf(observations, accountId, ref);
  const answers: Partial<Identity> = {
    listAccessKeys: async (userName) =>
      of({ kind: 'user', name: userName })?.accessKeys ?? identity.listAccessKeys(userName),
    listInlinePolicyNames: async (ref) => of(ref)?.inlinePolicyNames ?? identity.listInlinePolicyNames(ref),
    getInlinePolicy: async (ref, policyName) => {
      const observed = of(ref);
      return observed && !observed.inlinePolicyNames.includes(policyName)
        ? undefined
        : identity.getInlinePolicy(ref, policyName);
    },
    listAttachedPolicyArns: async (ref) =>
      of(ref)?.attachedPolicyArns ?? identity.listAttachedPolicyArns(ref),
  };
  return new Proxy(identity, {
    get: (target, property, receiver) =>
      property in answers ? answers[property as keyof Identity] : Reflect.get(target, property, receiver),
  });
}
