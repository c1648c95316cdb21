import * as z from 'zod';
import { type Undo, UndoSchema } from '../domain/actions.js';
import { InvalidInputError } from '../domain/errors.js';
import { PolicyDocumentSchema, TrustPolicySchema } from '../domain/policy-document.js';
import { type ProtectionSettings, protectionReason } from '../domain/protection.js';
import type { Identity } from '../ports/identity.js';
import type { IdentityCenter } from '../ports/identity-center.js';
import type { Organizations } from '../ports/organizations.js';
import type { Secrets } from '../ports/secrets.js';

const principal = z.object({ kind: z.enum(['user', 'role']), name: z.string() });

const OPERATIONS = {
  'iam:UpdateAccessKey': z.object({
    userName: z.string(),
    accessKeyId: z.string(),
    status: z.enum(['Active', 'Inactive']),
  }),
  'iam:DeleteInlinePolicy': z.object({ principal, policyName: z.string() }),
  'iam:PutInlinePolicy': z.object({ principal, policyName: z.string(), document: PolicyDocumentSchema }),
  /** A role's trust policy put back as the sweep journaled it before closing it. */
  'iam:UpdateAssumeRolePolicy': z.object({ roleName: z.string(), document: TrustPolicySchema }),
  'rekey:DetachAndDeleteManagedPolicy': z.object({ principal, policyArn: z.string() }),
  'secretsmanager:PutResourcePolicy': z.object({ secretId: z.string(), document: PolicyDocumentSchema }),
  'secretsmanager:DeleteResourcePolicy': z.object({ secretId: z.string() }),
  'organizations:DetachAndDeletePolicy': z.object({ policyId: z.string(), accountId: z.string() }),
  'sso:RestoreInlinePolicy': z.object({
    permissionSet: z.object({ instanceArn: z.string(), permissionSetArn: z.string(), name: z.string() }),
    document: PolicyDocumentSchema.nullable(),
  }),
} as const;

/** What undoing needs: IAM, and Secrets Manager for secret policies. */
export interface UndoPorts {
  identity: Identity;
  /** IAM of another account, for changes an action made outside its step's account. */
  identityFor?: (accountId: string) => Identity;
  secrets?: Secrets;
  identityCenter?: IdentityCenter;
  organizations?: Organizations;
}

function secretsOf(ports: UndoPorts): Secrets {
  if (!ports.secrets) throw new InvalidInputError('undoing a secret policy needs Secrets Manager');
  return ports.secrets;
}

/** Applies a journaled undo record through the Identity port; an unknown record is refused, never guessed at. */
export async function applyUndo(undo: Undo, ports: UndoPorts): Promise<void> {
  const args = undo.parameters;
  const { identity } = ports;
  switch (undo.operation) {
    case 'iam:UpdateAccessKey': {
      const p = OPERATIONS[undo.operation].parse(args);
      return identity.updateAccessKeyStatus(p.userName, p.accessKeyId, p.status);
    }
    case 'iam:DeleteInlinePolicy': {
      const p = OPERATIONS[undo.operation].parse(args);
      return identity.deleteInlinePolicy(p.principal, p.policyName);
    }
    case 'iam:PutInlinePolicy': {
      const p = OPERATIONS[undo.operation].parse(args);
      return identity.putInlinePolicy(p.principal, p.policyName, p.document);
    }
    case 'iam:UpdateAssumeRolePolicy': {
      const p = OPERATIONS[undo.operation].parse(args);
      return identity.updateRoleTrustPolicy(p.roleName, p.document);
    }
    case 'rekey:DetachAndDeleteManagedPolicy': {
      const p = OPERATIONS[undo.operation].parse(args);
      await identity.detachManagedPolicy(p.principal, p.policyArn);
      return identity.deleteManagedPolicy(p.policyArn);
    }
    case 'secretsmanager:PutResourcePolicy': {
      const p = OPERATIONS[undo.operation].parse(args);
      return secretsOf(ports).putResourcePolicy(p.secretId, p.document);
    }
    case 'secretsmanager:DeleteResourcePolicy':
      return secretsOf(ports).deleteResourcePolicy(OPERATIONS[undo.operation].parse(args).secretId);
    case 'sso:RestoreInlinePolicy': {
      const p = OPERATIONS[undo.operation].parse(args);
      if (!ports.identityCenter)
        throw new InvalidInputError('undoing a permission set change needs Identity Center');
      if (p.document) await ports.identityCenter.putInlinePolicy(p.permissionSet, p.document);
      else await ports.identityCenter.deleteInlinePolicy(p.permissionSet);
      return ports.identityCenter.provision(p.permissionSet);
    }
    case 'organizations:DetachAndDeletePolicy': {
      const p = OPERATIONS[undo.operation].parse(args);
      if (!ports.organizations)
        throw new InvalidInputError('undoing an SCP needs the management-account role');
      await ports.organizations.detachPolicy(p.policyId, p.accountId);
      return ports.organizations.deletePolicy(p.policyId);
    }
    case 'rekey:InAccount': {
      const p = z.object({ accountId: z.string(), undo: UndoSchema }).parse(args);
      if (!ports.identityFor) throw new InvalidInputError(`undoing a change in ${p.accountId} needs its IAM`);
      return applyUndo(p.undo, { ...ports, identity: ports.identityFor(p.accountId) });
    }
    case 'rekey:UndoAll': {
      const list = z
        .array(z.object({ operation: z.string(), parameters: z.record(z.string(), z.unknown()) }))
        .parse(args.undo);
      for (const each of [...list].reverse()) await applyUndo(each, ports);
      return;
    }
    default:
      throw new InvalidInputError(`no way to undo ${undo.operation}`);
  }
}

/** What an undo is checked against: the incident's own targets (from its sealed journal) and who is protected. */
export interface UndoScope {
  /** Every name, key, secret and policy the incident's steps journaled as their parameters, plan and facts. */
  targets: ReadonlySet<string>;
  accountId: string;
  protection: ProtectionSettings;
}

/** The principals, keys and secrets an undo touches (each must be journaled), and whether it would allow anything. */
function touched(undo: Undo, accountId: string): { names: string[]; principals: string[]; allows: boolean } {
  const p = undo.parameters as Record<string, unknown>;
  const principal = p.principal as { kind?: string; name?: string } | undefined;
  const arn = (kind: string, name: string) => `arn:aws:iam::${accountId}:${kind}/${name}`;
  const statements = (p.document as { Statement?: unknown } | undefined)?.Statement;
  const allows = [statements ?? []].flat().some((s) => (s as { Effect?: string }).Effect !== 'Deny');
  const names = ['userName', 'roleName', 'accessKeyId', 'secretId', 'policyId']
    .map((k) => p[k])
    .filter((v): v is string => typeof v === 'string');
  const principals = [
    ...(principal?.kind && principal.name ? [arn(principal.kind, principal.name)] : []),
    ...(typeof p.userName === 'string' ? [arn('user', p.userName)] : []),
    ...(typeof p.roleName === 'string' ? [arn('role', p.roleName)] : []),
  ];
  return { names: [...names, ...(principal?.name ? [principal.name] : [])], principals, allows };
}

/** Whether a name was journaled: as itself, or as the last part of a journaled ARN (`…:user/path/alice`). */
function journaled(name: string, targets: ReadonlySet<string>): boolean {
  if (targets.has(name)) return true;
  for (const t of targets)
    if (t.startsWith('arn:') && (t.endsWith(`/${name}`) || t.endsWith(`:${name}`))) return true;
  return false;
}

/** Rekey's own policies: inline ones named `rekey-…`, managed ones under `policy/rekey/`. */
function ownPolicy(undo: Undo): boolean {
  const { policyName, policyArn } = undo.parameters as { policyName?: unknown; policyArn?: unknown };
  if (policyName !== undefined && !(typeof policyName === 'string' && policyName.startsWith('rekey-')))
    return false;
  return policyArn === undefined || /^arn:aws[\w-]*:iam::\d{12}:policy\/rekey\//.test(String(policyArn));
}

/**
 * Why an undo must not run, or undefined. It may only touch what the incident's own steps journaled, never a
 * protected principal (Rekey's own roles included), never put an inline policy that allows anything on an IAM
 * principal (Rekey's inline policies only deny), only reactivate a key, and touch no IAM policy but Rekey's own;
 * a role's trust policy is put back only on a role the incident journaled (as the sweep found it before closing it).
 */
export function undoRefusal(undo: Undo, scope: UndoScope): string | undefined {
  if (undo.operation === 'rekey:UndoAll' || undo.operation === 'rekey:InAccount') {
    const inner = undo.operation === 'rekey:UndoAll' ? undo.parameters.undo : [undo.parameters.undo];
    const accountId =
      undo.operation === 'rekey:InAccount' ? String(undo.parameters.accountId) : scope.accountId;
    if (undo.operation === 'rekey:InAccount' && !scope.targets.has(accountId))
      return `it acts in account ${accountId}, which none of the incident's steps journaled`;
    for (const each of z.array(UndoSchema).parse(inner)) {
      const refused = undoRefusal(each, { ...scope, accountId });
      if (refused) return refused;
    }
    return undefined;
  }
  if (!(undo.operation in OPERATIONS)) return `no way to undo ${undo.operation}`;
  const { names, principals, allows } = touched(undo, scope.accountId);
  const foreign = names.find((n) => !journaled(n, scope.targets));
  if (foreign) return `it touches ${foreign}, which none of the incident's steps journaled`;
  for (const arn of principals) {
    const protectedBy = protectionReason({ arn }, scope.protection);
    if (protectedBy) return protectedBy;
  }
  if (undo.operation === 'iam:PutInlinePolicy' && allows)
    return 'it would put an inline policy that allows something: Rekey only ever puts denies';
  if (undo.operation === 'iam:UpdateAccessKey' && undo.parameters.status !== 'Active')
    return 'an undo only ever reactivates a key Rekey deactivated';
  if (undo.operation.startsWith('iam:') || undo.operation.startsWith('rekey:')) {
    if (!ownPolicy(undo))
      return "it touches a policy that is not one of Rekey's own (rekey-…, policy/rekey/)";
  }
  return undefined;
}
