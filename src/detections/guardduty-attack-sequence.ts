import * as z from 'zod';
import { ACCESS_KEY_ID } from '../domain/access-key.js';
import type { Detection } from '../domain/detection.js';
import { readAttackSequence } from './attack-sequence-reader.js';
import { type EventEnvelope, type Normalised, shown } from './envelope.js';
import { normaliseGuardDutyFinding } from './guardduty-finding.js';
import { parsedBy } from './loose-reader.js';

/** The Extended Threat Detection finding about compromised credentials. */
export const ATTACK_SEQUENCE_IAM = 'AttackSequence:IAM/CompromisedCredentials';

const optional = z.string().optional();

/** An attack sequence finding (`service.detection.sequence`), as far as Rekey reads it. */
export const AttackSequenceSchema = z.looseObject({
  id: z.string().min(1),
  title: z.string().default(''),
  service: z.looseObject({
    detection: z.looseObject({
      sequence: z.looseObject({
        uid: optional,
        /** The threat actors: the credentials each used are in `user` (GuardDuty's User: name, uid, type, credentialUid). */
        actors: z
          .array(
            z.looseObject({
              id: optional,
              user: z
                .looseObject({ name: optional, uid: optional, type: optional, credentialUid: optional })
                .optional(),
            }),
          )
          .default([]),
        resources: z
          .array(
            z.looseObject({
              uid: optional,
              resourceType: optional,
              data: z
                .looseObject({
                  accessKey: z
                    .looseObject({ principalId: optional, userName: optional, userType: optional })
                    .optional(),
                })
                .optional(),
            }),
          )
          .default([]),
        signals: z.array(z.looseObject({ name: optional, type: optional })).default([]),
      }),
    }),
  }),
});

type AttackSequence = z.infer<typeof AttackSequenceSchema>;

/** A credential the sequence names, in GuardDuty's accessKeyDetails terms. */
interface Credential {
  accessKeyId?: string;
  principalId?: string;
  userName?: string;
  userType?: string;
}

/**
 * The credentials a sequence names: each actor's user (the key it signed with, `credentialUid`) and each access key
 * among its resources (an `ACCESS_KEY` resource's uid is taken as a key only when it is one). One per key, or per
 * principal when no key is shown; what an actor says wins over what a resource says.
 */
function credentialsOf(sequence: AttackSequence['service']['detection']['sequence']): Credential[] {
  const fromActors = sequence.actors.flatMap(({ user }) =>
    user
      ? [{ accessKeyId: user.credentialUid, principalId: user.uid, userName: user.name, userType: user.type }]
      : [],
  );
  const fromResources = sequence.resources
    .filter((r) => r.resourceType === 'ACCESS_KEY')
    .map(({ uid, data }) => ({
      accessKeyId: uid && ACCESS_KEY_ID.test(uid) ? uid : undefined,
      principalId: data?.accessKey?.principalId,
      userName: data?.accessKey?.userName,
      userType: data?.accessKey?.userType,
    }));
  const byKey = new Map<string, Credential>();
  for (const credential of [...fromActors, ...fromResources]) {
    const key =
      shown(credential.accessKeyId) ?? `${credential.userType}/${shown(credential.userName) ?? '?'}`;
    const known = byKey.get(key);
    byKey.set(key, {
      accessKeyId: known?.accessKeyId ?? credential.accessKeyId,
      principalId: known?.principalId ?? credential.principalId,
      userName: known?.userName ?? credential.userName,
      userType: known?.userType ?? credential.userType,
    });
  }
  return [...byKey.values()];
}

/**
 * `AttackSequence:IAM/CompromisedCredentials`: one detection per credential the sequence names, each of the kind its
 * own evidence decides (the same rules as any GuardDuty finding: user type, key prefix, an instance id as session
 * name), in the finding's account. The signals (GuardDuty findings and API calls) are named in the summary.
 */
export function normaliseAttackSequence(envelope: EventEnvelope): Normalised {
  const finding = parsedBy(readAttackSequence, AttackSequenceSchema, envelope.detail);
  const { sequence } = finding.service.detection;
  const credentials = credentialsOf(sequence);
  if (credentials.length === 0)
    return {
      detections: [],
      ignored: [
        {
          subject: finding.id,
          reason: 'the attack sequence names no credential (no actor user, no access key)',
        },
      ],
    };
  const signals = sequence.signals.flatMap((s) => (s.name ? [s.name] : []));
  const summary = `${finding.title || ATTACK_SEQUENCE_IAM}${signals.length ? ` Signals: ${signals.join(', ')}` : ''}`;
  const results = credentials.map((accessKeyDetails) =>
    normaliseGuardDutyFinding(envelope, {
      ...(envelope.detail as Record<string, unknown>),
      resource: { resourceType: 'AccessKey', accessKeyDetails },
    }),
  );
  return {
    ignored: results.flatMap((r) => r.ignored),
    detections: results.flatMap((r) =>
      r.detections.map((d): Detection => ({ ...d, evidence: { ...d.evidence, summary } })),
    ),
  };
}
