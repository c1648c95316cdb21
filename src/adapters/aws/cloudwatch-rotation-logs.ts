import {
  CloudWatchLogsClient,
  type CloudWatchLogsClientConfig,
  paginateFilterLogEvents,
} from '@aws-sdk/client-cloudwatch-logs';
import { AccessDeniedError, NotFoundError } from '../../domain/errors.js';
import type { RotationLogs } from '../../ports/rotation-logs.js';
import { awsCall } from './errors.js';

/** A rotation leaves a handful of lines per step; more pages than this is not a rotation's log. */
const MAX_PAGES = 10;

/** The log group Lambda writes a function's logs to (the function's name, without a version or alias). */
function logGroupOf(functionArn: string): string {
  const name = /:function:([^:]+)/.exec(functionArn)?.[1] ?? functionArn;
  return `/aws/lambda/${name}`;
}

/**
 * The RotationLogs port over CloudWatch Logs (client in the function's account and region): FilterLogEvents on the
 * function's log group, for lines that name the secret's ARN. A missing log group, or logs Rekey may not read,
 * answer undefined: the caller then knows nothing, and asks a person.
 */
export class CloudWatchRotationLogs implements RotationLogs {
  constructor(private readonly options: { client: CloudWatchLogsClient }) {}

  async messagesAbout(functionArn: string, secretArn: string, since: Date): Promise<string[] | undefined> {
    const messages: string[] = [];
    try {
      await awsCall('logs:FilterLogEvents', async () => {
        let pages = 0;
        for await (const page of paginateFilterLogEvents(
          { client: this.options.client },
          {
            logGroupName: logGroupOf(functionArn),
            startTime: since.getTime(),
            // A quoted term: the ARN has characters a bare term may not (":", "/").
            filterPattern: JSON.stringify(secretArn),
          },
        )) {
          for (const e of page.events ?? []) if (e.message) messages.push(e.message);
          pages += 1;
          if (pages >= MAX_PAGES) break;
        }
      });
    } catch (error) {
      if (error instanceof NotFoundError || error instanceof AccessDeniedError) return undefined;
      throw error;
    }
    return messages;
  }
}

/** Rotation logs of one account and region through a client of its own (loaded when first needed). */
export function cloudWatchRotationLogsWith(config: CloudWatchLogsClientConfig): CloudWatchRotationLogs {
  return new CloudWatchRotationLogs({ client: new CloudWatchLogsClient(config) });
}
