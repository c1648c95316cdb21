import '../../../src/runtime/polyfills.js';
import { StateMachine } from 'aws-local-stepfunctions';
import { describe, expect, it } from 'vitest';
import { compilePlaybook } from '../../../src/playbook/compile.js';
import { parsePlaybook } from '../../../src/playbook/parse.js';

/**
 * The shape of compromised-role-session: a revoke and a trace in one invocation (the trace going on when CloudTrail
 * is incomplete), the roles it found revoked, then a containment that may fail too, and a step reading its facts.
 */
const source = (traceFailure: string, extraStep = '') => `
name: test
title: Test
handles: [role-session]
steps:
  - { id: revoke, action: revoke-sessions, parameters: { accountId: "{{ incident.accountId }}", principal: { kind: role, name: r } } }
  - id: trace
    action: pivot
    parameters: { accountId: "{{ incident.accountId }}", accessKeyId: "{{ incident.exposure.accessKeyId }}" }
    onFailure: ${traceFailure}
${extraStep}  - id: revoke-found
    action: revoke-sessions
    forEach: "{{ steps.trace.facts.roles | [] }}"
    parameters: { accountId: "{{ item.accountId }}", principal: { kind: role, name: "{{ item.name }}" } }
  - id: contain-source
    action: contain-session-source
    parameters: { accountId: "{{ incident.accountId }}", roleName: r, sessionKeyId: "{{ incident.exposure.accessKeyId }}" }
    onFailure: continue-then-escalate
  - id: find
    action: find-persistence
    parameters:
      accountId: "{{ incident.accountId }}"
      accessKeyIds: ["{{ incident.exposure.accessKeyId }}"]
      origin:
        accountId: "{{ steps.contain-source.facts.sourceAccount | null }}"
        accessKeyId: "{{ steps.contain-source.facts.via | null }}"
`;
const goesOn = '{ IncompleteEvidenceError: continue-then-escalate, default: escalate }';

const named = (name: string, message: string) => Object.assign(new Error(message), { name });
const found = {
  kind: 'role',
  name: 'jump',
  arn: 'arn:aws:iam::111122223333:role/jump',
  accountId: '111122223333',
};
const revoked = {
  step: 'revoke',
  action: 'revoke-sessions',
  status: 'changed',
  summary: "r's sessions issued before now denied",
  undo: { operation: 'iam:DeleteRolePolicy', parameters: {} },
  facts: { tokenIssuedBefore: '2026-11-28T10:00:00Z' },
};

/**
 * Runs the machine; the trace and the containment fail, and the action function recalls what its journal holds;
 * `findFails`: the persistence search then fails too, escalating the run itself.
 */
async function run(findFails = false) {
  const asl = compilePlaybook(parsePlaybook(source(goesOn), 'test.yml'));
  const calls: Array<{ state: string; payload: Record<string, unknown> }> = [];
  const answer = (state: string) => async (input: { Payload: Record<string, unknown> }) => {
    calls.push({ state, payload: input.Payload });
    const results = input.Payload.results as Record<string, { facts: Record<string, unknown> }> | undefined;
    if (input.Payload.op === 'recall' && results?.trace)
      return {
        Payload: {
          results: { revoke: revoked, trace: { ...results.trace, facts: { roles: [found] } } },
          outcomes: [revoked],
          failed: 'trace',
        },
      };
    if (input.Payload.op === 'recall')
      return { Payload: { results, outcomes: [], failed: 'contain-source' } };
    const steps = (input.Payload.steps ?? []) as Array<{ step: string }>;
    if (steps.some((s) => s.step === 'trace'))
      throw named('IncompleteEvidenceError', 'people must trace: account 999999999999 could not be read');
    if (findFails && steps.some((s) => s.step === 'find'))
      throw named('AccessDeniedError', 'CloudTrail refused LookupEvents');
    if (steps.some((s) => s.step === 'contain-source'))
      throw named('NotContainableError', 'the source is in account 888899990000, which Rekey cannot reach');
    return {
      Payload: {
        outcomes: steps.map((s) => ({ step: s.step, status: 'changed', summary: 'ok' })),
        review: 'r',
      },
    };
  };
  // Every Task, those inside a Map included.
  const inner = Object.values(asl.States).flatMap((s) =>
    Object.entries((s.ItemProcessor as { States?: Record<string, { Type: string }> })?.States ?? {}),
  );
  const handlers = Object.fromEntries(
    [...Object.entries(asl.States), ...inner]
      .filter(([, s]) => s.Type === 'Task')
      .map(([name]) => [name, answer(name)]),
  );
  const machine = new StateMachine(asl as never, { validationOptions: { checkArn: true, checkPaths: true } });
  const execution = machine.run(
    { incident: { id: 'rk-1', accountId: '444455556666', drill: false, exposure: { accessKeyId: 'ASIA' } } },
    { overrides: { taskResourceLocalHandlers: handlers as never } },
  );
  await execution.result;
  return calls;
}

describe('two steps that fail and go on (continue-then-escalate) in one run', () => {
  it('keep both reasons for the review, each under its own step', async () => {
    const calls = await run();
    expect(calls.find((c) => c.state === 'Review')?.payload.closing).toEqual({
      outcome: 'contained',
      escalations: {
        Revoke: {
          step: 'trace',
          reason: 'IncompleteEvidenceError: people must trace: account 999999999999 could not be read',
        },
        ContainSource: {
          step: 'contain-source',
          reason: 'NotContainableError: the source is in account 888899990000, which Rekey cannot reach',
        },
      },
    });
  });

  it('keep both beside the ending when a later step escalates the run itself', async () => {
    const calls = await run(true);
    const closing = calls.find((c) => c.state === 'Review')?.payload.closing as Record<string, unknown>;
    expect(Object.keys(closing.escalations as object)).toEqual(['Revoke', 'ContainSource']);
    expect(closing.ending).toEqual({
      outcome: 'escalated',
      reason: 'AccessDeniedError: CloudTrail refused LookupEvents',
    });
  });

  it('revoke the roles an incomplete trace did find, and tell the responders what ran before it failed', async () => {
    const calls = await run();
    const each = calls.filter((c) => c.state === 'RunRevokeFoundItem');
    expect(each.map((c) => (c.payload.steps as Array<{ parameters: unknown }>)[0]?.parameters)).toEqual([
      { accountId: '111122223333', principal: { kind: 'role', name: 'jump' } },
    ]);
    expect(calls.find((c) => c.state === 'EscalateRevoke')?.payload.details).toMatchObject({
      Error: 'IncompleteEvidenceError',
      step: 'trace',
      done: [revoked],
    });
  });
});

describe('an invocation whose steps fail in different ways', () => {
  it('is compiled when only the step that raises an error handles it its own way', () => {
    const asl = compilePlaybook(parsePlaybook(source(goesOn), 'test.yml'));
    expect(asl.States.RunRevoke?.Catch).toEqual([
      { ErrorEquals: ['IncompleteEvidenceError'], ResultPath: '$.error', Next: 'FailedRevoke' },
      { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'NotifyEscalated' },
    ]);
  });

  it('is refused when a step that goes on is followed by another in its invocation (it would not run)', () => {
    const after = `  - { id: look, action: find-persistence, parameters: { accountId: "{{ incident.accountId }}", accessKeyIds: [a] } }\n`;
    expect(() => compilePlaybook(parsePlaybook(source(goesOn, after), 'test.yml'))).toThrow(
      /step trace goes on after failing \(continue-then-escalate\), so it must be the last of the steps run in one invocation/,
    );
  });

  it('is refused when another step of the invocation raises the error that goes on', () => {
    const verify = `  - { id: check, action: verify-containment, parameters: { accountId: "{{ incident.accountId }}", accessKeyIds: [a], cutoff: "2026-11-28T10:00:00Z" } }\n`;
    const text = source(goesOn).replace('  - id: trace\n', `${verify}  - id: trace\n`);
    expect(() => compilePlaybook(parsePlaybook(text, 'test.yml'))).toThrow(
      /check raises IncompleteEvidenceError too, so it must handle it as the others do/,
    );
  });
});
