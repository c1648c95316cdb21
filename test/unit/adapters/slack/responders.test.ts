import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { slackClient } from '../../../../src/adapters/slack/client.js';
import { WebApiSlackDirectory } from '../../../../src/adapters/slack/slack-directory.js';
import { respondersAt } from '../../../../src/app/responders.js';
import { FakeSlack } from '../../../support/fake-slack.js';

let slack: FakeSlack;
let directory: WebApiSlackDirectory;
const mapped = [
  {
    slackUserId: 'U0ALICE',
    name: 'Alice',
    email: 'alice@example.com',
    principals: ['arn:aws:iam::111122223333:user/alice'],
  },
];

beforeEach(async () => {
  slack = new FakeSlack();
  const url = await slack.start();
  directory = new WebApiSlackDirectory(slackClient('xoxb-test', { apiUrl: url, retries: { retries: 0 } }));
  slack.groups.set('S0RESPONDERS', ['U0DAVE', 'U0ALICE2']);
  slack.users.set('U0DAVE', { name: 'Dave', email: 'dave@example.com' });
  slack.users.set('U0ALICE2', { name: 'Alice (second account)', email: 'Alice@Example.com' });
});
afterEach(() => slack.stop());

describe('the responders at click time', () => {
  it("adds a member of the responders' user group, asking Slack when they click", async () => {
    const responders = await respondersAt('U0DAVE', { responders: mapped, group: 'S0RESPONDERS' }, directory);
    expect(responders.at(-1)).toEqual({
      slackUserId: 'U0DAVE',
      name: 'Dave',
      email: 'dave@example.com',
      principals: [],
    });
    expect(slack.of('usergroups.users.list')[0]?.args.usergroup).toBe('S0RESPONDERS');
  });

  it('carries over the AWS principals of a mapped email, so a second Slack account does not escape the subject rule', async () => {
    const responders = await respondersAt(
      'U0ALICE2',
      { responders: mapped, group: 'S0RESPONDERS' },
      directory,
    );
    expect(responders.at(-1)?.principals).toEqual(['arn:aws:iam::111122223333:user/alice']);
  });

  it('adds nobody outside the group, and does not ask Slack about a mapped responder', async () => {
    expect(await respondersAt('U0EVE', { responders: mapped, group: 'S0RESPONDERS' }, directory)).toEqual(
      mapped,
    );
    slack.calls.length = 0;
    await respondersAt('U0ALICE', { responders: mapped, group: 'S0RESPONDERS' }, directory);
    expect(slack.calls).toEqual([]);
  });
});
