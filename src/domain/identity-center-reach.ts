/** The template of Rekey's role in the account holding the organisation's Identity Center instance. */
export const IDENTITY_CENTER_ROLE_TEMPLATE = 'resources/identity-center-role.cfn.yml';

/**
 * Why Rekey cannot reach the organisation's Identity Center instance: it is not in Rekey's own account (`where`
 * says how that is known) and Rekey is given no role in the account holding it. Deployed and in drills alike.
 */
export function identityCenterOutOfReach(where: string): string {
  return `IAM Identity Center is out of Rekey's reach: ${where}, and no identityCenterRoleArn is set. Deploy ${IDENTITY_CENTER_ROLE_TEMPLATE} in the account holding the instance (the management account or Identity Center's delegated administrator) and set the identityCenterRoleArn parameter to its output`;
}
