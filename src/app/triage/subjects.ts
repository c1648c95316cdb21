import { subjectOf } from '../../domain/exposure.js';
import type { TriageDeps } from './triage-deps.js';

/** The registry key of a detection: a drill's subjects are its own, never joined to a real incident. */
export function subjectFor(
  detection: Parameters<typeof subjectOf>[0],
  deps: Pick<TriageDeps, 'drill'>,
): string {
  return drillSubject(subjectOf(detection), deps);
}

/** A subject as the registry keys it: a drill's apart from every real one. */
export function drillSubject(subject: string, deps: Pick<TriageDeps, 'drill'>): string {
  return deps.drill ? `drill:${subject}` : subject;
}
