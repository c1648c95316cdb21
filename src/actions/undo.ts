import { z } from 'zod';
import { type Undo, UndoSchema } from '../domain/actions.js';
import { InvalidInputError } from '../domain/errors.js';
import { PolicyDocumentSchema } from '../domain/policy-document.js';
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
  'rekey:DetachAndDeleteManagedPolicy': z.object({ principal, policyArn: z.string() }),
  'iam:CreateLoginProfile': z.object({ userName: z.string() }),
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
    case 'rekey:DetachAndDeleteManagedPolicy': {
      const p = OPERATIONS[undo.operation].parse(args);
      await identity.detachManagedPolicy(p.principal, p.policyArn);
      return identity.deleteManagedPolicy(p.policyArn);
    }
    case 'iam:CreateLoginProfile':
      return identity.restoreLoginProfile(OPERATIONS[undo.operation].parse(args).userName);
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
