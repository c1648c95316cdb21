/** A CloudFormation template, as far as the policy checks read it. */
export interface Template {
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
}

const ACCOUNT = '111122223333';
const REGION = 'us-east-1';
const PSEUDO: Record<string, string> = {
  'AWS::Partition': 'aws',
  'AWS::AccountId': ACCOUNT,
  'AWS::Region': REGION,
  'AWS::StackName': 'rekey-ci',
  'AWS::URLSuffix': 'amazonaws.com',
};

/** The ARN a resource of the template would have, shaped as its service names it (linters check the shape). */
function arnOf(template: Template, name: string): string {
  const type = template.Resources[name]?.Type ?? '';
  const id = name.toLowerCase();
  const shapes: Record<string, string> = {
    'AWS::KMS::Key': `arn:aws:kms:${REGION}:${ACCOUNT}:key/${id}`,
    'AWS::DynamoDB::Table': `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${id}`,
    'AWS::SQS::Queue': `arn:aws:sqs:${REGION}:${ACCOUNT}:${id}`,
    'AWS::S3::Bucket': `arn:aws:s3:::${id}`,
    'AWS::Lambda::Function': `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${id}`,
    'AWS::Events::EventBus': `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/${id}`,
    'AWS::Events::Rule': `arn:aws:events:${REGION}:${ACCOUNT}:rule/${id}`,
    'AWS::StepFunctions::StateMachine': `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${id}`,
    'AWS::IAM::Role': `arn:aws:iam::${ACCOUNT}:role/${id}`,
    'AWS::SNS::Topic': `arn:aws:sns:${REGION}:${ACCOUNT}:${id}`,
  };
  return shapes[type] ?? `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/${id}`;
}

/** What a `${…}` in an Fn::Sub stands for. */
function substitute(template: Template, name: string, variables: Record<string, unknown>): string {
  if (name in variables) return String(variables[name]);
  if (name in PSEUDO) return PSEUDO[name] as string;
  const [resource, attribute] = name.split('.');
  if (attribute === 'Arn') return arnOf(template, resource ?? '');
  return (resource ?? name).toLowerCase();
}

/**
 * A value of the template with its intrinsics resolved to plausible strings: Ref and GetAtt to ARNs shaped as
 * their service's, Fn::Sub substituted, Fn::If taking the branch `conditions` says (one run per branch), and
 * AWS::NoValue dropped.
 */
export function resolve(template: Template, value: unknown, conditions: boolean): unknown {
  const again = (v: unknown) => resolve(template, v, conditions);
  if (Array.isArray(value)) return value.map(again).filter((v) => v !== undefined);
  if (!value || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  if ('Ref' in object) {
    const ref = String(object.Ref);
    if (ref === 'AWS::NoValue') return undefined;
    return PSEUDO[ref] ?? (template.Resources[ref] ? arnOf(template, ref) : ref.toLowerCase());
  }
  if ('Fn::GetAtt' in object) {
    const [resource] = object['Fn::GetAtt'] as [string, string];
    return arnOf(template, resource);
  }
  if ('Fn::Sub' in object) {
    const sub = object['Fn::Sub'];
    const [text, variables] = Array.isArray(sub) ? [String(sub[0]), again(sub[1])] : [String(sub), {}];
    return text.replace(/\$\{([^}]+)\}/g, (_, name: string) =>
      substitute(template, name, (variables ?? {}) as Record<string, unknown>),
    );
  }
  if ('Fn::If' in object) {
    const [, whenTrue, whenFalse] = object['Fn::If'] as [string, unknown, unknown];
    return again(conditions ? whenTrue : whenFalse);
  }
  if ('Fn::Join' in object) {
    const [separator, parts] = object['Fn::Join'] as [string, unknown[]];
    return (again(parts) as unknown[]).join(separator);
  }
  if ('Fn::Split' in object) {
    const [separator, text] = object['Fn::Split'] as [string, unknown];
    return String(again(text)).split(separator);
  }
  return Object.fromEntries(
    Object.entries(object)
      .map(([k, v]) => [k, again(v)] as const)
      .filter(([, v]) => v !== undefined),
  );
}

/** Every identity policy of a template (role inline policies, managed policies), each resolved, by name. */
export function identityPolicies(
  template: Template,
  conditions: boolean,
): Array<{ name: string; document: { Statement: Array<Record<string, unknown>> } }> {
  return Object.entries(template.Resources).flatMap(([name, r]) => {
    if (r.Type === 'AWS::IAM::Role')
      return ((r.Properties?.Policies ?? []) as Array<{ PolicyName: unknown; PolicyDocument: unknown }>).map(
        (p) => ({
          name: `${name}/${String(resolve(template, p.PolicyName, conditions))}`,
          document: resolve(template, p.PolicyDocument, conditions) as {
            Statement: Array<Record<string, unknown>>;
          },
        }),
      );
    if (r.Type === 'AWS::IAM::ManagedPolicy' || r.Type === 'AWS::IAM::Policy')
      return [
        {
          name,
          document: resolve(template, r.Properties?.PolicyDocument, conditions) as {
            Statement: Array<Record<string, unknown>>;
          },
        },
      ];
    return [];
  });
}
