import { createNotifyHandler } from '../notify.js';
import { notifyingFunction } from './notifying-function.js';

/** The notify Lambda, invoked asynchronously by the playbooks. */
export const handler = notifyingFunction('notify', [], ({ notifier, timeline, clock }) =>
  createNotifyHandler({ notifier, timeline, clock }),
);
