import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { RekeyError } from '../../domain/errors.js';
import { awsCall } from './errors.js';

/** PutEvents takes at most ten entries per call. */
const BATCH = 10;

/**
 * Publishes a drill's events to the deployed bus. EventBridge refuses `aws.*` sources from PutEvents, so each
 * original event travels inside a `rekey.drill` event (`{drill, event}` in its detail), which the deployment's
 * drill rule takes to triage. The SDK's usual credential chain and `AWS_ENDPOINT_URL` apply.
 */
export async function publishDrillEvents(
  drill: string,
  events: ReadonlyArray<Record<string, unknown>>,
  options: { bus: string; source: string; detailType: string; client?: EventBridgeClient },
): Promise<number> {
  const client = options.client ?? new EventBridgeClient({});
  let published = 0;
  for (let i = 0; i < events.length; i += BATCH) {
    const entries = events.slice(i, i + BATCH).map((event) => ({
      EventBusName: options.bus,
      Source: options.source,
      DetailType: options.detailType,
      Detail: JSON.stringify({ drill, event }),
    }));
    const out = await awsCall('events:PutEvents', () =>
      client.send(new PutEventsCommand({ Entries: entries })),
    );
    if (out.FailedEntryCount) {
      const reasons = (out.Entries ?? []).flatMap((e) =>
        e.ErrorCode ? [`${e.ErrorCode}: ${e.ErrorMessage}`] : [],
      );
      throw new RekeyError(
        `EventBridge refused ${out.FailedEntryCount} drill event(s): ${reasons.join('; ')}`,
      );
    }
    published += entries.length;
  }
  return published;
}
