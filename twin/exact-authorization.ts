/**
 * What moto's check misses, decided with the caller role's exact template policies (Rekey's IAM evaluator, the
 * one differential-tested against iam-simulate): the resource each call acts on, for the services whose
 * requests name it plainly, and DynamoDB transactions, which AWS authorizes item by item under the underlying
 * actions (PutItem, UpdateItem, DeleteItem, ConditionCheckItem, GetItem), never as a TransactWriteItems action.
 */
import { evaluatePolicies, type NamedPolicy } from '../src/domain/policy-evaluator.js';

/** One action on one resource that a call needs. */
export interface Need {
  action: string;
  resource: string;
  /** Request context keys the call sets (e.g. `iam:PolicyARN`). */
  context?: Record<string, string>;
}

const TRANSACT: Record<string, string> = {
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  ConditionCheck: 'ConditionCheckItem',
  Get: 'GetItem',
};

type Body = Record<string, unknown>;

function dynamodbNeeds(action: string, body: Body, arn: (t: string) => string): Need[] | undefined {
  if (action === 'TransactWriteItems' || action === 'TransactGetItems')
    return (body.TransactItems as Array<Record<string, { TableName: string }>>).flatMap((item) =>
      Object.entries(item).map(([kind, op]) => ({
        action: `dynamodb:${TRANSACT[kind] ?? kind}`,
        resource: arn(op.TableName),
      })),
    );
  if (typeof body.TableName === 'string')
    return [{ action: `dynamodb:${action}`, resource: arn(body.TableName) }];
  return undefined;
}

const OBJECT_ACTIONS: Record<string, string> = {
  PUT: 's3:PutObject',
  GET: 's3:GetObject',
  HEAD: 's3:GetObject',
};

/** An object read or write (path-style, as the SDK addresses a loopback endpoint); bucket calls stay moto's. */
function s3Needs(method: string, path: string): Need[] | undefined {
  const [bare = '', query = ''] = path.split('?');
  const slash = bare.indexOf('/', 1);
  const action = OBJECT_ACTIONS[method];
  const subresource = query.split('&').some((q) => q && !q.startsWith('x-id='));
  if (slash < 0 || !action || subresource) return undefined;
  return [{ action, resource: `arn:aws:s3:::${decodeURIComponent(bare.slice(1))}` }];
}

/**
 * An IAM call's resource, as IAM's service authorization reference names it: the user or role it acts on (an
 * attachment also sets `iam:PolicyARN`), the managed policy, or the simulated principal. Paths are taken as `/`
 * (the twin's principals have none); a key's user (GetAccessKeyLastUsed) is not in the request: left to moto.
 */
function iamNeeds(action: string, params: URLSearchParams, account: string): Need[] | undefined {
  const iam = (kind: string, name: string) => `arn:aws:iam::${account}:${kind}/${name}`;
  const policyArn = params.get('PolicyArn') ?? undefined;
  const attachment =
    /^(Attach|Detach)(User|Role)Policy$/.test(action) && policyArn
      ? { 'iam:PolicyARN': policyArn }
      : undefined;
  const need = (resource: string): Need[] => [
    { action: `iam:${action}`, resource, ...(attachment ? { context: attachment } : {}) },
  ];
  const user = params.get('UserName');
  const role = params.get('RoleName');
  if (user) return need(iam('user', user));
  if (role) return need(iam('role', role));
  if (action === 'CreatePolicy') {
    const arn = `arn:aws:iam::${account}:policy${params.get('Path') ?? '/'}${params.get('PolicyName')}`;
    // Tagging on creation is authorized as TagPolicy too (IAM's "Permissions required to tag IAM resources").
    const tagged = params.has('Tags.member.1.Key') ? [{ action: 'iam:TagPolicy', resource: arn }] : [];
    return [...need(arn), ...tagged];
  }
  if (policyArn) return need(policyArn);
  const source = params.get('PolicySourceArn');
  if (source) return need(source);
  return undefined;
}

/** The (action, resource) pairs a request needs, where the twin can name them; undefined where it cannot. */
export function needsOf(
  service: string,
  action: string,
  body: string,
  where: { account: string; region: string; keyArns: Map<string, string>; method: string; path: string },
): Need[] | undefined {
  const { account, region } = where;
  if (service === 's3') return s3Needs(where.method, where.path);
  if (service === 'iam') return iamNeeds(action, new URLSearchParams(body), account);
  let json: Body;
  try {
    json = JSON.parse(body) as Body;
  } catch {
    return undefined;
  }
  switch (service) {
    case 'dynamodb':
      return dynamodbNeeds(action, json, (t) =>
        t.startsWith('arn:') ? t : `arn:aws:dynamodb:${region}:${account}:table/${t}`,
      );
    case 'kms': {
      const key = String(json.KeyId ?? '');
      const resource =
        where.keyArns.get(key) ??
        (key.startsWith('arn:') ? key : `arn:aws:kms:${region}:${account}:key/${key}`);
      return [{ action: `kms:${action}`, resource }];
    }
    case 'sqs': {
      const url = String(json.QueueUrl ?? '');
      const name = url.slice(url.lastIndexOf('/') + 1);
      return url
        ? [{ action: `sqs:${action}`, resource: `arn:aws:sqs:${region}:${account}:${name}` }]
        : undefined;
    }
    case 'states': {
      const target = json.stateMachineArn ?? json.executionArn;
      if (typeof target === 'string') return [{ action: `states:${action}`, resource: target }];
      // SendTask* name no resource: IAM authorizes them on `*`.
      return action.startsWith('SendTask') ? [{ action: `states:${action}`, resource: '*' }] : undefined;
    }
    case 'logs': {
      const group = json.logGroupName;
      if (typeof group !== 'string') return undefined;
      const stream = typeof json.logStreamName === 'string' ? `:log-stream:${json.logStreamName}` : ':*';
      return [
        {
          action: `logs:${action}`,
          resource: `arn:aws:logs:${region}:${account}:log-group:${group}${stream}`,
        },
      ];
    }
    case 'cloudtrail':
      // LookupEvents has no resource-level permission: IAM authorizes it on `*`.
      return action === 'LookupEvents' ? [{ action: 'cloudtrail:LookupEvents', resource: '*' }] : undefined;
    case 'events':
      if (action !== 'PutEvents') return undefined;
      return (json.Entries as Array<{ EventBusName?: string }>).map((e) => {
        const bus = e.EventBusName ?? 'default';
        return {
          action: 'events:PutEvents',
          resource: bus.startsWith('arn:') ? bus : `arn:aws:events:${region}:${account}:event-bus/${bus}`,
        };
      });
    default:
      return undefined;
  }
}

/** The first need the role's exact policies do not allow, if any. */
export function firstRefused(policies: readonly NamedPolicy[], needs: readonly Need[]): Need | undefined {
  return needs.find(
    (need) =>
      evaluatePolicies(policies, {
        action: need.action,
        resource: need.resource,
        context: need.context ?? {},
      }).effect !== 'allow',
  );
}
