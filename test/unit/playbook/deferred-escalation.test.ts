import '../../../src/runtime/polyfills.js';
import { StateMachine } from 'aws-local-stepfunctions';
import { describe, expect, it } from 'vitest';
import { compilePlaybook } from '../../../src/playbook/compile.js';
import { parsePlaybook } from '../../../src/playbook/parse.js';

/** A trace, a containment that may fail, and steps that read its facts: the shape of compromised-role-session. */
const playbook = (onFailure: string, fallback = ' | null') =>
  parsePlaybook(
    `
name: test
title: Test
handles: [role-session]
checklist: [Deactivate the origin key by hand]
steps:
  - { id: revoke, action: revoke-sessions, parameters: { accountId: "{{ incident.accountId }}", principal: { kind: role, name: r } } }
  - id: contain-source
    action: contain-session-source
    approval: required
    autoApprove: [always: true]
    parameters: { accountId: "{{ incident.accountId }}", roleName: r, sessionKeyId: "{{ incident.exposure.accessKeyId }}" }
    onFailure: ${onFailure}
  - id: find
    action: find-persistence
    parameters:
      accountId: "{{ incident.accountId }}"
      accessKeyIds: ["{{ incident.exposure.accessKeyId }}"]
      origin:
        accountId: "{{ steps.contain-source.facts.sourceAccount${fallback} }}"
        accessKeyId: "{{ steps.contain-source.facts.via${fallback} }}"
`,
    'test.yml',
  );

const outcome = (step: string, facts: Record<string, unknown> = {}) => ({
  step,
  status: 'changed',
  summary: `${step} done`,
  facts,
});

/** An error as the Lambda service hands it to Step Functions: its name is the one a Catch matches. */
const named = (name: string, message: string) => Object.assign(new Error(message), { name });

/** What the journal holds of the failed step, as the action function recalls it: nothing, or facts it established. */
type Journal = Record<string, unknown> | undefined;

/**
 * Runs the compiled machine with its Lambda tasks answered locally; `failing` names the step whose action fails,
 * `journaled` the facts its failure journaled (the action function's recall answers with them).
 */
async function run(onFailure: string, failing?: string, journaled?: Journal | Error) {
  const asl = compilePlaybook(playbook(onFailure, onFailure === 'escalate' ? '' : ' | null'));
  const calls: Array<{ state: string; payload: Record<string, unknown> }> = [];
  const answer = (state: string) => async (input: { Payload: Record<string, unknown> }) => {
    calls.push({ state, payload: input.Payload });
    if (input.Payload.op === 'recall') {
      if (journaled instanceof Error) throw journaled;
      const results = input.Payload.results as Record<string, { facts: Record<string, unknown> }>;
      const source = results.contain_source as { facts: Record<string, unknown> };
      return {
        Payload: {
          results: { contain_source: { ...source, facts: { ...source.facts, ...journaled } } },
          outcomes: [],
          failed: 'contain-source',
        },
      };
    }
    const steps = (input.Payload.steps ?? []) as Array<{ step: string }>;
    if (steps.some((s) => s.step === failing))
      throw named('NotContainableError', 'the source is in account 888899990000, which Rekey cannot reach');
    return {
      Payload: {
        outcomes: steps.map((s) =>
          outcome(s.step, s.step === 'contain-source' ? { sourceAccount: '111122223333', via: 'AKIA' } : {}),
        ),
        review: 'r',
      },
    };
  };
  const handlers = Object.fromEntries(
    Object.entries(asl.States)
      .filter(([, s]) => s.Type === 'Task')
      .map(([name]) => [name, answer(name)]),
  );
  const machine = new StateMachine(asl as never, { validationOptions: { checkArn: true, checkPaths: true } });
  const execution = machine.run(
    {
      incident: { id: 'rk-1', accountId: '444455556666', drill: false, exposure: { accessKeyId: 'ASIA' } },
      results: {},
      closing: {},
    },
    {
      overrides: {
        taskResourceLocalHandlers: handlers as never,
        retryIntervalOverrides: Object.fromEntries(Object.keys(asl.States).map((name) => [name, 0])),
      },
    },
  );
  await execution.result;
  const entered: string[] = [];
  for await (const event of execution.eventLogs)
    if (event.type === 'StateEntered') entered.push((event as { state: { name: string } }).state.name);
  return { asl, calls, entered };
}

describe('a step that fails with continue-then-escalate', () => {
  it('goes on with the next steps, giving them the fallbacks, and tells the responders at once', async () => {
    const { calls, entered } = await run('continue-then-escalate', 'contain-source');
    expect(entered).toEqual([
      'RunRevoke',
      'NotifyRevoke',
      'GateContainSource',
      'RunContainSource',
      'FailedContainSource',
      'RecallContainSource',
      'EscalateContainSource',
      'DeferContainSource',
      'RunFind',
      'Contained',
      'Review',
    ]);
    const find = calls.find((c) => c.state === 'RunFind')?.payload.steps as Array<{ parameters: unknown }>;
    expect(find[0]?.parameters).toMatchObject({ origin: { accountId: null, accessKeyId: null } });
    expect(calls.find((c) => c.state === 'EscalateContainSource')?.payload).toMatchObject({
      kind: 'escalated',
      details: {
        Error: 'NotContainableError',
        Cause: expect.stringContaining('888899990000'),
        step: 'contain-source',
        goesOn: ['find'],
      },
      checklist: ['Deactivate the origin key by hand'],
    });
  });

  it('escalates at once, running nothing more, when the journal cannot say what ran before the failure', async () => {
    const spoilt = named('IncompleteEvidenceError', 'the journal holds no believable outcome of revoke');
    const { calls, entered } = await run('continue-then-escalate', 'contain-source', spoilt);
    expect(entered.slice(entered.indexOf('FailedContainSource'))).toEqual([
      'FailedContainSource',
      'RecallContainSource',
      'NotifyEscalated',
      'Escalated',
      'Review',
    ]);
    expect(calls.filter((c) => c.state === 'RecallContainSource')).toHaveLength(4);
    expect(calls.find((c) => c.state === 'NotifyEscalated')?.payload.details).toMatchObject({
      Error: 'IncompleteEvidenceError',
    });
  });

  it('closes the run with the escalation, naming the step and its reason, instead of contained alone', async () => {
    const { calls } = await run('continue-then-escalate', 'contain-source');
    expect(calls.find((c) => c.state === 'Review')?.payload.closing).toEqual({
      outcome: 'contained',
      escalations: {
        ContainSource: {
          step: 'contain-source',
          reason: 'NotContainableError: the source is in account 888899990000, which Rekey cannot reach',
          checklist: ['Deactivate the origin key by hand'],
        },
      },
    });
  });

  it('gives the next steps the facts the failed step established before failing, as its journal holds them', async () => {
    const { calls } = await run('continue-then-escalate', 'contain-source', {
      sourceAccount: '555566667777',
      via: 'AKIAORIGINKEY0000001',
    });
    expect(calls.find((c) => c.state === 'RecallContainSource')?.payload).toMatchObject({
      op: 'recall',
      incidentId: 'rk-1',
      keys: ['contain_source'],
      results: { contain_source: { step: 'contain-source', facts: { sourceAccount: null, via: null } } },
    });
    const find = calls.find((c) => c.state === 'RunFind')?.payload.steps as Array<{ parameters: unknown }>;
    expect(find[0]?.parameters).toMatchObject({
      origin: { accountId: '555566667777', accessKeyId: 'AKIAORIGINKEY0000001' },
    });
  });

  it('costs a run that does not fail no state more than escalating at once does, and reads the real facts', async () => {
    const deferred = await run('continue-then-escalate');
    const atOnce = await run('escalate');
    expect(deferred.entered).toEqual(atOnce.entered);
    expect(deferred.calls.find((c) => c.state === 'Review')?.payload.closing).toEqual({
      outcome: 'contained',
    });
    const find = deferred.calls.find((c) => c.state === 'RunFind')?.payload.steps as Array<{
      parameters: unknown;
    }>;
    expect(find[0]?.parameters).toMatchObject({ origin: { accountId: '111122223333', accessKeyId: 'AKIA' } });
  });

  it('is refused when a later step reads its facts without a fallback', () => {
    expect(() => playbook('continue-then-escalate', '')).toThrow(
      /steps\.contain-source\.facts\.sourceAccount names step contain-source, which has no facts when it fails and the run goes on \(continue-then-escalate\): give a fallback/,
    );
  });

  it('is the only failure handling whose facts take a fallback', () => {
    expect(() => playbook('escalate')).toThrow(
      /only a reference to a fact of a step that fails with continue-then-escalate has a fallback/,
    );
  });
});
