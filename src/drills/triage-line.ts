/** What Rekey would do with one event: which rules take it, what it exposes, and the incident it opens or joins. */
export interface TriageLine {
  file: string;
  shape: string;
  eventId: string;
  rules: string[];
  exposures: Array<Record<string, unknown>>;
  incidentId: string | null;
  playbook: string | null;
  reason?: string;
}
