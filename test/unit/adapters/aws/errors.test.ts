import { describe, expect, it } from 'vitest';
import { translateAwsError } from '../../../../src/adapters/aws/errors.js';

const aws = (name: string) => Object.assign(new Error(`${name} happened`), { name });

describe('AWS errors, by the names the state machines retry and catch', () => {
  it.each([
    ['Throttling', 'ThrottlingError'],
    ['TooManyRequestsException', 'ThrottlingError'],
    ['ConcurrentModificationException', 'ThrottlingError'],
    ['ConflictException', 'ThrottlingError'],
    ['AccessDenied', 'AccessDeniedError'],
    ['AccessDeniedException', 'AccessDeniedError'],
    ['UnauthorizedOperation', 'AccessDeniedError'],
    ['NoSuchEntity', 'NotFoundError'],
    ['ResourceNotFoundException', 'NotFoundError'],
    ['LimitExceeded', 'PolicyQuotaExceededError'],
    ['ConstraintViolationException', 'PolicyQuotaExceededError'],
    ['DeleteConflict', 'ConflictError'],
    ['DuplicatePolicyException', 'ConflictError'],
    ['UnmodifiableEntity', 'UnmodifiableEntityError'],
  ])('%s becomes %s', (awsName, rekeyName) => {
    expect(translateAwsError(aws(awsName), 'a call').name).toBe(rekeyName);
  });

  it('leaves an error it does not know as it is, for the playbook to fail on', () => {
    const odd = aws('InternalFailure');
    expect(translateAwsError(odd, 'a call')).toBe(odd);
  });
});
