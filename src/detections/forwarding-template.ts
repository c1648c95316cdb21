import secretRead from './cloudtrail-secret-read.json' with { type: 'json' };
import { DETECTION_RULES } from './rules.js';

/** A CloudFormation template, as JSON. */
export type Template = Record<string, unknown>;

const pascal = (name: string) => name.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase());

/** A rule on the account's default bus that sends what its pattern matches to the central bus. */
function forwardingRule(rule: { name: string; pattern: unknown; description: string; state: string }) {
  return {
    Type: 'AWS::Events::Rule',
    ...(rule.name === 'cloudtrail-secret-read' ? { Condition: 'ForwardSecretReads' } : {}),
    Properties: {
      Description: `Rekey: ${rule.description}`,
      EventBusName: 'default',
      State: rule.state,
      EventPattern: rule.pattern,
      Targets: [
        {
          Id: 'rekey-central-bus',
          Arn: { Ref: 'CentralBusArn' },
          RoleArn: { 'Fn::GetAtt': ['ForwardingRole', 'Arn'] },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': ['ForwardingDeadLetterQueue', 'Arn'] } },
          RetryPolicy: { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 10 },
        },
      ],
    },
  };
}

/**
 * The forwarding template for StackSets (every account and every region): a rule per detection on the default
 * bus, with the very patterns the central rules use, sending matching events to the central bus. The secret-read
 * rule is in state ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS (a read-only event is matched only on the bus
 * where it first lands); the scanner bus is central only. Generated from `src/detections/*.json`.
 */
export function forwardingTemplate(): Template {
  const forwarded = [
    ...DETECTION_RULES.filter((r) => r.bus === 'default').map((r) => ({
      name: r.name,
      pattern: r.pattern,
      description: r.description,
      state: 'ENABLED',
    })),
    {
      name: 'cloudtrail-secret-read',
      pattern: secretRead,
      description: 'Secret reads (central triage keeps those outside the allowlist)',
      state: 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS',
    },
  ];
  const rules = Object.fromEntries(
    forwarded.map((rule) => [`Forward${pascal(rule.name)}`, forwardingRule(rule)]),
  );
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description:
      'Rekey event forwarding (StackSets: every account and region of the organisation). Generated from src/detections by rekey forwarding build: do not edit.',
    Parameters: {
      CentralBusArn: {
        Type: 'String',
        AllowedPattern: '^arn:aws[a-z-]*:events:[a-z0-9-]+:\\d{12}:event-bus/.+$',
        Description: "The central account's default bus (it admits only the organisation)",
      },
      ForwardSecretReadsParameter: {
        Type: 'String',
        AllowedValues: ['true', 'false'],
        Default: 'false',
        Description: 'Forward secret reads (set when the central deployment has a secret-read allowlist)',
      },
    },
    Conditions: { ForwardSecretReads: { 'Fn::Equals': [{ Ref: 'ForwardSecretReadsParameter' }, 'true'] } },
    Resources: {
      ForwardingRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          Description: "Lets EventBridge put the matching events on Rekey's central bus, and nowhere else",
          // Rekey's path: Rekey's own roles deny themselves any change to what lives under it.
          Path: '/rekey/',
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { Service: 'events.amazonaws.com' },
                Action: 'sts:AssumeRole',
                Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
              },
            ],
          },
          Policies: [
            {
              PolicyName: 'put-on-central-bus',
              PolicyDocument: {
                Version: '2012-10-17',
                Statement: [
                  { Effect: 'Allow', Action: 'events:PutEvents', Resource: { Ref: 'CentralBusArn' } },
                ],
              },
            },
          ],
        },
      },
      ForwardingDeadLetterQueue: {
        Type: 'AWS::SQS::Queue',
        Properties: { MessageRetentionPeriod: 1209600, SqsManagedSseEnabled: true },
      },
      ForwardingDeadLetterQueuePolicy: {
        Type: 'AWS::SQS::QueuePolicy',
        Properties: {
          Queues: [{ Ref: 'ForwardingDeadLetterQueue' }],
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { Service: 'events.amazonaws.com' },
                Action: 'sqs:SendMessage',
                Resource: { 'Fn::GetAtt': ['ForwardingDeadLetterQueue', 'Arn'] },
                Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
              },
            ],
          },
        },
      },
      ...rules,
    },
  };
}
