import { array, looseObject, record, string, unknown } from './loose-reader.js';

const text = string();
const optional = 'optional' as const;

/**
 * What HealthDetailSchema.parse gives for a detail it accepts (health-event.ts, field for field), read by hand;
 * REFUSED for one it refuses.
 */
export const readHealthDetail = looseObject([
  ['eventArn', text],
  ['eventTypeCode', text],
  ['service', text, optional],
  ['startTime', text, optional],
  ['affectedAccount', text, optional],
  ['eventMetadata', record(unknown), optional],
  ['affectedEntities', array(looseObject([['entityValue', text]])), { default: [] }],
]);
