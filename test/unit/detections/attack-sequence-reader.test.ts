import { describe, expect, it } from 'vitest';
import { readAttackSequence } from '../../../src/detections/attack-sequence-reader.js';
import {
  ATTACK_SEQUENCE_IAM,
  AttackSequenceSchema,
} from '../../../src/detections/guardduty-attack-sequence.js';
import { expectSameAsZod, fixtureEvents, mutationsAgree } from '../../support/zod-agreement.js';

const SEQUENCE = 'service.detection.sequence';
const PATHS = [
  '',
  'id',
  'title',
  'service',
  'service.extra',
  'service.detection',
  'service.detection.extra',
  SEQUENCE,
  ...[
    'uid',
    'actors',
    'actors.*',
    'actors.*.id',
    'actors.*.user',
    'actors.*.user.name',
    'actors.*.user.uid',
    'actors.*.user.type',
    'actors.*.user.credentialUid',
    'actors.*.user.extra',
    'actors.*.extra',
    'resources',
    'resources.*',
    'resources.*.uid',
    'resources.*.resourceType',
    'resources.*.data',
    'resources.*.data.accessKey',
    'resources.*.data.accessKey.principalId',
    'resources.*.data.accessKey.userName',
    'resources.*.data.accessKey.userType',
    'resources.*.data.accessKey.extra',
    'resources.*.data.extra',
    'resources.*.extra',
    'signals',
    'signals.*',
    'signals.*.name',
    'signals.*.type',
    'signals.*.extra',
    'extra',
    '__proto__',
  ].map((path) => `${SEQUENCE}.${path}`),
  'extra',
  '__proto__',
];

describe('reading a GuardDuty attack sequence by hand', () => {
  const sequences = fixtureEvents()
    .filter(
      (e) => e.source === 'aws.guardduty' && (e.detail as { type?: unknown }).type === ATTACK_SEQUENCE_IAM,
    )
    .map((e) => e.detail);

  it('accepts every fixture sequence as zod does, with the same value', () => {
    expect(sequences.length).toBeGreaterThan(0);
    for (const s of sequences)
      expect(expectSameAsZod(readAttackSequence, AttackSequenceSchema, s)).toBe(true);
  });

  it('agrees with zod on 4,000 mutated sequences, accepted and refused alike', () => {
    const { accepted, refused } = mutationsAgree(readAttackSequence, AttackSequenceSchema, sequences, PATHS, {
      rounds: 4000,
      pool: [{ name: 'x', type: 'IAMUser', credentialUid: 'AKIAIOSFODNN7EXAMPLE' }],
    });
    expect(accepted).toBeGreaterThan(800);
    expect(refused).toBeGreaterThan(800);
  });
});
