import { applyCall, impliedResource } from '../adapters/sandbox/call-effects.js';
import { simulateCall } from '../adapters/sandbox/request-simulator.js';
import { roleToAssume } from '../adapters/sandbox/role-trust.js';
import type { SandboxAccount } from '../adapters/sandbox/sandbox-account.js';
import { shareCrossAccountCall } from '../adapters/sandbox/session-issuance.js';
import { decideApproval } from '../app/approvals.js';
import { requestRestore } from '../app/restore.js';
import { formatOffset } from '../domain/duration.js';
import type { LocalEventBus } from '../runtime/local-event-bus.js';
import type { SimulatedClock } from '../runtime/simulated-clock.js';
import { recordInHistory } from './drill-cloudtrail.js';
import type { DrillEvent } from './drill-events.js';
import type { ExpectationResult } from './drill-expectations.js';
import type { Drill } from './drill-file.js';
import type { DrillRunOptions } from './drill-options.js';
import type { localDeployment } from './local-deployment.js';
import { republication } from './republication.js';

type Deployment = Awaited<ReturnType<typeof localDeployment>>;

/** What a drill's script needs: the drill, its clock and accounts, the deployment, and where to tell what happens. */
export interface ScriptContext {
  drill: Drill;
  options: DrillRunOptions;
  clock: SimulatedClock;
  sandbox: SandboxAccount;
  members: SandboxAccount[];
  /** The organisation's accounts: the central bus admits events from these only. */
  organisation?: ReadonlySet<string>;
  /** Why signals were ignored, for the drill's `ignored` expectations. */
  ignored?: string[];
  deployment: Deployment;
  bus: LocalEventBus;
  emit: (event: DrillEvent) => void;
  /** Whether a line of a storm is still worth telling (its first few are). */
  quietAfter: (key: string, limit?: number) => boolean;
}

/**
 * A drill event and its storm: re-deliveries repeat the envelope as is (EventBridge delivers at least once);
 * re-publications carry a new envelope id and time around the same finding, updated as GuardDuty updates it.
 */
function withRepeats(entry: Drill['events'][number]): Array<Omit<Drill['events'][number], 'repeat'>> {
  const { repeat, ...first } = entry;
  if (!repeat) return [first];
  const republished = (n: number) => republication(entry.event, n, repeat.every);
  return [
    repeat.as === 're-delivery' ? first : { ...first, event: republished(0) },
    ...Array.from({ length: repeat.times }, (_, i) => ({
      at: entry.at + (i + 1) * repeat.every,
      lost: entry.lost,
      ...(entry.note ? { note: `${entry.note} (${repeat.as} ${i + 1})` } : {}),
      event: repeat.as === 're-delivery' ? entry.event : republished(i + 1),
    })),
  ];
}

/** The responders' decisions: scripted after each request, or asked in the terminal. */
export function scheduleDecisions({ drill, options, clock, deployment }: ScriptContext): void {
  const { approvals, approvalDeps, slackEndpoint } = deployment;
  approvals.onRequest((record) => {
    options.onApprovalRequest?.(record, slackEndpoint);
    if (options.interactive) {
      const ask = options.interactive;
      void clock.track(
        ask(record).then((answer) =>
          answer
            ? decideApproval({ incidentId: record.incidentId, step: record.step, ...answer }, approvalDeps)
            : undefined,
        ),
      );
      return;
    }
    for (const d of drill.decisions.filter((x) => x.step === record.step)) {
      clock.schedule(new Date(Date.parse(record.requestedAt) + d.after), () => {
        const decision = {
          incidentId: record.incidentId,
          step: record.step,
          slackUserId: d.responder,
          decision: d.decision,
        };
        void clock.track(decideApproval(decision, approvalDeps));
      });
    }
  });
}

/** The drill's events, each delivered through the local bus at its offset; a storm is told in its first lines. */
export function scheduleEvents(script: ScriptContext): void {
  const { drill, clock, bus, emit, quietAfter } = script;
  const start = Date.parse(drill.start);
  for (const { at, event, note, lost } of drill.events.flatMap(withRepeats)) {
    clock.schedule(new Date(start + at), () => {
      // CloudTrail holds what it delivers, and what EventBridge lost on the way.
      recordInHistory(event, [script.sandbox, ...script.members]);
      if (lost) {
        emit({
          kind: 'ignored',
          at: clock.now(),
          subject: String(event.id),
          reason: `${note ?? 'the event'}: recorded by CloudTrail, never delivered by EventBridge (best-effort delivery)`,
        });
        return;
      }
      // Forwarded from another account, an event keeps that account in its envelope; the bus admits the organisation's.
      const from = String(event.account);
      if (script.organisation && !script.organisation.has(from)) {
        const reason = `an event from account ${from}, outside the organisation: the central bus admits only the organisation's accounts, so it never arrives`;
        script.ignored?.push(reason);
        emit({ kind: 'ignored', at: clock.now(), subject: String(event.id), reason });
        return;
      }
      const delivery = bus.route(event);
      if (
        quietAfter(
          `delivered:${note ?? String(event.id)}`.replace(/ \((re-delivery|re-publication) \d+\)$/, ''),
        )
      )
        emit({
          kind: 'delivered',
          at: clock.now(),
          eventId: delivery.eventId,
          source: `${String(event.source)} ${String(event['detail-type'])}`,
          matchedRules: delivery.matchedRules,
          ...(note ? { note } : {}),
        });
      void clock.track(bus.put(event));
    });
  }
}

/** Restore clicks, as the Slack endpoint takes them: two different responders have the step rolled back. */
export function scheduleRestores({ drill, clock, deployment }: ScriptContext): void {
  const start = Date.parse(drill.start);
  const { registry, approvalDeps, restorer } = deployment;
  for (const restore of drill.restores) {
    clock.schedule(new Date(start + restore.at), () => {
      void clock.track(
        (async () => {
          const [first] = await registry.list();
          if (!first) return;
          await requestRestore(
            { incidentId: first.id, step: restore.step, slackUserId: restore.responder },
            { ...approvalDeps, registry, restorer },
          );
        })(),
      );
    });
  }
}

/**
 * The attacker's (and anyone's) calls, each answered as AWS would by the account that issued the credential; what
 * an allowed call creates exists from then on, and CloudTrail records every call. Their results, once the clock ran.
 */
export function scheduleAttacker({
  drill,
  clock,
  sandbox,
  members,
  emit,
}: ScriptContext): ExpectationResult[] {
  const start = Date.parse(drill.start);
  const results: ExpectationResult[] = [];
  for (const call of drill.attacker) {
    clock.schedule(new Date(start + call.at), () => {
      const held = (a: SandboxAccount) =>
        a.findAccessKey(call.accessKeyId) ?? a.findSession(call.accessKeyId) ?? a.isRootKey(call.accessKeyId);
      const account = members.find(held) ?? sandbox;
      const verdict = simulateCall(account, call, clock.now());
      const effect = verdict.outcome === 'allowed' ? applyCall(account, call, clock.now()) : undefined;
      const event = account.recordCall(
        {
          ...call,
          requestParameters: effect?.requestParameters ?? call.parameters ?? {},
          ...(effect?.responseElements ? { responseElements: effect.responseElements } : {}),
        },
        effect?.errorCode ?? verdict.code,
        clock.now(),
      );
      // An authenticated call to assume a role of another of the drill's accounts: CloudTrail records it there too.
      const role = roleToAssume(account, { ...call, resource: impliedResource(account, call) ?? '' });
      const authenticated = verdict.code === 'Success' || verdict.code === 'AccessDenied';
      if (authenticated && role?.account && role.account !== account)
        shareCrossAccountCall(event, account.id, role.account);
      const { accessKeyId, action, expect } = call;
      const asExpected = verdict.outcome === expect;
      emit({
        kind: 'attacker',
        at: clock.now(),
        ...(call.by ? { by: call.by } : {}),
        accessKeyId,
        action,
        verdict,
        expected: expect,
        asExpected,
      });
      results.push({
        label: `${call.by ?? 'the attacker'}'s ${action} with ${accessKeyId} at ${formatOffset(call.at)} is ${expect}`,
        passed: asExpected,
        found: `${verdict.outcome}: ${verdict.reason}`,
      });
    });
  }
  return results;
}
