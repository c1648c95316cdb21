import { z } from 'zod';

/** Where a signal came from and what it says, independent of the source's own format. */
export const EvidenceSchema = z.object({
  source: z.enum(['aws.health', 'aws.guardduty']),
  /** The finding type or the Health event type code, as the source names it. */
  type: z.string(),
  /** The source's own id for what it reports: the GuardDuty finding id, the Health event ARN. */
  reportId: z.string(),
  /** The EventBridge envelope id; a re-delivery carries the same one. */
  eventId: z.string(),
  /** Severity on GuardDuty's 0 to 10 scale; AWS Health credential risks count as 9. */
  severity: z.number().min(0).max(10),
  /** True when AWS itself says the key was exposed (AWS Health risk events). */
  awsReportedExposed: z.boolean(),
  /** When the source says it saw the activity (the event's own time). */
  observedAt: z.iso.datetime({ offset: true }),
  summary: z.string(),
  remoteIp: z.string().optional(),
});

/** The evidence half of an exposure. */
export type Evidence = z.infer<typeof EvidenceSchema>;

/** A normalised signal: one credential a source says is exposed, before its owner is resolved. */
export const DetectionSchema = z.object({
  accountId: z.string().regex(/^\d{12}$/),
  region: z.string(),
  accessKeyId: z.string(),
  /** The principal the source names, if it names one (GuardDuty does, AWS Health does not always). */
  claimedUserName: z.string().optional(),
  /** GuardDuty's accessKeyDetails.userType, when the source says it. */
  claimedUserType: z.string().optional(),
  evidence: EvidenceSchema,
});

/** One credential a source reports as exposed. */
export type Detection = z.infer<typeof DetectionSchema>;
