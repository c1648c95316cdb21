/**
 * Identity Center's provisioning requests, as the twin saw them: moto answers ProvisionPermissionSet (done at once,
 * `SUCCEEDED`, with a request id) but has no DescribePermissionSetProvisioningStatus, which Rekey polls after it.
 * The status of a request is the one its ProvisionPermissionSet answer gave; a request id nobody started is
 * unknown, as Identity Center answers it.
 */

/** A provisioning request's status, as `PermissionSetProvisioningStatus` carries it. */
type Status = Record<string, unknown> & { RequestId?: string };

/** Provisioning request ids -> the status their ProvisionPermissionSet answer gave. */
export class ProvisioningRequests {
  private readonly started = new Map<string, Status>();

  /** Notes the request a successful ProvisionPermissionSet answer names. */
  observe(answer: string): void {
    const status = (JSON.parse(answer) as { PermissionSetProvisioningStatus?: Status })
      .PermissionSetProvisioningStatus;
    if (status?.RequestId) this.started.set(status.RequestId, status);
  }

  /** The answer to a DescribePermissionSetProvisioningStatus request (its JSON body). */
  describe(request: string): { status: number; body: unknown } {
    const requestId = String(
      (JSON.parse(request) as { ProvisionPermissionSetRequestId?: string }).ProvisionPermissionSetRequestId,
    );
    const status = this.started.get(requestId);
    if (status) return { status: 200, body: { PermissionSetProvisioningStatus: status } };
    return {
      status: 400,
      body: { __type: 'ResourceNotFoundException', Message: `No provisioning request ${requestId}` },
    };
  }
}
