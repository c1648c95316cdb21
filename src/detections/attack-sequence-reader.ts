import { array, looseObject, string } from './loose-reader.js';

const text = string();
const optional = 'optional' as const;
const none = { default: [] };

/**
 * What AttackSequenceSchema.parse gives for a finding it accepts (guardduty-attack-sequence.ts, field for field),
 * read by hand; REFUSED for one it refuses.
 */
export const readAttackSequence = looseObject([
  ['id', string(1)],
  ['title', text, { default: '' }],
  [
    'service',
    looseObject([
      [
        'detection',
        looseObject([
          [
            'sequence',
            looseObject([
              ['uid', text, optional],
              [
                'actors',
                array(
                  looseObject([
                    ['id', text, optional],
                    [
                      'user',
                      looseObject(
                        ['name', 'uid', 'type', 'credentialUid'].map((key) => [key, text, optional]),
                      ),
                      optional,
                    ],
                  ]),
                ),
                none,
              ],
              [
                'resources',
                array(
                  looseObject([
                    ['uid', text, optional],
                    ['resourceType', text, optional],
                    [
                      'data',
                      looseObject([
                        [
                          'accessKey',
                          looseObject(
                            ['principalId', 'userName', 'userType'].map((key) => [key, text, optional]),
                          ),
                          optional,
                        ],
                      ]),
                      optional,
                    ],
                  ]),
                ),
                none,
              ],
              [
                'signals',
                array(
                  looseObject([
                    ['name', text, optional],
                    ['type', text, optional],
                  ]),
                ),
                none,
              ],
            ]),
          ],
        ]),
      ],
    ]),
  ],
]);
