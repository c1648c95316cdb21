import type { AccountSeedInput } from '../adapters/sandbox/account-seed.js';
import { materialToEvents } from '../detections/material.js';
import { SplitValue } from '../detections/split-value.js';
import { InvalidInputError } from '../domain/errors.js';
import { type PolicyDocument, PolicyDocumentSchema } from '../domain/policy-document.js';
import { type Drill, DrillSchema } from './drill-file.js';
import { createOfflineTriage } from './offline-triage.js';

/** How to replay exported material. */
export interface ReplayOptions {
  /** How much faster than recorded: the gaps between events are divided by it. */
  speed: number;
  /** What the replay's responder answers to every approval; `none` lets them time out. */
  decide: 'approve' | 'deny' | 'none';
  secretReadAllowlist: string[];
  protectedPrincipals: string[];
  /** The account and region material without its own is filed under. */
  account: string;
  region: string;
}

/** The responder who answers a replay's approvals when asked to. */
export const REPLAY_RESPONDER = {
  slackUserId: 'U0REPLAY',
  name: 'Replay',
  email: 'replay@rekey.invalid',
  // A decision needs a responder whose AWS identity is known: the replay's own, in no real account.
  principals: ['arn:aws:iam::000000000000:user/rekey-replay'],
};

/** How many unreadable pieces are named one by one; past that, only counted. */
const NAMED_UNREADABLE = 100;
/** How many events a replay runs (events a rule takes); past that, counted: a replay is a drill, not an archive. */
export const MAX_REPLAYED_EVENTS = 10_000;

/** What the evidence shows about the account, gathered exposure by exposure. */
interface Evidence {
  users: Map<string, { keys: Set<string>; console: boolean; policies: Set<string>; inline: Set<string> }>;
  /** Inline policy documents the records show put, by `user/policy`. */
  inlineDocuments: Map<string, PolicyDocument>;
  roles: Set<string>;
  secrets: Set<string>;
  incidents: Set<string>;
  account?: string;
  rootKeys?: string[];
}

/** The user the evidence names, created on first mention. */
function userOf(evidence: Evidence, name: string) {
  const user = evidence.users.get(name) ?? {
    keys: new Set<string>(),
    console: false,
    policies: new Set<string>(),
    inline: new Set<string>(),
  };
  evidence.users.set(name, user);
  return user;
}

/** What a CloudTrail record shows of the account: the calling user and its long-term key. */
function gatherCaller(evidence: Evidence, event: Record<string, unknown>): void {
  const caller = (event.detail as { userIdentity?: Record<string, unknown> } | undefined)?.userIdentity;
  const key = caller?.accessKeyId;
  if (caller?.type === 'IAMUser' && typeof caller.userName === 'string' && typeof key === 'string')
    if (key.startsWith('AKIA')) userOf(evidence, caller.userName).keys.add(key);
  const detail = event.detail as Record<string, unknown> | undefined;
  const request = detail?.requestParameters as Record<string, unknown> | undefined;
  if (
    detail?.eventName === 'PutUserPolicy' &&
    !detail.errorCode &&
    typeof request?.policyDocument === 'string'
  ) {
    const document = PolicyDocumentSchema.safeParse(parsedOrUndefined(request.policyDocument));
    if (document.success)
      evidence.inlineDocuments.set(`${request.userName}/${request.policyName}`, document.data);
  }
}

/** JSON text parsed, or undefined when it is not JSON. */
function parsedOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The stand-in for an inline policy whose document the records do not show: it grants nothing. */
const NOTHING: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Deny', Action: 'iam:PutUserPolicy', Resource: '*' }],
};

function gather(
  evidence: Evidence,
  line: { incidentId: string | null; exposures: Array<Record<string, unknown>> },
): void {
  if (line.incidentId) evidence.incidents.add(line.incidentId);
  for (const exposure of line.exposures) {
    // Each exposure its own incident: one event can open several.
    if (typeof exposure.incidentId === 'string') evidence.incidents.add(exposure.incidentId);
    const attached = (
      exposure.evidence as { toConfirm?: { attachedPolicy?: string; inlinePolicy?: string } } | undefined
    )?.toConfirm;
    const principal = exposure.principal as { type: string; name?: string } | undefined;
    evidence.account ??= String(exposure.accountId);
    const key = exposure.accessKeyId as string | undefined;
    if (exposure.kind === 'root')
      evidence.rootKeys = [...(evidence.rootKeys ?? []), ...(key?.startsWith('AKIA') ? [key] : [])];
    else if (principal?.type === 'IAMUser' && principal.name && principal.name !== '(unresolved)') {
      const user = userOf(evidence, principal.name);
      if (key?.startsWith('AKIA')) user.keys.add(key);
      if (exposure.kind === 'console-login') user.console = true;
      // The record shows the policy attached (a failed call would not be an exposure): so does the account.
      if (attached?.attachedPolicy) user.policies.add(attached.attachedPolicy);
      if (attached?.inlinePolicy) user.inline.add(attached.inlinePolicy);
    } else if (principal?.type === 'AssumedRole' && principal.name) evidence.roles.add(principal.name);
    const secretName = (exposure.secretArn as string | undefined)?.match(/:secret:(.+)-[A-Za-z0-9]{6}$/)?.[1];
    if (secretName) evidence.secrets.add(secretName);
  }
}

/**
 * A record no rule takes that can show nothing of the account (gatherCaller reads IAM users' keys and
 * PutUserPolicy's documents), told without parsing it; undefined when it must be read whole.
 */
function quickIgnore(
  triage: ReturnType<typeof createOfflineTriage>,
  name: string,
  value: SplitValue,
): { time: string } | undefined {
  if (value.text.includes('IAMUser') || value.text.includes('PutUserPolicy') || value.text.includes('\\u'))
    return undefined;
  return triage.unmatchedLine(name, value);
}

/** A simulated account holding what the evidence names: its users with their keys and policies, roles, secrets, root. */
function evidenceAccount(evidence: Evidence, options: ReplayOptions, start: number): AccountSeedInput {
  const { users, roles, secrets, account, rootKeys, inlineDocuments } = evidence;
  return {
    id: account ?? options.account,
    region: options.region,
    users: [...users].map(([name, u]) => ({
      name,
      ...(u.console ? { loginProfile: {} } : {}),
      ...(u.policies.size ? { managedPolicies: [...u.policies] } : {}),
      ...(u.inline.size
        ? {
            inlinePolicies: Object.fromEntries(
              [...u.inline].map((p) => [p, inlineDocuments.get(`${name}/${p}`) ?? NOTHING]),
            ),
          }
        : {}),
      accessKeys: [...u.keys].map((id) => ({ id, createdAt: new Date(start - 86_400_000).toISOString() })),
    })),
    roles: [...roles].map((name) => ({ name })),
    secrets: [...secrets].map((name) => ({ name })),
    ...(rootKeys
      ? { root: { accessKeys: rootKeys.map((id) => ({ id, createdAt: new Date(start).toISOString() })) } }
      : {}),
  };
}

/**
 * A drill from exported material (CloudTrail log files, GuardDuty exports, NDJSON from an EventBridge archive
 * replay), read one value at a time: the events a detection rule takes, in recorded order at their recorded offsets
 * (divided by `speed`), and a simulated account holding what the evidence names (the users and keys, roles, secrets
 * and root it concerns), so the replay opens the incidents its events call for. It expects exactly the incidents
 * offline triage says they open. Events no rule takes are counted, not kept: memory follows what matters.
 */
export async function replayDrill(
  documents: AsyncIterable<{ name: string; document: unknown } | { name: string; values: SplitValue[] }>,
  options: ReplayOptions,
): Promise<{ drill: Drill; unreadable: string[] }> {
  const context = { account: options.account, region: options.region, now: new Date() };
  const events: Array<{ time: number; event: Record<string, unknown>; note: string }> = [];
  const unreadable: string[] = [];
  let unreadableCount = 0;
  let ignored = 0;
  let beyond = 0;
  let earliest = Number.POSITIVE_INFINITY;
  const inputs = new Set<string>();
  const triage = createOfflineTriage({
    settings: { secretReadAllowlist: options.secretReadAllowlist },
    protectedPrincipals: options.protectedPrincipals,
    ...context,
  });
  const evidence: Evidence = {
    users: new Map(),
    roles: new Set(),
    secrets: new Set(),
    incidents: new Set(),
    inlineDocuments: new Map(),
  };
  const skip = (reason: string) => {
    unreadableCount += 1;
    if (unreadable.length < NAMED_UNREADABLE) unreadable.push(reason);
  };
  for await (const input of documents) {
    const { name } = input;
    inputs.add(name);
    for (const value of 'values' in input ? input.values : [input.document]) {
      const unmatched = value instanceof SplitValue ? quickIgnore(triage, name, value) : undefined;
      if (unmatched) {
        // No rule takes it and it names no IAM user: counted, and its time read, without parsing it.
        ignored += 1;
        const time = Date.parse(unmatched.time);
        if (!Number.isNaN(time)) earliest = Math.min(earliest, time);
        continue;
      }
      const document = value instanceof SplitValue ? value.parse() : value;
      const read = materialToEvents([document], context);
      for (const u of read.unreadable) skip(`${name}: ${u.reason}`);
      const lines = (await triage.assessDocuments(name, [document])).filter((l) => l.shape !== 'unreadable');
      for (const [index, { event, shape }] of read.events.entries()) {
        const time = Date.parse(String(event.time));
        // The replay starts with the first recorded event, whether a rule takes it or not.
        if (!Number.isNaN(time)) earliest = Math.min(earliest, time);
        if ((lines[index]?.rules.length ?? 0) === 0) ignored += 1;
        else if (Number.isNaN(time)) skip(`${name}: a ${shape} without a time`);
        else if (events.length >= MAX_REPLAYED_EVENTS) beyond += 1;
        else events.push({ time, event, note: `${shape} from ${name.split('/').at(-1)}` });
      }
      for (const line of lines) gather(evidence, line);
      for (const { event } of read.events) gatherCaller(evidence, event);
    }
  }
  if (unreadableCount > unreadable.length)
    unreadable.push(`... and ${unreadableCount - unreadable.length} more pieces that could not be read`);
  if (beyond > 0)
    unreadable.push(
      `${beyond} more event(s) a rule takes, past the first ${MAX_REPLAYED_EVENTS}: not replayed (split the input)`,
    );
  if (events.length === 0)
    throw new InvalidInputError(
      `nothing to replay: no event read is one a detection rule takes (${ignored} other event(s), ${unreadableCount} unreadable piece(s))`,
    );
  events.sort((a, b) => a.time - b.time);
  const start = Math.min(earliest, events[0]?.time ?? earliest);
  const seed = evidenceAccount(evidence, options, start);
  const drill = DrillSchema.parse({
    name: 'replay',
    title: `Replay of ${inputs.size} input(s): ${events.length} event(s) a rule takes, ${ignored} other(s) counted`,
    start: new Date(start).toISOString(),
    account: seed,
    secretReadAllowlist: options.secretReadAllowlist,
    protectedPrincipals: options.protectedPrincipals,
    responders: options.decide === 'none' ? [] : [REPLAY_RESPONDER],
    events: events.map((e) => ({
      at: `${Math.round((e.time - start) / options.speed / 1000)}s`,
      note: e.note,
      event: e.event,
    })),
    expect: [{ incidents: evidence.incidents.size }],
  });
  return { drill, unreadable };
}
