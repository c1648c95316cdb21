/** Structured logging as handlers use it (Powertools Logger in Lambda); never pass a secret value. */
export interface Log {
  info(message: string, attributes?: Record<string, unknown>): void;
  warn(message: string, attributes?: Record<string, unknown>): void;
  error(message: string, attributes?: Record<string, unknown>): void;
}

/** A log that drops everything (tests, and local runs that print their own story). */
export const silentLog: Log = { info: () => undefined, warn: () => undefined, error: () => undefined };
