import * as z from 'zod';
import { asList, PolicyDocumentSchema } from '../../domain/policy-document.js';

const ROOT_ID = /^r-[0-9a-z]{4,32}$/;

/**
 * The organisation the account belongs to: its management account, its root and organizational units (the accounts
 * each holds), and the SCPs with their targets (accounts, the root or OUs: an SCP binds every account below it).
 */
export const OrganizationSeedSchema = z
  .strictObject({
    managementAccountId: z.string().regex(/^\d{12}$/, 'a 12-digit account id'),
    /** The root's id; by default the one the SCPs' targets name. */
    rootId: z.string().regex(ROOT_ID, 'a root id (r-...)').optional(),
    organizationalUnits: z
      .array(
        z.strictObject({
          id: z.string().regex(/^ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}$/, 'an OU id (ou-...-...)'),
          /** The root (by default) or the OU it sits in. */
          parentId: z.string().optional(),
          accounts: z.array(z.string().regex(/^\d{12}$/, 'a 12-digit account id')).default([]),
        }),
      )
      .default([]),
    policies: z
      .array(
        z.strictObject({
          /** An SCP's id; AWS's FullAWSAccess is `p-FullAWSAccess`, placed where the seed attaches it. */
          id: z
            .string()
            .regex(/^p-([0-9a-z]{8,128}|FullAWSAccess)$/, 'an SCP id (p-..., or p-FullAWSAccess)'),
          name: z.string().min(1),
          document: PolicyDocumentSchema,
          targets: z.array(z.string()).default([]),
        }),
      )
      .default([]),
  })
  .transform((organization, context) => {
    const roots = new Set(organization.policies.flatMap((p) => p.targets.filter((t) => ROOT_ID.test(t))));
    const rootId = organization.rootId ?? [...roots][0];
    const units = new Map(organization.organizationalUnits.map((u) => [u.id, u]));
    const problem = (path: Array<string | number>, message: string) =>
      context.addIssue({ code: 'custom', path, message });
    for (const [i, policy] of organization.policies.entries()) {
      // AWS's own SCP: its name and its one statement are AWS's, never a drill's variant.
      const [only, ...more] = asList(policy.document.Statement);
      if (
        policy.id === 'p-FullAWSAccess' &&
        (policy.name !== 'FullAWSAccess' ||
          more.length > 0 ||
          only?.Effect !== 'Allow' ||
          only.Action !== '*' ||
          only.Resource !== '*' ||
          only.Condition !== undefined)
      )
        problem(
          ['policies', i],
          "p-FullAWSAccess is AWS's FullAWSAccess: named so, with one statement allowing every action on every resource",
        );
      for (const [j, target] of policy.targets.entries()) {
        if (/^\d{12}$/.test(target) || target === rootId || units.has(target)) continue;
        problem(
          ['policies', i, 'targets', j],
          ROOT_ID.test(target)
            ? `${target} is not the organisation's root (${rootId}): an organisation has one root`
            : `${target} is neither an account id, the root (${rootId ?? 'none named'}) nor a declared organizational unit (${[...units.keys()].join(', ') || 'none'})`,
        );
      }
    }
    const placed = new Map<string, string>();
    organization.organizationalUnits.forEach((unit, i) => {
      if (unit.parentId !== undefined && unit.parentId !== rootId && !units.has(unit.parentId))
        problem(
          ['organizationalUnits', i, 'parentId'],
          `${unit.parentId} is neither the root nor a declared OU`,
        );
      const seen = new Set([unit.id]);
      for (let up = units.get(unit.parentId ?? ''); up; up = units.get(up.parentId ?? '')) {
        if (seen.has(up.id)) {
          problem(['organizationalUnits', i, 'parentId'], `${unit.id} sits inside itself`);
          break;
        }
        seen.add(up.id);
      }
      for (const account of unit.accounts) {
        const other = placed.get(account);
        if (other) problem(['organizationalUnits', i, 'accounts'], `${account} is already in ${other}`);
        placed.set(account, unit.id);
      }
    });
    return { ...organization, ...(rootId ? { rootId } : {}) };
  });
