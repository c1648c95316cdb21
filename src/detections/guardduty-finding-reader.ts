import { isJsonMade } from '../domain/json-made.js';
import { boolean, looseObject, matching, number, REFUSED, string } from './loose-reader.js';

const optional = 'optional' as const;

/** GuardDutyFindingSchema, field for field (guardduty-finding.ts). */
const read = looseObject([
  ['accountId', matching(/^\d{12}$/)],
  ['region', string()],
  ['id', string(1)],
  ['type', string()],
  ['severity', number(0, 10)],
  ['createdAt', string()],
  ['updatedAt', string()],
  ['title', string(), { default: '' }],
  [
    'resource',
    looseObject([
      ['resourceType', string()],
      [
        'accessKeyDetails',
        looseObject([
          ['accessKeyId', string(), optional],
          ['principalId', string(), optional],
          ['userName', string(), optional],
          ['userType', string(), optional],
        ]),
        optional,
      ],
    ]),
  ],
  [
    'service',
    looseObject([
      ['archived', boolean, optional],
      ['eventLastSeen', string(), optional],
      ['additionalInfo', looseObject([['sample', boolean, optional]]), optional],
      [
        'action',
        looseObject([
          [
            'awsApiCallAction',
            looseObject([['remoteIpDetails', looseObject([['ipAddressV4', string(), optional]]), optional]]),
            optional,
          ],
        ]),
        optional,
      ],
    ]),
    optional,
  ],
]);

/**
 * What GuardDutyFindingSchema.parse gives for a finding it accepts (a GuardDutyFinding), read by hand; undefined for
 * one it refuses.
 */
export function acceptedGuardDutyFinding(detail: unknown): object | undefined {
  const finding = read(detail, isJsonMade(detail));
  return finding === REFUSED ? undefined : (finding as object);
}
