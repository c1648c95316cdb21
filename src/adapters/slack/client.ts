import { LogLevel, type RetryOptions, WebClient } from '@slack/web-api';

/** How the Slack client retries a failed call (a 429 is waited out for its Retry-After, then retried). */
export const SLACK_RETRIES: RetryOptions = { retries: 3, factor: 2, minTimeout: 500, maxTimeout: 4000 };

/**
 * The real `@slack/web-api` client: the bot token, at most three calls in flight (Slack rate-limits per method and
 * channel), bounded retries (a notification is asynchronous, never on the containment path, so it may wait), and
 * `apiUrl` to point it at another server (`SLACK_API_URL`; the tests' local one).
 */
export function slackClient(
  token: string,
  options: { apiUrl?: string | undefined; retries?: RetryOptions; timeoutMs?: number } = {},
): WebClient {
  return new WebClient(token, {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
    retryConfig: options.retries ?? SLACK_RETRIES,
    timeout: options.timeoutMs ?? 5000,
    maxRequestConcurrency: 3,
    logLevel: LogLevel.ERROR,
  });
}
