/**
 * What RotateSecret needs besides itself: `lambda:InvokeFunction` on the secret's rotation function (AWS's
 * "Permissions for rotation"; the service authorization reference lists it as RotateSecret's dependent action).
 * moto checks neither; the function is read from the secret as its account's administrator sees it.
 */
import { DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Need } from './exact-authorization.js';
import type { MotoConfig } from './provision.js';

/** The invocation a RotateSecret request (its JSON body) needs, if the secret has (or is given) a function. */
export async function rotationNeeds(admin: MotoConfig, body: string): Promise<Need[]> {
  const request = JSON.parse(body) as { SecretId?: string; RotationLambdaARN?: string };
  let functionArn = request.RotationLambdaARN;
  if (!functionArn)
    functionArn = await new SecretsManagerClient(admin)
      .send(new DescribeSecretCommand({ SecretId: request.SecretId }))
      .then((s) => s.RotationLambdaARN)
      .catch(() => undefined); // No such secret: Secrets Manager's own answer (moto's) says so.
  return functionArn ? [{ action: 'lambda:InvokeFunction', resource: functionArn }] : [];
}
