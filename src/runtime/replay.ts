import type { AccountSeedInput } from '../adapters/sandbox/account-seed.js';
import { materialToEvents, parseJsonDocuments } from '../detections/material.js';
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

/**
 * A drill from exported material (CloudTrail log files, GuardDuty exports, NDJSON from an EventBridge archive
 * replay): its events in recorded order at their recorded offsets (divided by `speed`), and a simulated account
 * holding what the evidence names (the users and keys, roles, secrets and root it concerns), so the replay opens
 * the incidents its events call for. It expects exactly the incidents offline triage says they open.
 */
export async function replayDrill(
  inputs: ReadonlyArray<{ name: string; text: string }>,
  options: ReplayOptions,
): Promise<{ drill: Drill; unreadable: string[] }> {
  const context = { account: options.account, region: options.region, now: new Date() };
  const events: Array<{ time: number; event: Record<string, unknown>; note: string }> = [];
  const unreadable: string[] = [];
  const triage = createOfflineTriage({
    settings: { secretReadAllowlist: options.secretReadAllowlist },
    protectedPrincipals: options.protectedPrincipals,
    ...context,
  });
  const users = new Map<string, { keys: Set<string>; console: boolean }>();
  const roles = new Set<string>();
  const secrets = new Set<string>();
  const incidents = new Set<string>();
  let account: string | undefined;
  let rootKeys: string[] | undefined;
  for (const input of inputs) {
    const documents = parseJsonDocuments(input.text);
    const read = materialToEvents(documents, context);
    for (const u of read.unreadable) unreadable.push(`${input.name}: ${u.reason}`);
    for (const { event, shape } of read.events) {
      const time = Date.parse(String(event.time));
      if (Number.isNaN(time)) {
        unreadable.push(`${input.name}: a ${shape} without a time`);
        continue;
      }
      events.push({ time, event, note: `${shape} from ${input.name.split('/').at(-1)}` });
    }
    for (const line of await triage.assessDocuments(input.name, documents)) {
      if (line.incidentId) incidents.add(line.incidentId);
      for (const exposure of line.exposures) {
        const principal = exposure.principal as { type: string; name?: string } | undefined;
        account ??= String(exposure.accountId);
        const key = exposure.accessKeyId as string | undefined;
        if (exposure.kind === 'root')
          rootKeys = [...(rootKeys ?? []), ...(key?.startsWith('AKIA') ? [key] : [])];
        else if (principal?.type === 'IAMUser' && principal.name) {
          const user = users.get(principal.name) ?? { keys: new Set<string>(), console: false };
          if (key?.startsWith('AKIA')) user.keys.add(key);
          if (exposure.kind === 'console-login') user.console = true;
          users.set(principal.name, user);
        } else if (principal?.type === 'AssumedRole' && principal.name) roles.add(principal.name);
        const secretArn = exposure.secretArn as string | undefined;
        const secretName = secretArn?.match(/:secret:(.+)-[A-Za-z0-9]{6}$/)?.[1];
        if (secretName) secrets.add(secretName);
      }
    }
  }
  events.sort((a, b) => a.time - b.time);
  const start = events[0]?.time ?? Date.now();
  const seed: AccountSeedInput = {
    id: account ?? options.account,
    region: options.region,
    users: [...users].map(([name, u]) => ({
      name,
      ...(u.console ? { loginProfile: {} } : {}),
      accessKeys: [...u.keys].map((id) => ({ id, createdAt: new Date(start - 86_400_000).toISOString() })),
    })),
    roles: [...roles].map((name) => ({ name })),
    secrets: [...secrets].map((name) => ({ name })),
    ...(rootKeys
      ? { root: { accessKeys: rootKeys.map((id) => ({ id, createdAt: new Date(start).toISOString() })) } }
      : {}),
  };
  const drill = DrillSchema.parse({
    name: 'replay',
    title: `Replay of ${inputs.length} input(s), ${events.length} event(s)`,
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
    expect: [{ incidents: incidents.size }],
  });
  return { drill, unreadable };
}
