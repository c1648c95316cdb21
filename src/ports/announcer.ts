import type { Incident } from '../domain/incident.js';

/** Tells responders an incident opened, without waiting for the notice (the notify function, invoked async). */
export interface Announcer {
  announce(incident: Incident): Promise<void>;
}
