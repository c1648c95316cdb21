import type { PolicyDocument, PolicyStatement } from './policy-document.js';

/** The Sid of Rekey's deny for instance credentials used through a VPC endpoint of another VPC. */
export const RESTRICT_INSTANCE_SID = 'RekeyInstanceCredentialsOnlyThroughTheirVpc';
/** The Sid of the deny for instance credentials used through an endpoint from another private IPv4 address. */
export const RESTRICT_INSTANCE_ADDRESS_SID = 'RekeyInstanceCredentialsOnlyFromTheirAddress';
/** The Sid of the deny for instance credentials used over the internet from outside the instances' egress. */
export const RESTRICT_INSTANCE_EGRESS_SID = 'RekeyInstanceCredentialsOnlyFromTheirEgress';

/**
 * IAM-authenticated calls to resources inside the VPC, reached through their network interfaces and never through a
 * VPC endpoint, so they carry no network context to compare: AWS's data perimeter exempts exactly these (DAX, Neptune,
 * MSK, EFS, RDS IAM database authentication, OpenSearch, S3 on Outposts) and leaves them to security groups.
 */
export const IN_VPC_IAM_ACTIONS = [
  'es:ES*',
  'dax:GetItem',
  'dax:BatchGetItem',
  'dax:Query',
  'dax:Scan',
  'dax:PutItem',
  'dax:UpdateItem',
  'dax:DeleteItem',
  'dax:BatchWriteItem',
  'dax:ConditionCheckItem',
  'neptune-db:*',
  'kafka-cluster:*',
  'elasticfilesystem:Client*',
  'rds-db:connect',
  's3-outposts:*',
] as const;

/** A policy variable as IAM writes it: `${aws:SourceVpc}`. */
const variable = (key: string) => `\${${key}}`;

/** Only requests signed with EC2 instance credentials (the key exists on no other), not made by AWS on their behalf. */
const instanceCredentialsOnly = { 'ec2:SourceInstanceARN': 'false' };
const notViaAwsService = { BoolIfExists: { 'aws:ViaAWSService': 'false' } };

function deny(sid: string, condition: NonNullable<PolicyStatement['Condition']>): PolicyStatement {
  return {
    Sid: sid,
    Effect: 'Deny',
    NotAction: [...IN_VPC_IAM_ACTIONS],
    Resource: '*',
    Condition: condition,
  };
}

/** Which parts of the deny to write, and what the surveyed instances' network allows. */
export interface InstanceDenyShape {
  /** Deny requests through a VPC endpoint of another VPC than the credential's own (and, if asked, address). */
  endpoints: boolean;
  /** Also compare an IPv4 endpoint caller's address with the credential's own (every instance has only one). */
  checkAddress: boolean;
  /** Deny requests over the public endpoints from anywhere but these addresses (CIDR): NAT, own, IPv6 ranges. */
  internet: boolean;
  addresses: readonly string[];
}

/**
 * AWS's data-perimeter deny for EC2 role credentials, on the role itself, so it holds for every instance of the role,
 * each against its own VPC and address (`aws:ec2InstanceSourceVPC`, `aws:ec2InstanceSourcePrivateIPv4` are set on
 * every request signed with instance credentials, wherever it comes from; `ec2:SourceInstanceARN` binds the deny to
 * them, so other users of the role are untouched). Through a VPC endpoint, the endpoint's VPC (and, over IPv4, the
 * caller's address) must be the credential's own; an IPv6 caller has no IPv4 address to compare, so its VPC alone
 * decides. Over the public endpoints (no `aws:SourceVpc`), the source must be one of the instances' egress addresses.
 * Calls AWS makes on the caller's behalf and the in-VPC IAM-authenticated calls AWS lists are never denied. (AWS's
 * SCP examples also exempt service principals and the `aws:ec2-infrastructure` role: other principals, which a
 * policy on this role never binds.) Undefined when the shape asks for no part at all.
 */
export function restrictInstanceCredentialsPolicy(shape: InstanceDenyShape): PolicyDocument | undefined {
  const statements: PolicyStatement[] = [];
  if (shape.endpoints)
    statements.push(
      deny(RESTRICT_INSTANCE_SID, {
        StringNotEquals: { 'aws:ec2InstanceSourceVPC': variable('aws:SourceVpc') },
        Null: { ...instanceCredentialsOnly, 'aws:SourceVpc': 'false' },
        ...notViaAwsService,
      }),
    );
  if (shape.endpoints && shape.checkAddress)
    statements.push(
      deny(RESTRICT_INSTANCE_ADDRESS_SID, {
        StringNotEquals: { 'aws:ec2InstanceSourcePrivateIPv4': variable('aws:VpcSourceIp') },
        // aws:VpcSourceIp is an IPv6 address for an IPv6 caller: the IPv4 comparison applies to IPv4 callers only.
        IpAddress: { 'aws:VpcSourceIp': '0.0.0.0/0' },
        Null: instanceCredentialsOnly,
        ...notViaAwsService,
      }),
    );
  if (shape.internet)
    statements.push(
      deny(RESTRICT_INSTANCE_EGRESS_SID, {
        ...(shape.addresses.length > 0 ? { NotIpAddress: { 'aws:SourceIp': [...shape.addresses] } } : {}),
        Null: { ...instanceCredentialsOnly, 'aws:SourceVpc': 'true' },
        ...notViaAwsService,
      }),
    );
  return statements.length > 0 ? { Version: '2012-10-17', Statement: statements } : undefined;
}
