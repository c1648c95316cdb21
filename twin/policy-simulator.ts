/**
 * IAM's policy simulator (`SimulatePrincipalPolicy`), which moto does not implement: the principal's identity
 * policies as moto's IAM holds them (inline, attached, its groups', its permissions boundary), read as the account's
 * administrator, each action on each resource decided by iam-simulate (an implementation independent of Rekey's
 * evaluator) with the request's context entries. Answered in IAM's wire shape. Not answered as IAM does: the
 * context keys a decision lacked (`MissingContextValues`, left empty: a condition on a key the request does not
 * give does not match) and the organisation's SCPs (the twin has none).
 */
import {
  GetGroupPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  IAMClient,
  ListAttachedGroupPoliciesCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupPoliciesCommand,
  ListGroupsForUserCommand,
  ListRolePoliciesCommand,
  ListUserPoliciesCommand,
} from '@aws-sdk/client-iam';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import type { MotoConfig } from './provision.js';

type Policy = { name: string; policy: unknown };

const EVAL_DECISION = {
  Allowed: 'allowed',
  ImplicitlyDenied: 'implicitDeny',
  ExplicitlyDenied: 'explicitDeny',
} as const;

const decode = (document: string | undefined): unknown => JSON.parse(decodeURIComponent(String(document)));

const xml = (text: string) =>
  text.replace(/[<>&"']/g, (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', '"': 'quot', "'": 'apos' }[c]};`);

async function managed(iam: IAMClient, arns: Array<string | undefined>): Promise<Policy[]> {
  return Promise.all(
    arns.map(async (arn) => {
      const version = (await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy?.DefaultVersionId;
      const document = await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: version }));
      return { name: String(arn), policy: decode(document.PolicyVersion?.Document) };
    }),
  );
}

/** A user's or a role's identity policies and permissions boundary, as IAM holds them. */
async function policiesOf(iam: IAMClient, arn: string): Promise<{ identity: Policy[]; boundary?: Policy }> {
  const [, kind, name] = /:(user|role)\/(?:.*\/)?([^/]+)$/.exec(arn) ?? [];
  if (!name) throw new Error(`the twin's simulator reads users and roles, not ${arn}`);
  const identity: Policy[] = [];
  let boundaryArn: string | undefined;
  if (kind === 'role') {
    boundaryArn = (await iam.send(new GetRoleCommand({ RoleName: name }))).Role?.PermissionsBoundary
      ?.PermissionsBoundaryArn;
    for (const policy of (await iam.send(new ListRolePoliciesCommand({ RoleName: name }))).PolicyNames ?? [])
      identity.push({
        name: policy,
        policy: decode(
          (await iam.send(new GetRolePolicyCommand({ RoleName: name, PolicyName: policy }))).PolicyDocument,
        ),
      });
    const attached = (await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: name })))
      .AttachedPolicies;
    identity.push(
      ...(await managed(
        iam,
        (attached ?? []).map((p) => p.PolicyArn),
      )),
    );
  } else {
    boundaryArn = (await iam.send(new GetUserCommand({ UserName: name }))).User?.PermissionsBoundary
      ?.PermissionsBoundaryArn;
    for (const policy of (await iam.send(new ListUserPoliciesCommand({ UserName: name }))).PolicyNames ?? [])
      identity.push({
        name: policy,
        policy: decode(
          (await iam.send(new GetUserPolicyCommand({ UserName: name, PolicyName: policy }))).PolicyDocument,
        ),
      });
    const attached = (await iam.send(new ListAttachedUserPoliciesCommand({ UserName: name })))
      .AttachedPolicies;
    identity.push(
      ...(await managed(
        iam,
        (attached ?? []).map((p) => p.PolicyArn),
      )),
    );
    for (const group of (await iam.send(new ListGroupsForUserCommand({ UserName: name }))).Groups ?? []) {
      const GroupName = String(group.GroupName);
      for (const policy of (await iam.send(new ListGroupPoliciesCommand({ GroupName }))).PolicyNames ?? [])
        identity.push({
          name: `${GroupName}/${policy}`,
          policy: decode(
            (await iam.send(new GetGroupPolicyCommand({ GroupName, PolicyName: policy }))).PolicyDocument,
          ),
        });
      const onGroup = (await iam.send(new ListAttachedGroupPoliciesCommand({ GroupName }))).AttachedPolicies;
      identity.push(
        ...(await managed(
          iam,
          (onGroup ?? []).map((p) => p.PolicyArn),
        )),
      );
    }
  }
  const [boundary] = boundaryArn ? await managed(iam, [boundaryArn]) : [];
  return { identity, ...(boundary ? { boundary } : {}) };
}

/** The `.member.N` values of a query parameter list. */
function members(params: URLSearchParams, prefix: string): string[] {
  const values: string[] = [];
  for (let i = 1; params.has(`${prefix}.member.${i}`); i += 1)
    values.push(String(params.get(`${prefix}.member.${i}`)));
  return values;
}

/** The request's context entries: each key with its values (one value as a string, as iam-simulate reads it). */
function contextOf(params: URLSearchParams): Record<string, string | string[]> {
  const context: Record<string, string | string[]> = {};
  for (let i = 1; params.has(`ContextEntries.member.${i}.ContextKeyName`); i += 1) {
    const values = members(params, `ContextEntries.member.${i}.ContextKeyValues`);
    context[String(params.get(`ContextEntries.member.${i}.ContextKeyName`))] =
      values.length === 1 ? String(values[0]) : values;
  }
  return context;
}

/** IAM's answer to a SimulatePrincipalPolicy request (its query parameters), in `account`, as XML. */
export async function simulatePrincipalPolicy(
  admin: MotoConfig,
  account: string,
  body: string,
): Promise<string> {
  const params = new URLSearchParams(body);
  const principal = String(params.get('PolicySourceArn'));
  const { identity, boundary } = await policiesOf(new IAMClient(admin), principal);
  const resources = members(params, 'ResourceArns');
  const contextVariables = contextOf(params);
  const results: string[] = [];
  for (const action of members(params, 'ActionNames'))
    for (const resource of resources.length > 0 ? resources : ['*']) {
      const outcome = await runSimulation(
        {
          request: { principal, action, resource: { resource, accountId: account }, contextVariables },
          identityPolicies: identity,
          serviceControlPolicies: [],
          resourceControlPolicies: [],
          ...(boundary ? { permissionBoundaryPolicies: [boundary] } : {}),
        } as never,
        {},
      );
      if (outcome.resultType !== 'single')
        throw new Error(`the twin's simulator could not decide ${action} on ${resource}`);
      results.push(
        `<member><EvalActionName>${xml(action)}</EvalActionName><EvalResourceName>${xml(resource)}</EvalResourceName>` +
          `<EvalDecision>${EVAL_DECISION[outcome.overallResult]}</EvalDecision><MatchedStatements/><MissingContextValues/></member>`,
      );
    }
  return (
    '<SimulatePrincipalPolicyResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><SimulatePrincipalPolicyResult>' +
    `<IsTruncated>false</IsTruncated><EvaluationResults>${results.join('')}</EvaluationResults>` +
    '</SimulatePrincipalPolicyResult><ResponseMetadata><RequestId>twin</RequestId></ResponseMetadata></SimulatePrincipalPolicyResponse>'
  );
}
