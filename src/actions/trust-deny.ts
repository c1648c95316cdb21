import type { TrustPolicy } from '../domain/policy-document.js';
import { canonicalJson } from '../domain/timeline.js';

const DENY_ACCOUNTS = 'RekeySweepDenyOutsideAccounts';
const DENY_ANYONE = 'RekeySweepDenyAnyoneOutside';
const ASSUMING = ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'];

type Statement = Record<string, unknown>;
const statements = (trust: TrustPolicy): Statement[] =>
  (Array.isArray(trust.Statement) ? trust.Statement : [trust.Statement]) as Statement[];

/**
 * The trust policy closed to the principals outside the account that an edit let in: a Deny (which wins over any
 * Allow) for every account they belong to, by its root (the whole account, whichever of its principals the edit
 * named, and one IAM always accepts), and for `*` a Deny of anyone outside the role's own account. Everything else
 * in the trust policy stays as it is; the same closing again changes nothing.
 */
export function closedTrust(
  current: TrustPolicy,
  principals: readonly string[],
  accountId: string,
): { changed: boolean; document: TrustPolicy } {
  const accounts = [
    ...new Set(
      principals.flatMap((p) => {
        const account = p.match(/^(\d{12})$/)?.[1] ?? p.split(':')[4];
        return p !== '*' && account && account !== accountId ? [`arn:aws:iam::${account}:root`] : [];
      }),
    ),
  ].sort();
  const ours: Statement[] = [
    ...(accounts.length
      ? [{ Sid: DENY_ACCOUNTS, Effect: 'Deny', Principal: { AWS: accounts }, Action: ASSUMING }]
      : []),
    ...(principals.includes('*')
      ? [
          {
            Sid: DENY_ANYONE,
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: ASSUMING,
            Condition: { StringNotEquals: { 'aws:PrincipalAccount': accountId } },
          },
        ]
      : []),
  ];
  const kept = statements(current).filter((s) => s.Sid !== DENY_ACCOUNTS && s.Sid !== DENY_ANYONE);
  const document = { ...current, Statement: [...kept, ...ours] } as TrustPolicy;
  return { changed: canonicalJson(document) !== canonicalJson(current), document };
}
