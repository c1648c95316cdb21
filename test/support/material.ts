import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { materialToEvents, parseJsonDocuments } from '../../src/detections/material.js';

const fixtures = fileURLToPath(new URL('../../drills/events/', import.meta.url));

/** A fixture file, read the way `rekey triage` reads any material, as EventBridge events. */
export function fixtureEvents(path: string) {
  const values = parseJsonDocuments(readFileSync(join(fixtures, path), 'utf8'));
  return materialToEvents(values, {
    account: '111122223333',
    region: 'us-east-1',
    now: new Date('2026-11-28T12:00:00Z'),
  });
}
