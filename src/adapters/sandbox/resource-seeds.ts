import * as z from 'zod';
import { PolicyDocumentSchema } from '../../domain/policy-document.js';

const isoTime = z.iso.datetime({ offset: true });
const tags = z.record(z.string(), z.string()).default({});

/** One step of a rotation function's run on a secret, as its log shows it. */
export const RotationLogEntrySchema = z.strictObject({
  at: isoTime,
  step: z.enum(['createSecret', 'setSecret', 'testSecret', 'finishSecret']),
  outcome: z.enum(['succeeded', 'failed']),
  /** The version the step worked on (createSecret and finishSecret name it in their lines). */
  versionId: z.string().optional(),
});

/** A Secrets Manager secret: how it rotates, its versions' staging labels and its resource policy, never a value. */
export const SecretSeedSchema = z.strictObject({
  name: z.string().min(1),
  /** The rotation function; without one, rotation is not configured. */
  rotationLambdaArn: z.string().optional(),
  rotationEnabled: z.boolean().optional(),
  lastRotatedAt: isoTime.optional(),
  kmsKeyId: z.string().optional(),
  tags,
  versions: z
    .array(z.strictObject({ id: z.string().min(1), stages: z.array(z.string()), createdAt: isoTime }))
    .default([{ id: 'initial-version', stages: ['AWSCURRENT'], createdAt: '2025-01-01T00:00:00Z' }]),
  resourcePolicy: PolicyDocumentSchema.optional(),
  /** Days between automatic rotations (the rotation rules' schedule). */
  rotationDays: z.number().int().positive().optional(),
  /**
   * When DeleteSecret was called on it (by anyone): from then on the secret is scheduled for deletion, and Secrets
   * Manager refuses every operation on it but DescribeSecret and RestoreSecret (InvalidRequestException).
   */
  deletedAt: isoTime.optional(),
  /** Regions the secret is replicated to. */
  replicas: z.array(z.string()).default([]),
  /** The AWS service that manages the secret and rotates it itself, with no function (`rds` for `rds!` secrets). */
  owningService: z.string().optional(),
  /** Faults for drills: how many rotations fail before one succeeds, and at which step of the function. */
  failingRotations: z.number().int().nonnegative().default(0),
  rotationFailsAt: z.enum(['setSecret', 'testSecret', 'finishSecret']).default('setSecret'),
  /**
   * The version whose password the service the secret is for (its database) accepts. Set, the rotation function
   * behaves as AWS's single-user templates do: setSecret signs in with the AWSCURRENT or AWSPREVIOUS version, or
   * fails; unset, the database is not modelled and setSecret always succeeds.
   */
  databasePasswordVersion: z.string().optional(),
  /** What the rotation function logged about the secret before the drill (rendered as AWS's templates log it). */
  rotationLog: z.array(RotationLogEntrySchema).default([]),
});

/** EC2 facts of the account: instances and the NAT gateways of their VPCs. */
export const NetworkSeedSchema = z.strictObject({
  instances: z
    .array(
      z.strictObject({
        id: z.string().regex(/^i-[0-9a-f]{8,17}$/),
        vpcId: z.string(),
        /** Its region; by default the account's home region. */
        region: z.string().optional(),
        publicIp: z.string().optional(),
        /** The role its instance profile holds (the profile is named after it): its sessions are instance credentials. */
        role: z.string().optional(),
        /** Its private IPv4 addresses, the primary interface's primary first (aws:ec2InstanceSourcePrivateIPv4). */
        privateIps: z.array(z.string()).default([]),
        ipv6Addresses: z.array(z.string()).default([]),
        /** VPCs of interfaces attached to it from other VPCs. */
        otherVpcIds: z.array(z.string()).default([]),
        /**
         * The targets of its subnet's routes out of the VPC (nat-, igw-, eigw-, tgw-, ...): toward the internet by
         * family, and to other networks. By default: IPv4 through the VPC's NAT gateway if it has one, else through
         * an internet gateway when the instance has a public address; no IPv6 route.
         */
        routes: z
          .strictObject({
            ipv4: z.array(z.string()).default([]),
            ipv6: z.array(z.string()).default([]),
            toOtherNetworks: z.array(z.string()).default([]),
          })
          .optional(),
        autoScalingGroup: z.string().optional(),
        /** A terminated instance's credentials still carry its context until they expire; EC2 no longer lists it. */
        state: z
          .enum(['pending', 'running', 'stopping', 'stopped', 'shutting-down', 'terminated'])
          .default('running'),
      }),
    )
    .default([]),
  natGateways: z.array(z.strictObject({ vpcId: z.string(), publicIp: z.string() })).default([]),
  /** VPCs' own facts: their IPv6 CIDR blocks. */
  vpcs: z.array(z.strictObject({ id: z.string(), ipv6Cidrs: z.array(z.string()).default([]) })).default([]),
  /** The regions enabled in the account; by default only the account's home region. */
  regions: z.array(z.string()).optional(),
});
