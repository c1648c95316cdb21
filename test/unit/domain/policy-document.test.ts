import { describe, expect, it } from 'vitest';
import { PolicyDocumentSchema } from '../../../src/domain/policy-document.js';

describe('policy documents as Rekey journals and restores them', () => {
  it('keeps an older resource policy exactly: its 2008 version, its Id, and what the schema does not name', () => {
    const old = {
      Version: '2008-10-17',
      Id: 'SecretPolicy',
      Statement: [
        {
          Sid: 'App',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::111122223333:role/app' },
          Action: 'secretsmanager:GetSecretValue',
          Resource: '*',
        },
      ],
    };
    expect(PolicyDocumentSchema.parse(old)).toEqual(old);
  });

  it('still refuses a statement with neither Action nor NotAction', () => {
    expect(() =>
      PolicyDocumentSchema.parse({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Resource: '*' }] }),
    ).toThrow(/exactly one of Action, NotAction/);
  });
});
