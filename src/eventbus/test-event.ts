import { InvalidTestEventError } from './errors.js';
import { isJsonObject, type JsonValue, parseJsonText } from './json-text.js';

/** The fields TestEventPattern requires of an event (it answers "Parameter Event is not valid." without them). */
export const TEST_EVENT_FIELDS = ['id', 'account', 'source', 'time', 'region', 'detail-type'] as const;

/**
 * Parses an event as TestEventPattern takes it: JSON text of an object that has every field of the envelope.
 * Throws InvalidTestEventError naming what is wrong.
 */
export function parseTestEvent(text: string): JsonValue {
  let event: JsonValue;
  try {
    event = parseJsonText(text);
  } catch (error) {
    throw new InvalidTestEventError(`it is not valid JSON: ${(error as Error).message}`);
  }
  if (!isJsonObject(event)) throw new InvalidTestEventError('it must be a JSON object');
  const missing = TEST_EVENT_FIELDS.filter((field) => !Object.hasOwn(event, field));
  if (missing.length > 0)
    throw new InvalidTestEventError(
      `it lacks ${missing.map((field) => JSON.stringify(field)).join(', ')} (an event needs ${TEST_EVENT_FIELDS.join(', ')})`,
    );
  return event;
}
