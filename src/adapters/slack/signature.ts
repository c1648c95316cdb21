import { createHmac, timingSafeEqual } from 'node:crypto';

/** How old a Slack request may be (Slack's own guidance: five minutes). */
export const SLACK_REQUEST_WINDOW_SECONDS = 300;

/** Why a request is refused before anything reads it, or that it is Slack's. */
export type SignatureVerdict = { ok: true; timestamp: number } | { ok: false; reason: string };

/**
 * Verifies Slack's `v0` signature: HMAC-SHA256 with the signing secret over `v0:<timestamp>:<raw body>`, compared in
 * constant time, and a timestamp within five minutes of now (either way, against replays of old requests).
 */
export function verifySlackSignature(input: {
  signingSecret: string;
  timestamp: string | undefined;
  signature: string | undefined;
  rawBody: string;
  now: Date;
}): SignatureVerdict {
  const { timestamp, signature } = input;
  if (!timestamp || !/^\d{1,12}$/.test(timestamp))
    return { ok: false, reason: 'no valid X-Slack-Request-Timestamp' };
  const seconds = Number(timestamp);
  if (Math.abs(input.now.getTime() / 1000 - seconds) > SLACK_REQUEST_WINDOW_SECONDS)
    return { ok: false, reason: 'the request is more than five minutes from now' };
  if (!signature || !/^v0=[0-9a-f]{64}$/.test(signature))
    return { ok: false, reason: 'no valid X-Slack-Signature' };
  const expected = createHmac('sha256', input.signingSecret)
    .update(`v0:${timestamp}:${input.rawBody}`, 'utf8')
    .digest();
  const given = Buffer.from(signature.slice(3), 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'the signature does not match' };
  return { ok: true, timestamp: seconds };
}

/** Signs a body as Slack does (for the local runtime and tests that play Slack). */
export function signSlackRequest(signingSecret: string, timestamp: number, rawBody: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`, 'utf8').digest('hex')}`;
}
