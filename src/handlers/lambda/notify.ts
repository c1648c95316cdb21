import { systemClock } from '../../domain/clock.js';
import { createNotifyHandler } from '../notify.js';
import { readEnvironment } from './config.js';
import { deployedNotifier } from './slack-wiring.js';
import { deployedTimeline } from './wiring.js';

const env = readEnvironment([
  'REKEY_TIMELINE_TABLE',
  'REKEY_TIMELINE_KEYS',
  'REKEY_ANCHOR_BUCKET',
  'REKEY_APPROVALS_TABLE',
  'REKEY_SLACK_SECRET_ID',
  'REKEY_SLACK_CHANNEL',
  'SLACK_API_URL',
]);
const timeline = deployedTimeline(env, 'notify');
// Built on the first invocation: the Slack secret is read once per cold start.
const ready = deployedNotifier(env).then((notifier) =>
  createNotifyHandler({ notifier, timeline, clock: systemClock }),
);

/** The notify Lambda, invoked asynchronously by the playbooks. */
export const handler = async (payload: unknown) => (await ready)(payload);
