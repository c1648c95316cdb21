import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { IAMClient } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { IamIdentity } from '../../../../src/adapters/aws/iam-identity.js';
import { AccessDeniedError, NotFoundError, ThrottlingError } from '../../../../src/domain/errors.js';

/** IAM's query protocol, spoken by a loopback server that answers from a script. */
const xmlns = 'https://iam.amazonaws.com/doc/2010-05-08/';
const ok = `<UpdateAccessKeyResponse xmlns="${xmlns}"><ResponseMetadata><RequestId>r-ok</RequestId></ResponseMetadata></UpdateAccessKeyResponse>`;
const failure = (code: string, message: string) =>
  `<ErrorResponse xmlns="${xmlns}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>r-${code}</RequestId></ErrorResponse>`;
const ANSWERS = {
  ok: [200, ok],
  throttling: [400, failure('Throttling', 'Rate exceeded')],
  denied: [403, failure('AccessDenied', 'User is not authorized to perform: iam:UpdateAccessKey')],
  missing: [404, failure('NoSuchEntity', 'The Access Key with id AKIA1 cannot be found.')],
  unavailable: [503, failure('ServiceUnavailable', 'Service is unavailable')],
} as const;

let server: Server;
let endpoint: string;
let script: Array<keyof typeof ANSWERS> = [];
let requests = 0;

beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      requests += 1;
      const [status, body] = ANSWERS[script.shift() ?? 'ok'];
      response.writeHead(status, { 'content-type': 'text/xml' }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  requests = 0;
});

const identity = () =>
  new IamIdentity({
    client: new IAMClient({
      region: 'us-east-1',
      endpoint,
      credentials: { accessKeyId: 'AKIATESTEXAMPLE00001', secretAccessKey: 'test' },
    }),
  });
const deactivate = () => identity().updateAccessKeyStatus('alice', 'AKIA1', 'Inactive');

describe("the AWS SDK's retries, as the adapters are built", () => {
  it('retries throttling and transient failures, and succeeds when AWS recovers', async () => {
    script = ['throttling', 'unavailable'];
    await deactivate();
    expect(requests).toBe(3);
  });

  it('hands a persistent throttle on as ThrottlingError, for the state machine to retry later', async () => {
    script = ['throttling', 'throttling', 'throttling'];
    await expect(deactivate()).rejects.toBeInstanceOf(ThrottlingError);
    expect(requests).toBe(3);
  });

  it.each([
    ['denied', AccessDeniedError],
    ['missing', NotFoundError],
  ] as const)('reports %s at once, without a retry', async (answer, type) => {
    script = [answer];
    await expect(deactivate()).rejects.toBeInstanceOf(type);
    expect(requests).toBe(1);
  });
});
