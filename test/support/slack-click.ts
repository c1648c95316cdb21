import { signSlackRequest } from '../../src/adapters/slack/signature.js';
import type { HttpRequest } from '../../src/handlers/slack-interactions.js';

/** The signing secret the tests' Slack app has. */
export const SIGNING_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';

/** The form body Slack posts for a button click (`payload=<block_actions JSON>`). */
export function clickBody(click: {
  userId: string;
  actionId: string;
  incidentId: string;
  step: string;
}): string {
  const payload = {
    type: 'block_actions',
    user: { id: click.userId, username: click.userId.toLowerCase(), team_id: 'T0REKEY' },
    api_app_id: 'A0REKEY',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: '1700000002.000100', channel_id: 'C0INCIDENTS' },
    channel: { id: 'C0INCIDENTS', name: 'incidents' },
    response_url: 'https://hooks.slack.com/actions/T0REKEY/1/abc',
    actions: [
      {
        action_id: click.actionId,
        block_id: 'rekey:approval-requested',
        type: 'button',
        value: JSON.stringify({ incidentId: click.incidentId, step: click.step }),
        action_ts: '1700000003.000200',
      },
    ],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** A click as the HTTP API delivers it: lower-case headers, the body base64-encoded, correctly signed. */
export function signedClick(
  click: Parameters<typeof clickBody>[0],
  at: Date,
  secret = SIGNING_SECRET,
): HttpRequest {
  const body = clickBody(click);
  const timestamp = Math.floor(at.getTime() / 1000);
  return {
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signSlackRequest(secret, timestamp, body),
    },
    body: Buffer.from(body, 'utf8').toString('base64'),
    isBase64Encoded: true,
  };
}
