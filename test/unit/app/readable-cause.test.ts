import { describe, expect, it } from 'vitest';
import { readableCause } from '../../../src/app/readable-cause.js';

describe('the reason a playbook gives when it closes an incident', () => {
  it("reads the message out of a Lambda error's Cause, as Step Functions hands it over", () => {
    const cause = JSON.stringify({
      errorType: 'ContainmentBreachedError',
      errorMessage: 'containment breached: 1 successful call(s)',
      trace: ['at verify'],
    });
    expect(readableCause(cause)).toBe('containment breached: 1 successful call(s)');
    expect(readableCause(`ContainmentBreachedError: ${cause}`)).toBe(
      'ContainmentBreachedError: containment breached: 1 successful call(s)',
    );
  });

  it('leaves a plain reason, or none, as it is', () => {
    expect(readableCause('nobody answered')).toBe('nobody answered');
    expect(readableCause(undefined)).toBeUndefined();
    expect(readableCause('odd {not json}')).toBe('odd {not json}');
  });
});
