import type { Detection } from '../../domain/detection.js';
import { believedEntries } from '../believed-entries.js';
import { subjectFor } from './subjects.js';
import type { TriageDeps } from './triage-deps.js';

/**
 * Why a breach report is not Rekey's own, or undefined: it must name an incident Rekey closed as breached, about
 * the same subject. Its exposure is then taken from that incident, never from the report.
 */
export async function breachRefusal(
  detection: Detection,
  incidentId: string,
  deps: TriageDeps,
): Promise<{ refused: string } | { exposure: Detection }> {
  const incident = await deps.registry.get(incidentId);
  if (!incident) return { refused: `a breach of ${incidentId}, which Rekey has no record of` };
  if (!incident.closedAt) return { refused: `a breach of ${incidentId}, which is still open` };
  if (!deps.timeline) return { refused: `a breach of ${incidentId}, with no timeline here to check it in` };
  // Only the review function's own sealed verdict counts: a forged one would re-raise at will.
  const breached = (await believedEntries(deps.timeline, incidentId, ['verification'])).some(
    (e) => e.data?.verdict === 'breached',
  );
  if (!breached) return { refused: `a breach of ${incidentId}, whose timeline records none` };
  if (incident.subject !== subjectFor(detection, deps) || incident.accountId !== detection.accountId)
    return { refused: `a breach report whose subject is not that of ${incidentId}` };
  // Rekey's own record decides how much the re-raise may do alone: whether AWS reported it, and who claimed it.
  const { evidence: recordedEvidence, ...recorded } = incident.exposure;
  const { awsReportedExposed, assertedBy, toConfirm } = recordedEvidence;
  const evidence = {
    ...detection.evidence,
    awsReportedExposed,
    ...(assertedBy ? { assertedBy } : {}),
    ...(toConfirm ? { toConfirm } : {}),
  };
  return { exposure: { ...recorded, evidence } };
}
