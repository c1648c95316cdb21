import * as z from 'zod';
import type { Detection } from '../domain/detection.js';
import { markPartsOf } from '../domain/json-made.js';
import type { EventEnvelope, Normalised } from './envelope.js';
import { normaliseGuardDutyFinding } from './guardduty-finding.js';
import { parsedBy } from './loose-reader.js';
import { readAsffFinding, readImportedFindings } from './securityhub-readers.js';

/** An AWS Security Finding Format finding, as far as Rekey reads it. */
export const AsffFindingSchema = z.looseObject({
  Id: z.string(),
  ProductArn: z.string(),
  ProductName: z.string().optional(),
  AwsAccountId: z.string(),
  Region: z.string().optional(),
  Types: z.array(z.string()).default([]),
  CreatedAt: z.string(),
  UpdatedAt: z.string(),
  LastObservedAt: z.string().optional(),
  Title: z.string().optional(),
  Severity: z
    .looseObject({
      Product: z.number().optional(),
      Original: z.string().optional(),
      Normalized: z.number().optional(),
    })
    .optional(),
  /** What only the finding's provider sets (BatchImportFindings); the top-level Types and Severity are not. */
  FindingProviderFields: z
    .looseObject({
      Types: z.array(z.string()).optional(),
      Severity: z.looseObject({ Original: z.string().optional(), Label: z.string().optional() }).optional(),
    })
    .optional(),
  RecordState: z.string().optional(),
  ProductFields: z.record(z.string(), z.string()).optional(),
  Resources: z
    .array(
      z.looseObject({
        Type: z.string(),
        Id: z.string(),
        Region: z.string().optional(),
        Details: z
          .looseObject({
            AwsIamAccessKey: z
              .looseObject({
                AccessKeyId: z.string().optional(),
                PrincipalId: z.string().optional(),
                PrincipalName: z.string().optional(),
                PrincipalType: z.string().optional(),
                UserName: z.string().optional(),
              })
              .optional(),
          })
          .optional(),
      }),
    )
    .default([]),
});

/** An ASFF finding. */
export type AsffFinding = z.infer<typeof AsffFindingSchema>;

/** AWS's own GuardDuty integration: no account in the ARN (a custom integration's is `product/<account>/default`). */
const GUARDDUTY_PRODUCT = /^arn:aws[\w-]*:securityhub:[a-z0-9-]+::product\/aws\/guardduty$/;
const GUARDDUTY_FINDING_ARN = /^arn:aws[\w-]*:guardduty:[^:]+:\d{12}:detector\/[^/]+\/finding\/([^/]+)$/;

/** GuardDuty's finding type from ASFF Types (`TTPs/Initial Access/UnauthorizedAccess:IAMUser-TorIPCaller`). */
export function guardDutyTypeFromAsff(types: readonly string[]): string | undefined {
  for (const type of types) {
    const last = type.split('/').at(-1) ?? '';
    const colon = last.indexOf(':');
    if (colon < 0) continue;
    const dash = last.indexOf('-', colon);
    return dash < 0 ? last : `${last.slice(0, dash)}/${last.slice(dash + 1)}`;
  }
  return undefined;
}

/** GuardDuty's severity bands, by the label Security Hub's provider fields carry. */
const BANDS: Record<string, [number, number]> = {
  INFORMATIONAL: [0, 0.9],
  LOW: [1, 3.9],
  MEDIUM: [4, 6.9],
  HIGH: [7, 8.9],
  CRITICAL: [9, 10],
};

/**
 * The provider's severity. Anyone with securityhub:BatchUpdateFindings can change the top-level severity (label,
 * normalised score and product score) and types, and each change is a new "Findings - Imported" event: only the
 * provider's fields (FindingProviderFields) decide. The top-level score is believed only inside the provider's
 * label's band; with no provider fields at all, it is never more than medium, so it cannot contain on its own.
 */
function severity(asff: AsffFinding): number {
  const provider = asff.FindingProviderFields?.Severity;
  const original = Number(provider?.Original);
  if (provider?.Original !== undefined && !Number.isNaN(original)) return Math.min(10, original);
  const top = asff.Severity?.Product ?? Number(asff.Severity?.Original ?? Number.NaN);
  const score = Number.isNaN(top) ? (asff.Severity?.Normalized ?? 0) / 10 : top;
  const band = BANDS[String(provider?.Label ?? '').toUpperCase()];
  if (!band) return Math.min(5, score);
  return score >= band[0] && score <= band[1] ? score : band[0];
}

/**
 * One ASFF finding. Security Hub's copy of a GuardDuty finding is read back into GuardDuty's terms (type, holder,
 * key) so it joins the incident of the GuardDuty finding itself, by the GuardDuty id taken from the ASFF Id.
 */
export function normaliseAsffFinding(envelope: EventEnvelope, raw: unknown): Normalised {
  const asff = parsedBy(readAsffFinding, AsffFindingSchema, raw);
  const ignore = (reason: string): Normalised => ({
    detections: [],
    ignored: [{ subject: asff.Id, reason }],
  });
  if (!GUARDDUTY_PRODUCT.test(asff.ProductArn)) {
    return ignore(`a ${asff.ProductName ?? asff.ProductArn} finding, not a GuardDuty credential finding`);
  }
  if (asff.RecordState === 'ARCHIVED') return ignore('the finding is archived');
  // The provider's types: the top-level ones can be edited by anyone who may update findings.
  const type = guardDutyTypeFromAsff(asff.FindingProviderFields?.Types ?? asff.Types);
  const keyResource = asff.Resources.find((r) => r.Type === 'AwsIamAccessKey');
  if (!type || !keyResource) return ignore('the GuardDuty finding is not about an access key');
  const details = keyResource.Details?.AwsIamAccessKey ?? {};
  const idFromResource = keyResource.Id.split(':').at(-1);
  const guardDutyId =
    asff.Id.match(GUARDDUTY_FINDING_ARN)?.[1] ??
    asff.ProductFields?.['aws/guardduty/service/findingId'] ??
    asff.Id;
  const finding = {
    accountId: asff.AwsAccountId,
    region: asff.Region ?? keyResource.Region ?? envelope.region,
    id: guardDutyId,
    type,
    severity: severity(asff),
    createdAt: asff.CreatedAt,
    updatedAt: asff.UpdatedAt,
    title: asff.Title ?? type,
    resource: {
      resourceType: 'AccessKey',
      accessKeyDetails: {
        accessKeyId: details.AccessKeyId ?? idFromResource,
        principalId: details.PrincipalId,
        userName: details.PrincipalName ?? details.UserName,
        userType: details.PrincipalType,
      },
    },
    service: {
      ...(asff.LastObservedAt ? { eventLastSeen: asff.LastObservedAt } : {}),
      ...(asff.ProductFields?.['aws/guardduty/service/additionalInfo/sample'] === 'true'
        ? { additionalInfo: { sample: true } }
        : {}),
    },
  };
  const normalised = normaliseGuardDutyFinding(envelope, finding);
  return {
    ignored: normalised.ignored,
    detections: normalised.detections.map(
      (d): Detection => ({
        ...d,
        evidence: {
          ...d.evidence,
          source: 'aws.securityhub',
          reportId: asff.Id,
          guardDutyFindingId: guardDutyId,
        },
      }),
    ),
  };
}

/** The detail of a "Security Hub Findings - Imported" event: built once (building a zod schema costs more than using it). */
export const ImportedFindingsSchema = z.object({ findings: z.array(z.unknown()).min(1) });

/** The findings of a "Security Hub Findings - Imported" event. */
export function normaliseSecurityHubEvent(envelope: EventEnvelope): Normalised {
  const findings = parsedBy(readImportedFindings, ImportedFindingsSchema, envelope.detail).findings;
  markPartsOf(envelope.detail, findings);
  const results = findings.map((f) => normaliseAsffFinding(envelope, f));
  return { detections: results.flatMap((r) => r.detections), ignored: results.flatMap((r) => r.ignored) };
}
