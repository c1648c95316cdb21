import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { ActingRole } from '../adapters/sandbox/sandbox-account.js';
import { type PolicyDocument, PolicyDocumentSchema } from '../domain/policy-document.js';

/** The member-account template whose role Rekey acts as in every account but its own. */
export const MEMBER_ROLE_TEMPLATE = 'resources/member-role.cfn.yml';

// The short-form intrinsics the template uses, read as their long form.
const TAGS = ['Ref', 'Sub', 'GetAtt'].map((tag) => ({
  tag: `!${tag}`,
  resolve: (value: unknown) => ({ [tag === 'Ref' ? 'Ref' : `Fn::${tag}`]: value }),
}));

interface Template {
  Parameters?: Record<string, { Default?: unknown }>;
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
}

/** A template value with `Ref` and `Fn::Sub` resolved against parameters' defaults and the pseudo parameters. */
function resolve(value: unknown, names: Record<string, string>): unknown {
  if (Array.isArray(value)) return value.map((v) => resolve(v, names));
  if (!value || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  const name = (n: string) => {
    if (!(n in names)) throw new Error(`${MEMBER_ROLE_TEMPLATE}: nothing to resolve \${${n}} with`);
    return names[n] as string;
  };
  if ('Ref' in object) return name(String(object.Ref));
  if ('Fn::Sub' in object)
    return String(object['Fn::Sub']).replace(/\$\{([^}]+)\}/g, (_, n: string) => name(n));
  return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, resolve(v, names)]));
}

/** The member template, read and parsed once per checkout: every account of every drill asks for its two roles. */
const TEMPLATES = new Map<string, Promise<Template>>();

function templateAt(root: string): Promise<Template> {
  let template = TEMPLATES.get(root);
  if (!template) {
    template = readFile(join(root, MEMBER_ROLE_TEMPLATE), 'utf8').then(
      (text) => parse(text, { customTags: TAGS }) as Template,
    );
    TEMPLATES.set(root, template);
  }
  return template;
}

/**
 * Rekey's member role in an account, with the policies the member template grants it (parameters at their
 * defaults): a drill's sandbox checks against them the calls AWS authorises beyond the call itself (RotateSecret's
 * lambda:InvokeFunction on the rotation function), so a permission the template lacks fails the drill as it would
 * fail in the account.
 */
export async function memberRole(
  root: string,
  accountId: string,
  region: string,
  resource: 'MemberRole' | 'MemberReaderRole' = 'MemberRole',
): Promise<ActingRole> {
  const template = await templateAt(root);
  const names: Record<string, string> = {
    'AWS::Partition': 'aws',
    'AWS::AccountId': accountId,
    'AWS::Region': region,
    ...Object.fromEntries(
      Object.entries(template.Parameters ?? {}).flatMap(([k, p]) =>
        p.Default === undefined ? [] : [[k, String(p.Default)]],
      ),
    ),
  };
  const role = template.Resources[resource];
  if (role?.Type !== 'AWS::IAM::Role') throw new Error(`${MEMBER_ROLE_TEMPLATE} has no ${resource}`);
  const policies = (role.Properties?.Policies ?? []) as Array<{
    PolicyName: string;
    PolicyDocument: unknown;
  }>;
  return {
    arn: `arn:aws:iam::${accountId}:role/${String(resolve(role.Properties?.RoleName, names))}`,
    policies: policies.map((p) => ({
      name: p.PolicyName,
      document: PolicyDocumentSchema.parse(resolve(p.PolicyDocument, names)) as PolicyDocument,
    })),
  };
}
