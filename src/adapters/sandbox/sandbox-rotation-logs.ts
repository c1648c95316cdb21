import type { RotationLogs } from '../../ports/rotation-logs.js';
import { logLine } from './sandbox-rotation.js';
import type { SandboxSecret, SecretsHost } from './sandbox-secrets.js';

/** The lines a rotation function logged about a secret since a time, as CloudWatch Logs would return them. */
export function rotationMessages(secret: SandboxSecret, since: Date): string[] {
  return secret.rotationLog
    .filter((e) => Date.parse(e.at) >= since.getTime())
    .map((e) => logLine(secret.arn, e));
}

/**
 * What rotation functions logged about the account's secrets, as CloudWatch Logs' FilterLogEvents answers Rekey's
 * role: a function that never rotated a secret has no log group; lines are those naming the secret's ARN.
 */
export function sandboxRotationLogs(host: SecretsHost): RotationLogs {
  return {
    messagesAbout: async (functionArn, secretArn, since) => {
      const name = /:function:([^:]+)/.exec(functionArn)?.[1] ?? functionArn;
      const group = `/aws/lambda/${name}`;
      const trail = { service: 'logs', requestParameters: { logGroupName: group } };
      host.authorize(
        'logs:FilterLogEvents',
        `arn:aws:logs:${host.region}:${host.id}:log-group:${group}:*`,
        undefined,
        undefined,
        { operation: 'FilterLogEvents', target: group, trail },
      );
      host.record('FilterLogEvents', group, trail);
      const rotated = [...host.secrets.values()].filter((x) => x.rotationLambdaArn === functionArn);
      if (rotated.length === 0) return undefined;
      return rotated.flatMap((x) => rotationMessages(x, since)).filter((m) => m.includes(secretArn));
    },
  };
}
