import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compilePlaybook } from '../../../src/playbook/compile.js';
import { endings } from '../../../src/playbook/endings.js';
import { parsePlaybook } from '../../../src/playbook/parse.js';
import { GROUP_STATE_PREFIXES, groupNameOf } from '../../../src/playbook/state-names.js';

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

  it('skips a step an earlier one left nothing to do for, and shows the responder that step when it asks', () => {
    const restrict = (id: string, scope: string, extra = '') =>
      `  - { id: ${id}, action: restrict-instance-credentials, approval: required${extra}, parameters: { accountId: "1", region: r, roleName: web, scope: ${scope} } }`;
    const asl = compilePlaybook(
      playbook(`${restrict('proven', 'proven', ', autoApprove: [{ always: true }]')}
${restrict('full', 'full', ', skipIf: "{{ steps.proven.facts.complete }}", onApprovalDenied: skip')}
${revoke('revoke', ', approval: required')}`),
    );
    const fact = '$.results.Proven.proven.facts.complete';
    expect(asl.States.NotifyProven).toMatchObject({ Next: 'SkipFull' });
    expect(asl.States.SkipFull).toMatchObject({
      Type: 'Choice',
      Choices: [
        {
          And: [
            { Variable: fact, IsPresent: true },
            { Variable: fact, BooleanEquals: true },
          ],
          Next: 'ApproveRevoke',
        },
      ],
      Default: 'ApproveFull',
    });
    expect(asl.States.ApproveFull).toMatchObject({
      Parameters: { Payload: { 'found.$': '$.results.Proven.proven.summary' } },
    });
  });

  it("asks a responder to approve the step's own title when it has one, else the action's", () => {
    const asl = compilePlaybook(
      playbook(`${revoke('a', ', approval: required')}
${revoke('b', ', approval: required, onApprovalDenied: skip, title: "Revoke the sessions again, after the sweep"')}`),
    );
    const payload = (state: string) =>
      (asl.States[state] as { Parameters: { Payload: { summary: string } } }).Parameters.Payload.summary;
    expect(payload('ApproveA')).toBe('Revoke live sessions');
    expect(payload('ApproveB')).toBe('Revoke the sessions again, after the sweep');
  });

  it('shows a responder what approving lets run without asking again: the changes up to the next approval', () => {
    const asl = compilePlaybook(
      playbook(`${revoke('a', ', approval: required')}
${revoke('b', ', after: 1m, title: "Revoke the next one"')}
${revoke('c', ', approval: required')}
${revoke('d', ', after: 1m')}`),
    );
    const payload = (state: string) =>
      (asl.States[state] as { Parameters: { Payload: { alsoRuns?: string[] } } }).Parameters.Payload;
    expect(payload('ApproveA').alsoRuns).toEqual([expect.stringMatching(/^Revoke the next one: /)]);
    expect(payload('ApproveC').alsoRuns).toEqual([expect.stringMatching(/^Revoke live sessions: /)]);
    // A step's notice says what may still change after it; the last says nothing more.
    const notice = (state: string) =>
      (asl.States[state] as { Parameters: { Payload: { more?: string[] } } }).Parameters.Payload.more;
    expect(notice('NotifyA')).toEqual(['Revoke the next one', 'Revoke live sessions']);
    expect(notice('NotifyD')).toBeUndefined();
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
      Next: 'NotifyRoles',
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
    // An empty list goes straight on: nothing runs and nobody is told; a list that ran always has news.
    expect(asl.States.RunTrace).toMatchObject({ Next: 'HasRoles' });
    expect(asl.States.HasRoles).toEqual(
      expect.objectContaining({
        Type: 'Choice',
        Choices: [{ Variable: '$.results.Trace.trace.facts.roles[0]', IsPresent: true, Next: 'RunRoles' }],
        Default: 'Contained',
      }),
    );
    expect(asl.States.AnyRoles).toBeUndefined();
  });

  const trace = `  - { id: trace, action: pivot, parameters: { accountId: "{{ incident.accountId }}", accessKeyId: "{{ incident.exposure.accessKeyId }}" } }`;

  it('asks nobody to approve a forEach step over an empty list, and shows the elements when there are some', () => {
    const asl = compilePlaybook(
      playbook(`${trace}
  - id: roles
    action: revoke-sessions
    forEach: "{{ steps.trace.facts.roles }}"
    approval: required
    onApprovalDenied: skip
    parameters: { accountId: "{{ item.accountId }}", principal: { kind: role, name: "{{ item.name }}" } }`),
    );
    expect(asl.States.RunTrace).toMatchObject({ Next: 'HasRoles' });
    expect(asl.States.HasRoles).toEqual({
      Comment: expect.any(String),
      Type: 'Choice',
      Choices: [{ Variable: '$.results.Trace.trace.facts.roles[0]', IsPresent: true, Next: 'ApproveRoles' }],
      Default: 'Contained',
    });
    // The responder is shown each element the step will change.
    expect(asl.States.ApproveRoles).toMatchObject({
      Parameters: { Payload: { 'items.$': '$.results.Trace.trace.facts.roles' } },
    });
  });

  it('starts a new invocation for a step after a forEach step, and for one that uses what its invocation found', () => {
    const asl = compilePlaybook(
      playbook(`${trace}
  - id: roles
    action: revoke-sessions
    forEach: "{{ steps.trace.facts.roles }}"
    parameters: { accountId: "{{ item.accountId }}", principal: { kind: role, name: "{{ item.name }}" } }
${revoke('after-roles')}
  - { id: find, action: find-persistence, parameters: { accountId: "{{ incident.accountId }}", accessKeyIds: ["{{ steps.trace.facts.keys[0] }}"] } }
  - { id: find-again, action: find-persistence, parameters: { accountId: "{{ incident.accountId }}", accessKeyIds: ["{{ steps.find.facts.keys[0] }}"] } }`),
    );
    const steps = (state: string) =>
      (
        asl.States[state] as { Parameters: { Payload: { steps: Array<{ step: string }> } } }
      ).Parameters.Payload.steps.map((s) => s.step);
    expect(steps('RunAfterRoles')).toEqual(['after-roles', 'find']);
    expect(steps('RunFindAgain')).toEqual(['find-again']);
  });

  it("gives every step the playbook's default retries unless the step names its own", () => {
    const parsed = parsePlaybook(
      `
name: test
title: Test
handles: [iam-user-access-key]
defaults:
  retry:
    - { errors: [ThrottlingError], attempts: 6 }
steps:
${revoke('a')}
${revoke('b', ', retry: [{ errors: [AccessDeniedError], attempts: 2 }]')}`,
      'test.yml',
    );
    expect(parsed.steps.map((s) => s.retry.map((r) => `${r.errors.join()} x${r.attempts}`))).toEqual([
      ['ThrottlingError x6'],
      ['AccessDeniedError x2'],
    ]);
    const run = compilePlaybook(parsed).States.RunA as { Retry: Array<Record<string, unknown>> };
    expect(run.Retry).toContainEqual(
      expect.objectContaining({ ErrorEquals: ['ThrottlingError'], MaxAttempts: 6 }),
    );
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

  it.each(readdirSync('playbooks').filter((f) => f.endsWith('.yml')))(
    'names every state of %s after a step and one of the prefixes validation knows, or an ending',
    (file) => {
      const parsed = parsePlaybook(readFileSync(join('playbooks', file), 'utf8'), file);
      const named = new Set([
        ...Object.keys(endings(true, [])),
        ...parsed.steps.flatMap((s) => GROUP_STATE_PREFIXES.map((p) => `${p}${groupNameOf(s.id)}`)),
      ]);
      expect(Object.keys(compilePlaybook(parsed).States).filter((state) => !named.has(state))).toEqual([]);
    },
  );
});
