import { describe, expect, it } from 'vitest';
import { compilePlaybook } from '../../../src/playbook/compile.js';
import { parsePlaybook } from '../../../src/playbook/parse.js';

const playbook = (steps: string) =>
  parsePlaybook(
    `
name: test
title: Test
handles: [iam-user-access-key]
steps:
${steps}`,
    'test.yml',
  );
const revoke = (id: string, extra = '') =>
  `  - { id: ${id}, action: revoke-sessions, parameters: { accountId: "{{ incident.accountId }}", principal: { kind: user, name: "{{ incident.exposure.principal.name }}" } }${extra} }`;

/** The first choice of every gate: evidence asserted by a caller other than AWS or the subject waits for a person. */
const ASSERTED = { Variable: '$.incident.exposure.evidence.assertedBy', IsPresent: true, Next: 'ApproveA' };

describe('the playbook compiler', () => {
  it('runs consecutive steps without a gate of their own in one action invocation: two hops when auto-approved', () => {
    const asl = compilePlaybook(
      playbook(
        `${revoke('a', ', approval: required, autoApprove: [{ severityAtLeast: 7 }]')}\n${revoke('b')}`,
      ),
    );
    const run = asl.States.RunA as { Parameters: { Payload: { steps: Array<{ step: string }> } } };
    expect(run.Parameters.Payload.steps.map((s) => s.step)).toEqual(['a', 'b']);
    expect(asl.States.RunB).toBeUndefined();
    expect(asl.States.GateA).toMatchObject({
      Choices: [
        ASSERTED,
        { Variable: '$.incident.exposure.evidence.severity', NumericGreaterThanEquals: 7, Next: 'RunA' },
      ],
      Default: 'ApproveA',
    });
  });

  it('compiles references to JSONPath, lists of them to States.Array, and earlier results by step name', () => {
    const asl = compilePlaybook(
      playbook(`${revoke('revoke-user')}
  - id: verify
    action: verify-containment
    after: 30m
    parameters:
      accountId: "{{ incident.accountId }}"
      accessKeyIds: ["{{ incident.exposure.accessKeyId }}", "AKIAI44QH8DHBEXAMPLE"]
      cutoff: "{{ steps.revoke-user.facts.tokenIssuedBefore }}"`),
    );
    const verify = asl.States.RunVerify as {
      Parameters: { Payload: { steps: Array<{ parameters: unknown }> } };
    };
    expect(verify.Parameters.Payload.steps[0]?.parameters).toEqual({
      'accountId.$': '$.incident.accountId',
      'accessKeyIds.$': "States.Array($.incident.exposure.accessKeyId, 'AKIAI44QH8DHBEXAMPLE')",
      'cutoff.$': '$.results.RevokeUser.revoke_user.facts.tokenIssuedBefore',
    });
    expect(asl.States.WaitVerify).toEqual({ Type: 'Wait', Seconds: 1800, Next: 'RunVerify' });
  });

  it('catches by name: retries first, a per-error handling, then the default; only reachable states remain', () => {
    const asl = compilePlaybook(
      playbook(
        revoke(
          'a',
          ', retry: [{ errors: [ThrottlingError], attempts: 6 }], onFailure: { NotContainableError: abort, default: continue }',
        ),
      ),
    );
    expect(asl.States.RunA).toMatchObject({
      Retry: [
        { ErrorEquals: ['ThrottlingError'], MaxAttempts: 6 },
        { ErrorEquals: expect.arrayContaining(['Lambda.ServiceException']) },
        // A timed-out action is tried once more: its steps are journaled.
        { ErrorEquals: ['Lambda.Unknown'], MaxAttempts: 1 },
      ],
      Catch: [
        { ErrorEquals: ['NotContainableError'], Next: 'Aborted' },
        { ErrorEquals: ['States.ALL'], Next: 'Contained' },
      ],
    });
    expect(Object.keys(asl.States)).not.toContain('Breached');
    expect(Object.keys(asl.States)).not.toContain('NotifyDismissed');
  });

  it('auto-approves always, except evidence from the sources named never to be, or asserted by a caller', () => {
    const gated = compilePlaybook(
      playbook(
        revoke(
          'a',
          ', approval: required, autoApprove: [{ always: true }], neverAutoApprove: [rekey.scanner]',
        ),
      ),
    );
    expect(gated.StartAt).toBe('GateA');
    expect(gated.States.GateA).toEqual({
      Type: 'Choice',
      Choices: [
        ASSERTED,
        { Variable: '$.incident.exposure.evidence.source', StringEquals: 'rekey.scanner', Next: 'ApproveA' },
      ],
      Default: 'RunA',
    });
    // Even "always": evidence that rests on a caller's own claim (not AWS, not the subject) waits for a person.
    const open = compilePlaybook(
      playbook(revoke('a', ', approval: required, autoApprove: [{ always: true }]')),
    );
    expect(open.StartAt).toBe('GateA');
    expect(open.States.GateA).toEqual({ Type: 'Choice', Choices: [ASSERTED], Default: 'RunA' });
  });

  it('dismisses the incident on a denial, or skips only the step when it says so', () => {
    const asl = compilePlaybook(
      playbook(`${revoke('a')}
${revoke('b', ', approval: required, onApprovalDenied: skip')}`),
    );
    expect(asl.States.ApproveB).toMatchObject({
      Catch: expect.arrayContaining([
        { ErrorEquals: ['ApprovalDeniedError'], ResultPath: '$.error', Next: 'Contained' },
      ]),
    });
    const first = compilePlaybook(playbook(revoke('a', ', approval: required')));
    expect(first.States.ApproveA).toMatchObject({
      Catch: expect.arrayContaining([
        { ErrorEquals: ['ApprovalDeniedError'], ResultPath: '$.error', Next: 'NotifyDismissed' },
      ]),
    });
  });

  it('re-raises a first breach through triage, and sends a re-raised incident that breaches again to people', () => {
    const asl = compilePlaybook(
      playbook(`${revoke('revoke-user')}
  - id: verify
    action: verify-containment
    after: 30m
    parameters: { accountId: "1", accessKeyIds: [AKIAIOSFODNN7EXAMPLE], cutoff: "{{ steps.revoke-user.facts.tokenIssuedBefore }}" }
    onFailure: { ContainmentBreachedError: reraise, default: escalate }`),
    );
    expect(asl.States.RunVerify).toMatchObject({
      Catch: [{ ErrorEquals: ['ContainmentBreachedError'], Next: 'Breached' }, { Next: 'NotifyEscalated' }],
    });
    expect(asl.States.Breached).toMatchObject({
      Choices: [{ Variable: '$.incident.id', StringMatches: '*-r*', Next: 'NotifyEscalated' }],
      Default: 'NotifyBreached',
    });
    expect(asl.States.Reraise).toMatchObject({
      Parameters: { FunctionName: { 'Fn::GetAtt': ['TriageLambdaFunction', 'Arn'] } },
    });
  });

  it('asks two different responders for a two-person step', () => {
    const asl = compilePlaybook(playbook(revoke('a', ', approval: two-person')));
    expect(asl.States.ApproveA).toMatchObject({
      Parameters: { Payload: { op: 'request', step: 'a', approversNeeded: 2 } },
    });
  });

  it('runs a forEach step once per element, one at a time, each its own step in the journal', () => {
    const asl = compilePlaybook(
      playbook(`  - { id: trace, action: pivot, parameters: { accountId: "{{ incident.accountId }}", accessKeyId: "{{ incident.exposure.accessKeyId }}" } }
  - id: roles
    action: revoke-sessions
    forEach: "{{ steps.trace.facts.roles }}"
    parameters: { accountId: "{{ item.accountId }}", principal: { kind: role, name: "{{ item.name }}" } }`),
    );
    expect(asl.States.RunRoles).toMatchObject({
      Type: 'Map',
      ItemsPath: '$.results.Trace.trace.facts.roles',
      MaxConcurrency: 1,
      ResultPath: '$.results.Roles.outcomes',
      Next: 'AnyRoles',
      ItemProcessor: {
        States: {
          RunRolesItem: {
            Parameters: {
              Payload: {
                steps: [
                  {
                    'step.$': "States.Format('roles[{}]', $.index)",
                    parameters: {
                      'accountId.$': '$.item.accountId',
                      principal: { kind: 'role', 'name.$': '$.item.name' },
                    },
                  },
                ],
              },
            },
          },
        },
      },
    });
    expect(asl.States.AnyRoles).toMatchObject({ Type: 'Choice', Default: 'Contained' });
  });

  it('runs the step after a forEach step (a Map runs only its own step)', () => {
    const asl = compilePlaybook(
      playbook(`  - { id: trace, action: pivot, parameters: { accountId: "{{ incident.accountId }}", accessKeyId: "{{ incident.exposure.accessKeyId }}" } }
  - id: roles
    action: revoke-sessions
    forEach: "{{ steps.trace.facts.roles }}"
    parameters: { accountId: "{{ item.accountId }}", principal: { kind: role, name: "{{ item.name }}" } }
  - { id: user, action: revoke-sessions, parameters: { accountId: "{{ incident.accountId }}", principal: { kind: user, name: "{{ incident.exposure.principal.name }}" } } }`),
    );
    expect(asl.States.AnyRoles).toMatchObject({ Default: 'RunUser' });
    expect(asl.States.RunUser).toMatchObject({
      Type: 'Task',
      Parameters: { Payload: { steps: [{ step: 'user', action: 'revoke-sessions' }] } },
    });
  });

  it('goes on with the next element when one fails, for a forEach step that continues on failure', () => {
    const steps = (
      onFailure: string,
    ) => `  - { id: trace, action: pivot, parameters: { accountId: "{{ incident.accountId }}", accessKeyId: "{{ incident.exposure.accessKeyId }}" } }
  - id: roles
    action: revoke-sessions
    forEach: "{{ steps.trace.facts.roles }}"
    parameters: { accountId: "{{ item.accountId }}", principal: { kind: role, name: "{{ item.name }}" } }
    onFailure: ${onFailure}`;
    const asl = compilePlaybook(playbook(steps('continue')));
    const states = (asl.States.RunRoles as { ItemProcessor: { States: Record<string, unknown> } })
      .ItemProcessor.States;
    // The element's failure (after its retries) is caught inside the Map and recorded in its place in the list.
    expect(states.RunRolesItem).toMatchObject({
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'RunRolesItemFailed' }],
      End: true,
    });
    expect(states.RunRolesItemFailed).toEqual({
      Type: 'Pass',
      Parameters: {
        'step.$': "States.Format('roles[{}]', $.index)",
        action: 'revoke-sessions',
        status: 'failed',
        'error.$': '$.error',
      },
      End: true,
    });
    // Escalating still stops at the first element that fails.
    const stops = compilePlaybook(playbook(steps('escalate')));
    const item = (stops.States.RunRoles as { ItemProcessor: { States: Record<string, { Catch?: unknown }> } })
      .ItemProcessor.States;
    expect(item.RunRolesItem?.Catch).toBeUndefined();
    expect(stops.States.RunRoles).toMatchObject({
      Catch: [{ ErrorEquals: ['States.ALL'], Next: 'NotifyEscalated' }],
    });
  });
});
