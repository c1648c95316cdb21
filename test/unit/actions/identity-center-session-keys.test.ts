import { describe, expect, it } from 'vitest';
import type { ActionContext } from '../../../src/actions/action.js';
import { identityCenterSessionKeys } from '../../../src/actions/identity-center-session-keys.js';
import { NotContainableError } from '../../../src/domain/errors.js';
import type { AuditEvent, AuditTrail } from '../../../src/ports/audit-trail.js';
import type { IdentityCenter } from '../../../src/ports/identity-center.js';

const HOME = '444455556666';
const DATA = '555566667777';
const SETS = {
  'ps-power': { name: 'PowerUser', accounts: [HOME] },
  'ps-data': { name: 'DataReader', accounts: [DATA] },
} as const;
const arnOf = (id: string) => `arn:aws:sso:::permissionSet/ssoins-1/${id}`;

/** Identity Center holding erin, assigned both sets directly (as the management account answers). */
const center = {
  findUserId: async (name: string) => (name === 'erin@example.com' ? 'u-erin' : undefined),
  groupIdsOf: async () => [],
  permissionSetArnsAssignedTo: async () => Object.keys(SETS).map(arnOf),
  describePermissionSet: async (arn: string) => ({
    instanceArn: 'arn:aws:sso:::instance/ssoins-1',
    permissionSetArn: arn,
    name: SETS[arn.split('/').at(-1) as keyof typeof SETS].name,
  }),
  accountsProvisionedWith: async (arn: string) => [
    ...SETS[arn.split('/').at(-1) as keyof typeof SETS].accounts,
  ],
} as unknown as IdentityCenter;

/** A call by a role session named erin@example.com, of a role on the given path. */
const call = (account: string, key: string, role: string, path: string): AuditEvent => ({
  eventId: key,
  eventTime: '2026-11-28T10:30:00Z',
  eventName: 'AssumeRole',
  eventSource: 'sts.amazonaws.com',
  region: 'us-east-1',
  accessKeyId: key,
  principalType: 'AssumedRole',
  principalArn: `arn:aws:sts::${account}:assumed-role/${role}/erin@example.com`,
  sessionIssuerArn: `arn:aws:iam::${account}:role${path}${role}`,
});

const trailWith = (events: AuditEvent[], truncated = false): AuditTrail => {
  const none = async () => ({ events: [], truncated: false });
  return {
    eventsByAccessKey: none,
    eventsByName: none,
    eventsByResource: none,
    eventsByUser: async (name) => ({ events: name === 'erin@example.com' ? events : [], truncated }),
  };
};

const contextWith = (trails: Record<string, AuditTrail>, extra: Partial<ActionContext> = {}) =>
  ({
    identityCenter: center,
    auditTrail: () => trails[HOME] as AuditTrail,
    auditTrailOf: (account: string) => {
      const trail = trails[account];
      if (!trail) throw new NotContainableError(`${account} is out of reach`);
      return trail;
    },
    ...extra,
  }) as unknown as ActionContext;

const keysOf = (context: ActionContext) =>
  identityCenterSessionKeys(context, HOME, 'erin@example.com', ['us-east-1'], new Date(0), new Date());

describe("an Identity Center user's other sessions", () => {
  it('are found in every account their permission sets reach, by user name, only on Identity Center roles', async () => {
    const found = await keysOf(
      contextWith({
        [HOME]: trailWith([
          call(
            HOME,
            'ASIAERINPOWER0000001',
            'AWSReservedSSO_PowerUser_1',
            '/aws-reserved/sso.amazonaws.com/',
          ),
        ]),
        [DATA]: trailWith([
          call(
            DATA,
            'ASIAERINDATA00000001',
            'AWSReservedSSO_DataReader_2',
            '/aws-reserved/sso.amazonaws.com/',
          ),
          // Anyone may name a session of their own role after erin: it is not hers, and is not traced as hers.
          call(DATA, 'ASIANOTERINS00000001', 'AWSReservedSSO_DataReader_2', '/'),
        ]),
      }),
    );
    expect(found).toEqual({
      keys: [
        { key: 'ASIAERINPOWER0000001', account: HOME },
        { key: 'ASIAERINDATA00000001', account: DATA },
      ],
      unread: [],
    });
  });

  it('name what was not read: an account out of reach, a lookup past its bound', async () => {
    const found = await keysOf(contextWith({ [HOME]: trailWith([], true) }));
    expect(found.keys).toEqual([]);
    expect(found.unread).toEqual([
      `erin@example.com's sessions in account ${HOME}, us-east-1`,
      `erin@example.com's sessions in account ${DATA}: ${DATA} is out of reach`,
    ]);
  });

  it('are not sought, and say so, without Identity Center', async () => {
    const found = await keysOf(contextWith({ [HOME]: trailWith([]) }, { identityCenter: undefined }));
    expect(found).toEqual({
      keys: [],
      unread: ["erin@example.com's other sessions: Rekey is not configured to reach Identity Center"],
    });
  });
});
