import type { PolicyDocument } from '../domain/policy-document.js';

/** A secret as the readiness report sees it (never its value). */
export interface SecretFacts {
  name: string;
  arn: string;
  region: string;
  rotationEnabled: boolean;
  rotationLambdaArn?: string;
  /** The AWS service that manages the secret and rotates it itself (managed rotation, no function). */
  owningService?: string;
  /** Days between automatic rotations (`RotationRules.AutomaticallyAfterDays`, or from a schedule expression). */
  rotationDays?: number;
  lastRotatedAt?: string;
  /** The customer managed KMS key, or undefined for the AWS managed `aws/secretsmanager` key. */
  kmsKeyId?: string;
  tags: Record<string, string>;
  /** Version ids with their staging labels, and when each was created. */
  versions: Array<{ id: string; stages: string[]; createdAt?: string }>;
  resourcePolicy?: PolicyDocument;
  /** Regions the secret is replicated to. */
  replicas: string[];
  /** When its rotation failed (CloudTrail's RotationFailed events of the last 90 days), newest first. */
  rotationFailures: string[];
}

/** A user or role, with the identity policies that apply to it (inline and attached managed documents). */
export interface PrincipalFacts {
  kind: 'user' | 'role';
  name: string;
  arn: string;
  path: string;
  tags: Record<string, string>;
  policies: Array<{ name: string; document: PolicyDocument }>;
  accessKeys: Array<{ id: string; status: 'Active' | 'Inactive'; createdAt: string; lastUsedAt?: string }>;
}

/** A CloudTrail trail, as far as Rekey's rules need it. */
export interface TrailFacts {
  name: string;
  multiRegion: boolean;
  logging: boolean;
  /** Whether it records management events, reads and writes (what the CloudTrail rules match). */
  managementEvents: boolean;
}

/** Everything the readiness report is computed from: gathered once, with read-only calls. */
export interface ReadinessFacts {
  accountId: string;
  /** When the facts were gathered. */
  at: string;
  regions: string[];
  secrets: SecretFacts[];
  principals: PrincipalFacts[];
  trails: TrailFacts[];
  /** Per region, whether a GuardDuty detector is enabled there. */
  guardDuty: Record<string, boolean>;
  /** What could not be read, and why (the report is made from the rest). */
  unread: string[];
  /** Rekey itself: Slack, responders, the member role in each account. */
  rekey: {
    slack: { configured: boolean; reachable?: boolean; detail?: string };
    /** Whether Rekey reaches IAM Identity Center (so it can end the sessions of its roles). */
    identityCenter: boolean;
    /**
     * The account holding the organisation's Identity Center instance, when it is not Rekey's and Rekey has no
     * Identity Center role there (identityCenterRoleArn), so cannot reach it.
     */
    identityCenterOutOfReach?: string;
    /**
     * The other accounts Identity Center's permission sets are provisioned to, each with the sets' names (when
     * Rekey reaches the instance): where an Identity Center user's sessions can be, so where its member role must be.
     */
    identityCenterAccounts?: Record<string, string[]>;
    responders: number;
    memberRoles: Record<string, boolean>;
  };
}

/** Gathers the readiness facts of an account (a drill's sandbox, or a live account through read-only calls). */
export interface ReadinessSource {
  gather(): Promise<ReadinessFacts>;
}
