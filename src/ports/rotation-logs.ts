/** What Lambda rotation functions logged (CloudWatch Logs), read to learn how a rotation that stopped ended. */
export interface RotationLogs {
  /**
   * The messages a function logged since a time that name a secret (its ARN), oldest first; undefined when the
   * function's logs cannot be read (no log group, no permission). Callers keep what a line means, never the line.
   */
  messagesAbout(functionArn: string, secretArn: string, since: Date): Promise<string[] | undefined>;
}

/** Gives the RotationLogs port of an account and region. */
export type RotationLogsProvider = (accountId: string, region: string) => RotationLogs;
