import type { PrincipalFacts, ReadinessFacts, ReadinessSource } from '../../ports/readiness.js';
import { policiesOf } from './request-simulator.js';
import type { SandboxAccount } from './sandbox-account.js';

/**
 * What the drill says of Rekey itself: its Slack connection, its responders, its member roles elsewhere, and whether
 * it reaches Identity Center (by default: when the drill's account holds the instance).
 */
export type SandboxRekeyFacts = Pick<ReadinessFacts['rekey'], 'slack' | 'responders'> &
  Partial<
    Pick<
      ReadinessFacts['rekey'],
      'memberRoles' | 'identityCenter' | 'identityCenterOutOfReach' | 'identityCenterAccounts'
    >
  >;

/** The readiness facts of a drill's simulated account, read from its state (no call is recorded). */
export class SandboxReadiness implements ReadinessSource {
  constructor(
    private readonly account: SandboxAccount,
    private readonly rekey: SandboxRekeyFacts,
  ) {}

  async gather(): Promise<ReadinessFacts> {
    const { account } = this;
    const principals: PrincipalFacts[] = [...account.users.values(), ...account.roles.values()].map((p) => ({
      kind: p.kind,
      name: p.name,
      arn: p.arn,
      path: p.path,
      tags: p.tags,
      policies: policiesOf(account, p),
      accessKeys: p.accessKeys.map((k) => ({
        id: k.id,
        status: k.status,
        createdAt: k.createdAt,
        ...(k.lastUsed ? { lastUsedAt: k.lastUsed.at } : {}),
      })),
    }));
    const regions = [...(account.network.regions ?? [account.region])].sort();
    return {
      accountId: account.id,
      at: account.now(),
      regions,
      secrets: [...account.secrets.values()].map((s) => ({
        name: s.name,
        arn: s.arn,
        region: account.region,
        rotationEnabled: s.rotationEnabled,
        ...(s.rotationLambdaArn ? { rotationLambdaArn: s.rotationLambdaArn } : {}),
        ...(s.owningService ? { owningService: s.owningService } : {}),
        ...(s.rotationDays ? { rotationDays: s.rotationDays } : {}),
        ...(s.lastRotatedAt ? { lastRotatedAt: s.lastRotatedAt } : {}),
        ...(s.kmsKeyId ? { kmsKeyId: s.kmsKeyId } : {}),
        tags: s.tags,
        versions: s.versions.map((v) => ({ id: v.id, stages: [...v.stages], createdAt: v.createdAt })),
        ...(s.resourcePolicy ? { resourcePolicy: s.resourcePolicy } : {}),
        replicas: s.replicas,
        rotationFailures: account.auditEvents
          .filter((e) => e.eventName === 'RotationFailed' && e.secretName === s.name)
          .map((e) => e.eventTime)
          .sort()
          .reverse(),
      })),
      principals,
      trails: account.monitoring.trails,
      unread: [],
      guardDuty: account.monitoring.guardDuty,
      // Rekey reaches the drill's account (unless the drill says otherwise) and any other through its member role.
      rekey: {
        ...this.rekey,
        identityCenter: this.rekey.identityCenter ?? account.identityCenter !== undefined,
        memberRoles: { [account.id]: true, ...this.rekey.memberRoles },
      },
    };
  }
}
