import { describe, expect, it } from 'vitest';
import { parseDrill } from '../../../src/drills/drill-file.js';
import { libraryEvent, resolveLibraryEvents, withChanges } from '../../../src/drills/event-library.js';

const base = { id: 'a', detail: { resource: { keys: [{ id: 'K1' }, { id: 'K2' }] }, severity: 5 } };

describe('the drill event library', () => {
  it('sets each dotted path of a copy, array elements by index, and leaves the base untouched', () => {
    const changed = withChanges(
      base,
      { id: 'b', 'detail.resource.keys.1.id': 'K9', 'detail.severity': 8 },
      'here',
    );
    expect(changed).toEqual({
      id: 'b',
      detail: { resource: { keys: [{ id: 'K1' }, { id: 'K9' }] }, severity: 8 },
    });
    expect(base.detail.resource.keys[1]?.id).toBe('K2');
  });

  it('refuses a path the library event does not have, naming where it stops', () => {
    expect(() => withChanges(base, { 'detail.severty': 8 }, 'drill.yml: events.0.event')).toThrow(
      'drill.yml: events.0.event: detail.severty is not in the library event (detail.severty does not exist)',
    );
    expect(() => withChanges(base, { 'detail.resource.keys.2.id': 'K3' }, 'x')).toThrow(
      /detail\.resource\.keys\.2 does not exist/,
    );
  });

  it('refuses a name the library does not hold', () => {
    expect(() => libraryEvent('aws.guardduty/no-such-finding')).toThrow(
      /the event library has no event aws\.guardduty\/no-such-finding/,
    );
    expect(() => libraryEvent('../package')).toThrow(/has no event/);
  });

  it('gives a drill the named event with its changes, as if written out', () => {
    const resolved = resolveLibraryEvents(
      {
        events: [
          {
            at: '0s',
            event: {
              from: 'aws.guardduty/iam-user-tor-caller',
              set: { 'detail.resource.accessKeyDetails.userName': 'mallory' },
            },
          },
        ],
      },
      'drill.yml',
    ) as { events: Array<{ event: { detail: { resource: { accessKeyDetails: { userName: string } } } } }> };
    const written = libraryEvent(
      'aws.guardduty/iam-user-tor-caller',
    ) as (typeof resolved.events)[number]['event'];
    written.detail.resource.accessKeyDetails.userName = 'mallory';
    expect(resolved.events[0]?.event).toEqual(written);
  });

  it('is read by parseDrill, so a typo in a drill file is refused with its place', () => {
    const text = `name: t\ntitle: T\nstart: "2026-11-28T09:00:00Z"\naccount: { id: "111122223333" }\nevents:\n  - at: 0s\n    event: { from: aws.guardduty/iam-user-tor-caller, set: { detail.sevrity: 8 } }\nexpect: [{ incidents: 1 }]\n`;
    expect(() => parseDrill(text, 't.yml')).toThrow(
      /t\.yml: events\.0\.event: detail\.sevrity is not in the library event/,
    );
  });
});
