import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../src/domain/errors.js';
import { readEnvironment } from '../../../src/handlers/lambda/config.js';

describe('reading the Lambda environment', () => {
  it('names a missing variable', () => {
    expect(() => readEnvironment(['REKEY_TIMELINE_TABLE'], {})).toThrow(
      new ConfigurationError('environment variable REKEY_TIMELINE_TABLE is not set'),
    );
  });

  it('names a malformed variable and why', () => {
    expect(() =>
      readEnvironment(['REKEY_STATE_MACHINES'], { REKEY_STATE_MACHINES: '{"x": "not-an-arn"}' }),
    ).toThrow(/REKEY_STATE_MACHINES: not valid JSON of the expected shape/);
  });

  it('parses JSON variables', () => {
    const env = readEnvironment(['REKEY_PROTECTED_PRINCIPALS'], {
      REKEY_PROTECTED_PRINCIPALS: '["arn:aws:iam::*:role/break-glass"]',
    });
    expect(env.REKEY_PROTECTED_PRINCIPALS).toEqual(['arn:aws:iam::*:role/break-glass']);
  });

  it("takes the Identity Center role as a role ARN, or empty (Identity Center in Rekey's own account)", () => {
    const arn = 'arn:aws:iam::111100001111:role/rekey-prod-identity-center';
    expect(
      readEnvironment(['REKEY_IDENTITY_CENTER_ROLE_ARN'], { REKEY_IDENTITY_CENTER_ROLE_ARN: arn }),
    ).toEqual({ REKEY_IDENTITY_CENTER_ROLE_ARN: arn });
    expect(
      readEnvironment(['REKEY_IDENTITY_CENTER_ROLE_ARN'], { REKEY_IDENTITY_CENTER_ROLE_ARN: '' }),
    ).toEqual({ REKEY_IDENTITY_CENTER_ROLE_ARN: '' });
    expect(() =>
      readEnvironment(['REKEY_IDENTITY_CENTER_ROLE_ARN'], {
        REKEY_IDENTITY_CENTER_ROLE_ARN: 'arn:aws:iam::111100001111:user/alice',
      }),
    ).toThrow(new ConfigurationError('environment variable REKEY_IDENTITY_CENTER_ROLE_ARN: an IAM role ARN'));
    expect(() => readEnvironment(['REKEY_IDENTITY_CENTER_ROLE_ARN'], {})).toThrow(/is not set/);
  });
});
