import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePlaybook } from '../../../src/playbook/parse.js';
import { playbookForKind } from '../../../src/playbook/playbook-for-kind.js';
import { durationSeconds, playbookJsonSchema } from '../../../src/playbook/schema.js';
import { ROOT } from '../../support/drills.js';

const committed = readFileSync(join(ROOT, 'playbooks', 'exposed-access-key.yml'), 'utf8');
const withStep = (step: string) => `
name: test
title: Test
handles: [iam-user-access-key]
steps:
${step}`;

describe('playbooks', () => {
  it('read the committed exposed-access-key playbook, its steps checked against the catalogue', () => {
    const playbook = parsePlaybook(committed, 'exposed-access-key.yml');
    expect(playbook.steps.map((s) => s.action)).toEqual([
      'deactivate-access-key',
      'revoke-sessions',
      'find-persistence',
      'pivot',
      'revoke-sessions',
      'sweep-persistence',
      'verify-containment',
    ]);
    expect(playbook.steps[0]).toMatchObject({ approval: 'required', approvalTimeout: '30m' });
    expect(playbook.steps[4]?.forEach).toBe('{{ steps.trace-key.facts.roles | [] }}');
    expect(playbook.steps[5]).toMatchObject({
      forEach: '{{ steps.find-persistence.facts.artefacts }}',
      approval: 'required',
      onApprovalDenied: 'skip',
    });
    expect(durationSeconds(playbook.steps[6]?.after ?? '')).toBe(1800);
  });

  it.each([
    [
      'a parameter the action does not take',
      `  - { id: a, action: deactivate-access-key, parameters: { accountId: "1", userName: u, accessKeyId: k, colour: red } }`,
      /takes no parameter colour/,
    ],
    [
      'a missing parameter',
      `  - { id: a, action: deactivate-access-key, parameters: { accountId: "1", userName: u } }`,
      /needs the parameter accessKeyId/,
    ],
    [
      'a reference to a later step',
      `  - { id: a, action: verify-containment, parameters: { accountId: "1", accessKeyIds: [k], cutoff: "{{ steps.b.facts.t }}" } }
  - { id: b, action: revoke-sessions, parameters: { accountId: "1", principal: { kind: user, name: u } } }`,
      /steps\.b\.facts\.t names no earlier step/,
    ],
    [
      'an error the action never raises',
      `  - { id: a, action: revoke-sessions, parameters: { accountId: "1", principal: { kind: user, name: u } }, retry: [{ errors: [RotationError] }] }`,
      /never raises RotationError/,
    ],
    [
      'root containment without a responder',
      `  - { id: a, action: contain-root, parameters: { accountId: "1" } }`,
      /always needs a responder's approval/,
    ],
    [
      'a re-raise from anything but a verification',
      `  - { id: a, action: revoke-sessions, parameters: { accountId: "1", principal: { kind: user, name: u } }, onFailure: { NotContainableError: reraise } }`,
      /only a verification can re-raise/,
    ],
    [
      'an item reference outside forEach',
      `  - { id: a, action: revoke-sessions, parameters: { accountId: "1", principal: { kind: role, name: "{{ item.name }}" } } }`,
      /only meaningful in a step with forEach/,
    ],
    [
      'a malformed reference',
      `  - { id: a, action: revoke-sessions, parameters: { accountId: "{{ incident.accountId", principal: { kind: user, name: u } } }`,
      /is not a reference/,
    ],
    [
      'a reference to a step a denial may skip',
      `  - { id: a, action: revoke-sessions, approval: required, onApprovalDenied: skip, parameters: { accountId: "1", principal: { kind: user, name: u } } }
  - { id: b, action: verify-containment, parameters: { accountId: "1", accessKeyIds: [k], cutoff: "{{ steps.a.facts.tokenIssuedBefore }}" } }`,
      /names step a, which may be skipped/,
    ],
    [
      'a reference to a step whose failure continues',
      `  - { id: a, action: revoke-sessions, onFailure: continue, parameters: { accountId: "1", principal: { kind: user, name: u } } }
  - { id: b, action: verify-containment, parameters: { accountId: "1", accessKeyIds: [k], cutoff: "{{ steps.a.facts.tokenIssuedBefore }}" } }`,
      /names step a, which may be skipped/,
    ],
    [
      'a fallback that is not JSON',
      `  - { id: a, action: contain-session-source, onFailure: continue-then-escalate, parameters: { accountId: "1", roleName: r, sessionKeyId: k } }
  - { id: b, action: find-persistence, parameters: { accountId: "1", accessKeyIds: ["{{ steps.a.facts.via | none }}"] } }`,
      /the fallback none is not JSON/,
    ],
    [
      'a fallback for anything but one fact',
      `  - { id: a, action: contain-session-source, onFailure: continue-then-escalate, parameters: { accountId: "1", roleName: r, sessionKeyId: k } }
  - { id: b, action: find-persistence, parameters: { accountId: "1", accessKeyIds: ["{{ steps.a.summary | null }}"] } }`,
      /a fallback stands in for one fact, \{\{ steps\.a\.facts\.<name> \| … \}\}/,
    ],
    [
      'two fallbacks for one fact',
      `  - { id: a, action: contain-session-source, onFailure: continue-then-escalate, parameters: { accountId: "1", roleName: r, sessionKeyId: k } }
  - { id: b, action: find-persistence, parameters: { accountId: "1", accessKeyIds: ["{{ steps.a.facts.via | null }}", "{{ steps.a.facts.via | \\"AKIA\\" }}"] } }`,
      /steps\.a\.facts\.via: one fact, one fallback \(null and "AKIA" are given\)/,
    ],
    [
      'a reference to the result of a step run once per element',
      `  - { id: a, action: pivot, parameters: { accountId: "1", accessKeyId: AKIAIOSFODNN7EXAMPLE } }
  - { id: b, action: revoke-sessions, forEach: "{{ steps.a.facts.roles }}", parameters: { accountId: "1", principal: { kind: role, name: "{{ item.name }}" } } }
  - { id: c, action: verify-containment, parameters: { accountId: "1", accessKeyIds: [k], cutoff: "{{ steps.b.facts.tokenIssuedBefore }}" } }`,
      /names step b, which runs once per element/,
    ],
    [
      'a forEach over anything but what an earlier step found',
      `  - { id: a, action: revoke-sessions, forEach: "{{ incident.exposure.principal }}", parameters: { accountId: "1", principal: { kind: role, name: "{{ item.name }}" } } }`,
      /must be a list an earlier step found/,
    ],
    [
      'a skip on a fact no earlier step finds',
      `  - { id: a, action: revoke-sessions, skipIf: "{{ steps.first.facts.complete }}", parameters: { accountId: "1", principal: { kind: user, name: u } } }`,
      /skipIf: steps\.first\.facts\.complete names no earlier step/,
    ],
    [
      'a reference to a step that may be skipped on an earlier fact',
      `  - { id: a, action: revoke-sessions, parameters: { accountId: "1", principal: { kind: user, name: u } } }
  - { id: b, action: revoke-sessions, skipIf: "{{ steps.a.facts.done }}", parameters: { accountId: "1", principal: { kind: user, name: u } } }
  - { id: c, action: verify-containment, parameters: { accountId: "1", accessKeyIds: [k], cutoff: "{{ steps.b.facts.tokenIssuedBefore }}" } }`,
      /names step b, which may be skipped/,
    ],
    [
      'two ids that differ only by a dash before a digit (one set of state names)',
      `  - { id: key-1, action: revoke-sessions, approval: required, parameters: { accountId: "1", principal: { kind: user, name: u } } }
  - { id: key1, action: revoke-sessions, approval: required, parameters: { accountId: "1", principal: { kind: user, name: v } } }`,
      /key1 compiles to the same states as key-1 \(Key1\): rename one/,
    ],
    [
      'a step whose states would be an ending of every playbook',
      `  - { id: escalated, action: revoke-sessions, parameters: { accountId: "1", principal: { kind: user, name: u } } }`,
      /escalated compiles to the state NotifyEscalated, which every playbook ends in: rename the step/,
    ],
    ['an action outside the catalogue', `  - { id: a, action: delete-everything }`, /steps\.0\.action/],
  ])('refuse %s, naming the problem', (_what, steps, problem) => {
    expect(() => parsePlaybook(withStep(steps), 'test.yml')).toThrow(problem);
  });
});

describe('the playbook JSON Schema, for editors', () => {
  it('is committed as generated (rekey playbooks build)', () => {
    const file = JSON.parse(readFileSync(join(ROOT, 'playbooks', 'playbook.schema.json'), 'utf8'));
    expect(file).toEqual(playbookJsonSchema());
  });
});

describe('the playbook each kind of exposure starts', () => {
  const named = (name: string, handles: string[]) =>
    parsePlaybook(
      `name: ${name}\ntitle: T\nhandles: [${handles.join(', ')}]\nsteps:\n  - { id: a, action: revoke-sessions, parameters: { accountId: "1", principal: { kind: role, name: r } } }\n`,
      `${name}.yml`,
    );
  it("is derived from the playbooks' handles, and refuses a kind handled by none or by two", () => {
    const all = [
      named('a', ['iam-user-access-key', 'role-session', 'identity-center-session', 'instance-credentials']),
      named('b', ['secret', 'root', 'console-login']),
    ];
    expect(playbookForKind(all)).toMatchObject({ 'iam-user-access-key': 'a', secret: 'b' });
    expect(() => playbookForKind([...all, named('c', ['root'])])).toThrow(/root is handled by b and c/);
    expect(() => playbookForKind(all.slice(1))).toThrow(/iam-user-access-key is handled by no playbook/);
  });
});
