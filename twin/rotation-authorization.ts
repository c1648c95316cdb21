/**
 * What RotateSecret needs besides itself: `lambda:InvokeFunction` on the secret's rotation function (AWS's
 * "Permissions for rotation"; the service authorization reference lists it as RotateSecret's dependent action).
 * moto checks neither, and forgets the function once a RotateSecret names none (as Rekey's do): each secret's
 * function is read as its account's administrator sees it and kept, as Secrets Manager keeps it.
 */
import { DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Need } from './exact-authorization.js';
import type { MotoConfig } from './provision.js';

/** The rotation functions of the secrets RotateSecret calls named. */
export class RotationFunctions {
  private readonly known = new Map<string, string>();

  /** The invocation a RotateSecret request (its JSON body) needs, if the secret has (or is given) a function. */
  async needs(admin: MotoConfig, body: string): Promise<Need[]> {
    const request = JSON.parse(body) as { SecretId?: string; RotationLambdaARN?: string };
    const secret = String(request.SecretId);
    const functionArn =
      request.RotationLambdaARN ??
      this.known.get(secret) ??
      (await new SecretsManagerClient(admin)
        .send(new DescribeSecretCommand({ SecretId: secret }))
        .then((s) => s.RotationLambdaARN || undefined)
        .catch(() => undefined)); // No such secret: Secrets Manager's own answer (moto's) says so.
    if (!functionArn) return [];
    this.known.set(secret, functionArn);
    return [{ action: 'lambda:InvokeFunction', resource: functionArn }];
  }
}
