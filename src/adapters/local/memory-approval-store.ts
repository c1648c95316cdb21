import type { ApprovalRecord, ApprovalStore } from '../../ports/approvals.js';

/** Approval records in memory, for a local run in one process. */
export class MemoryApprovalStore implements ApprovalStore {
  private readonly records = new Map<string, ApprovalRecord>();
  private readonly listeners: Array<(record: ApprovalRecord) => void> = [];

  /** Calls `listener` when a new approval is requested (the drill's scripted responders listen). */
  onRequest(listener: (record: ApprovalRecord) => void): void {
    this.listeners.push(listener);
  }

  async put(record: ApprovalRecord): Promise<void> {
    this.records.set(`${record.incidentId}/${record.step}`, { ...record });
    for (const listener of this.listeners) listener({ ...record });
  }

  async create(record: ApprovalRecord): Promise<boolean> {
    if (this.records.has(`${record.incidentId}/${record.step}`)) return false;
    this.records.set(`${record.incidentId}/${record.step}`, { ...record });
    return true;
  }

  async get(incidentId: string, step: string): Promise<ApprovalRecord | undefined> {
    const record = this.records.get(`${incidentId}/${step}`);
    return record && { ...record };
  }

  async settle(
    incidentId: string,
    step: string,
    update: Pick<ApprovalRecord, 'status' | 'decidedBy' | 'decidedAt'>,
  ): Promise<boolean> {
    const record = this.records.get(`${incidentId}/${step}`);
    if (record?.status !== 'pending') return false;
    Object.assign(record, update);
    return true;
  }

  async addApproval(incidentId: string, step: string, slackUserId: string, email: string): Promise<boolean> {
    const record = this.records.get(`${incidentId}/${step}`);
    const person = email.toLowerCase();
    if (record?.status !== 'pending' || record.approvedBy?.includes(slackUserId)) return false;
    if (record.approverEmails?.includes(person)) return false;
    record.approvedBy = [...(record.approvedBy ?? []), slackUserId];
    record.approverEmails = [...(record.approverEmails ?? []), person];
    return true;
  }

  async claim(incidentId: string, step: string, at: string): Promise<boolean> {
    const record = this.records.get(`${incidentId}/${step}`);
    if (record?.status !== 'approved' || record.claimedAt) return false;
    record.claimedAt = at;
    return true;
  }
}
