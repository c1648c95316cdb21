import * as z from 'zod';
import type { Detection } from '../domain/detection.js';
import { markPartsOf } from '../domain/json-made.js';
import { normaliseAsffFinding } from './asff-finding.js';
import type { EventEnvelope, Normalised } from './envelope.js';
import { parsedBy } from './loose-reader.js';
import { readCustomActionDetail } from './securityhub-readers.js';

/** The `detail` of a "Security Hub Findings - Custom Action" event, as far as Rekey reads it. */
export const CustomActionDetailSchema = z.looseObject({
  actionName: z.string().min(1),
  actionDescription: z.string().optional(),
  findings: z.array(z.unknown()).min(1),
});

const CUSTOM_ACTION_ARN = /^arn:aws[\w-]*:securityhub:[a-z0-9-]+:\d{12}:action\/custom\/[^/]+$/;

/**
 * The findings a person sent to Rekey from the Security Hub console with its custom action. Each is read exactly as
 * Security Hub's imported copy is (AWS's own GuardDuty integration only, the provider's types and severity), and
 * every detection is asserted by the custom action: a person's request, which always waits for a responder, never
 * AWS reporting an exposure.
 */
export function normaliseSecurityHubCustomAction(envelope: EventEnvelope): Normalised {
  const detail = parsedBy(readCustomActionDetail, CustomActionDetailSchema, envelope.detail);
  markPartsOf(envelope.detail, detail.findings);
  const action = envelope.resources.find((r) => CUSTOM_ACTION_ARN.test(r)) ?? detail.actionName;
  const results = detail.findings.map((f) => normaliseAsffFinding(envelope, f));
  return {
    ignored: results.flatMap((r) => r.ignored),
    detections: results.flatMap((r) =>
      r.detections.map(
        (d): Detection => ({
          ...d,
          evidence: {
            ...d.evidence,
            awsReportedExposed: false,
            assertedBy: `Security Hub custom action ${action}`,
            summary: `${d.evidence.summary} (sent to Rekey from Security Hub (${detail.actionName}) by a person)`,
          },
        }),
      ),
    ),
  };
}
