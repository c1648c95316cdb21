/**
 * A responder's click as Slack sends it to the twin's HTTP API: the block_actions payload for a button of a
 * message the stand-in Slack received, signed with the app's signing secret (or not, for the refusals).
 */
import { signSlackRequest } from '../src/adapters/slack/signature.js';
import type { FakeSlack } from '../test/support/fake-slack.js';

/** A button of a message Rekey posted: its action id and the value it carries. */
export interface PostedButton {
  actionId: string;
  value: string;
  channel: string;
  ts: string;
}

/** Every button of every message (posted or updated) the stand-in Slack received, in order. */
export function postedButtons(slack: FakeSlack): PostedButton[] {
  return slack.calls
    .filter((c) => c.method === 'chat.postMessage' || c.method === 'chat.update')
    .flatMap((c) =>
      (
        (c.args.blocks ?? []) as Array<{
          type: string;
          elements?: Array<{ action_id?: string; value?: string }>;
        }>
      )
        .filter((b) => b.type === 'actions')
        .flatMap((b) => b.elements ?? [])
        .filter((e) => e.action_id && e.value)
        .map((e) => ({
          actionId: String(e.action_id),
          value: String(e.value),
          channel: String(c.args.channel),
          ts: String(c.args.ts ?? '1700000001.000100'),
        })),
    );
}

/** Posts a click of `button` by `userId` to the HTTP API; signed with `secret` unless it is undefined. */
export async function click(
  apiUrl: string,
  button: PostedButton,
  userId: string,
  secret: string | undefined,
): Promise<{ status: number; body: string }> {
  const payload = {
    type: 'block_actions',
    user: { id: userId, username: userId.toLowerCase(), team_id: 'T0TWIN' },
    api_app_id: 'A0TWIN',
    container: { type: 'message', message_ts: button.ts, channel_id: button.channel },
    channel: { id: button.channel, name: 'incidents' },
    response_url: 'https://hooks.slack.com/actions/T0TWIN/1/twin',
    actions: [
      {
        action_id: button.actionId,
        block_id: 'rekey',
        type: 'button',
        value: button.value,
        action_ts: `${Date.now() / 1000}`,
      },
    ],
  };
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  const timestamp = Math.floor(Date.now() / 1000);
  const response = await fetch(`${apiUrl}/slack/interactions`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': secret ? signSlackRequest(secret, timestamp, body) : 'v0=0000',
    },
    body,
  });
  return { status: response.status, body: await response.text() };
}
