import { slackClient } from './client.js';

/** Whether Slack answers the bot token (`auth.test`, which reads nothing and changes nothing). */
export async function slackReachable(
  token: string,
  apiUrl?: string,
): Promise<{ reachable: boolean; detail?: string }> {
  try {
    const answer = await slackClient(token, { apiUrl, retries: { retries: 0 }, timeoutMs: 5000 }).auth.test();
    return answer.ok ? { reachable: true } : { reachable: false, detail: answer.error ?? 'not ok' };
  } catch (error) {
    return { reachable: false, detail: error instanceof Error ? error.message : String(error) };
  }
}
