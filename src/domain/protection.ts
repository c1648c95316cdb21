/** Compiled patterns: a deployment has a handful, met on every signal. */
const GLOBS = new Map<string, RegExp>();

/** IAM wildcard match (`*`, `?`), for allowlists and protected principals. */
export function iamGlob(pattern: string, value: string): boolean {
  let glob = GLOBS.get(pattern);
  if (!glob) {
    const escaped = pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.');
    glob = new RegExp(`^${escaped}$`);
    if (GLOBS.size >= 1000) GLOBS.clear();
    GLOBS.set(pattern, glob);
  }
  return glob.test(value);
}

/** Who Rekey must never change: configured principals, its own roles (IAM wildcards allowed). */
export interface ProtectionSettings {
  protectedPrincipals: readonly string[];
  ownRoles?: readonly string[];
  /** False for principals the attacker created: they could have tagged them `rekey:protected` themselves. */
  trustTag?: boolean;
}

/** The member role's name when the deployment's `memberRoleName` parameter leaves it to the template's default. */
export const DEFAULT_MEMBER_ROLE_NAME = 'rekey-member';

/**
 * Rekey's own roles in every account, as the deployment names them (`REKEY_OWN_ROLES` in serverless.yml): its
 * functions' and management role (`rekey-*`), the forwarding role (under `/rekey/`), and the member role and its
 * reader (`<memberRoleName>*`).
 */
export function ownRolePatterns(memberRoleName = DEFAULT_MEMBER_ROLE_NAME, partition = 'aws'): string[] {
  return [
    `arn:${partition}:iam::*:role/rekey-*`,
    `arn:${partition}:iam::*:role/rekey/*`,
    `arn:${partition}:iam::*:role/${memberRoleName}*`,
  ];
}

/** An IAM Identity Center role, `AWSReservedSSO_<permission set>_<16 hex>`: the permission set's name is group 1. */
export const IDENTITY_CENTER_ROLE = /^AWSReservedSSO_(.+)_[0-9a-f]{16}$/;

/**
 * The path IAM keeps for the roles Identity Center creates: nobody else can create a role on it, while anyone may
 * name a role of their own `AWSReservedSSO_...`. Only a role on it is Identity Center's.
 */
export const IDENTITY_CENTER_PATH = '/aws-reserved/sso.amazonaws.com/';

/** The tag that marks a principal Rekey must never change. */
export const PROTECTED_TAG = 'rekey:protected';

/**
 * Why a principal must never be contained, or undefined: service-linked roles, Rekey's own roles, configured
 * protected principals, and principals tagged `rekey:protected` = `true`.
 */
export function protectionReason(
  principal: { arn: string; tags?: Record<string, string> },
  settings: ProtectionSettings,
): string | undefined {
  const { arn } = principal;
  if (/:role\/aws-service-role\//.test(arn) || /:role\/(.*\/)?AWSServiceRoleFor/.test(arn)) {
    return `${arn} is a service-linked role: reported, never contained`;
  }
  if ((settings.ownRoles ?? []).some((p) => iamGlob(p, arn)))
    return `${arn} is one of Rekey's own roles: reported, never contained`;
  if (settings.protectedPrincipals.some((p) => iamGlob(p, arn)))
    return `${arn} is a protected principal: reported, never contained`;
  if (settings.trustTag !== false && principal.tags?.[PROTECTED_TAG]?.toLowerCase() === 'true')
    return `${arn} is tagged ${PROTECTED_TAG}: reported, never contained`;
  return undefined;
}
