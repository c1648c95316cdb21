import { describe, expect, it } from 'vitest';
import { authorizeRequest } from '../../../src/domain/request-authorization.js';
import { oracleDecision } from '../../support/iam/oracle.js';
import { rekeyPolicyRequests } from '../../support/iam/rekey-policies.js';
import { generateAssumeRole, generateRequest, seeded } from '../../support/iam/request-generator.js';

const GENERATED = 2_500;

describe('Rekey’s IAM evaluator against iam-simulate (a maintained implementation of AWS’s policy logic)', () => {
  it(`decides ${GENERATED} generated requests as iam-simulate does`, async () => {
    const random = seeded(19);
    const disagreements: unknown[] = [];
    const effects = { allow: 0, 'implicit-deny': 0, 'explicit-deny': 0 };
    for (let i = 0; i < GENERATED; i++) {
      const generated = generateRequest(random);
      const { effect: theirs, ignoredContextKeys } = await oracleDecision(generated);
      const ignored = new Set(ignoredContextKeys.map((k) => k.toLowerCase()));
      const context = Object.fromEntries(
        Object.entries(generated.context).filter(([k]) => !ignored.has(k.toLowerCase())),
      );
      const input = { ...generated, context };
      const ours = authorizeRequest(input).effect;
      effects[theirs] += 1;
      if (ours !== theirs) disagreements.push({ i, ours, theirs, input });
    }
    expect(disagreements.slice(0, 3)).toEqual([]);
    // Every outcome is well represented, so agreement is not agreement on one answer.
    for (const count of Object.values(effects)) expect(count).toBeGreaterThan(GENERATED / 10);
  });
});

describe('sts:AssumeRole, the role’s trust policy as its resource policy, against iam-simulate', () => {
  const GENERATED_ASSUMES = 600;
  it(`decides ${GENERATED_ASSUMES} generated AssumeRole requests (same account and across) as iam-simulate does`, async () => {
    const random = seeded(23);
    const disagreements: unknown[] = [];
    const effects = { allow: 0, 'implicit-deny': 0, 'explicit-deny': 0 };
    for (let i = 0; i < GENERATED_ASSUMES; i++) {
      const generated = generateAssumeRole(random);
      const { effect: theirs, ignoredContextKeys } = await oracleDecision(generated);
      const ignored = new Set(ignoredContextKeys.map((k) => k.toLowerCase()));
      const context = Object.fromEntries(
        Object.entries(generated.context).filter(([k]) => !ignored.has(k.toLowerCase())),
      );
      const ours = authorizeRequest({ ...generated, context }).effect;
      effects[theirs] += 1;
      if (ours !== theirs) disagreements.push({ i, ours, theirs, input: generated });
    }
    expect(disagreements.slice(0, 3)).toEqual([]);
    for (const count of Object.values(effects)) expect(count).toBeGreaterThan(GENERATED_ASSUMES / 20);
  });
});

describe('every policy Rekey writes, and the AWS managed policies drills name, against iam-simulate', () => {
  it('decides each as iam-simulate does, in every context of the cases', async () => {
    const cases = rekeyPolicyRequests();
    const disagreements: unknown[] = [];
    const decided = new Map<string, Set<string>>();
    for (const { policy, input } of cases) {
      const theirs = await oracleDecision(input);
      const ignored = new Set(theirs.ignoredContextKeys.map((k) => k.toLowerCase()));
      const context = Object.fromEntries(
        Object.entries(input.context).filter(([k]) => !ignored.has(k.toLowerCase())),
      );
      const ours = authorizeRequest({ ...input, context }).effect;
      decided.set(policy, (decided.get(policy) ?? new Set()).add(theirs.effect));
      if (ours !== theirs.effect) disagreements.push({ policy, ours, theirs: theirs.effect, input });
    }
    expect(disagreements.slice(0, 3)).toEqual([]);
    expect(cases.length).toBeGreaterThan(2_000);
    // Each deny Rekey writes refuses some of the requests; the conditional ones also let others through.
    const allowing = ['AdministratorAccess', 'AmazonS3FullAccess', 'ReadOnlyAccess', 'PowerUserAccess'];
    const unconditional = ['quarantine', 'persistence-freeze'];
    for (const [policy, effects] of decided) {
      if (allowing.includes(policy)) expect([policy, effects.has('allow')]).toEqual([policy, true]);
      else expect([policy, effects.has('explicit-deny')]).toEqual([policy, true]);
      if (!allowing.includes(policy) && !unconditional.includes(policy))
        expect([policy, effects.has('allow')]).toEqual([policy, true]);
    }
  });
});
