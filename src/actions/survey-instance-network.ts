import { surveyInstanceNetwork } from '../domain/actions.js';
import type { Action } from './action.js';
import { describeSurvey, surveyFacts, surveyRole } from './instance-survey.js';

/**
 * Before an instance role is restricted: every instance holding the role, where each reaches AWS from, and whether
 * restricting the role's instance credentials to those networks provably leaves every one working (the fact
 * `harmless` a playbook may auto-approve the restriction on). Changes nothing.
 */
export const surveyInstanceNetworkAction: Action<typeof surveyInstanceNetwork> = {
  descriptor: surveyInstanceNetwork,
  plan: () => ({}),
  calls: async () => [],
  async apply({ roleName }, _plan, context) {
    const survey = await surveyRole(roleName, context);
    const { unproven } = survey.egress;
    return {
      status: 'unchanged',
      summary:
        unproven.length === 0
          ? `${describeSurvey(roleName, survey)}: restricting its instance credentials to them leaves every one working`
          : `${describeSurvey(roleName, survey)}; Rekey cannot prove a restriction leaves every one working: ${unproven.join('; ')}`,
      facts: surveyFacts(survey),
    };
  },
};
