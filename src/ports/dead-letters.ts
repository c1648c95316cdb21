/** Where rejected input is kept with the reason, so nothing is lost (an SQS queue; a folder locally). */
export interface DeadLetters {
  keep(payload: unknown, reason: string): Promise<void>;
}
