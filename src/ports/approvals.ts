/** A pending or settled approval of one playbook step; the task token never leaves the server side. */
export interface ApprovalRecord {
  incidentId: string;
  step: string;
  taskToken: string;
  requestedAt: string;
  deadline: string;
  summary: string;
  /** The principals the exposure concerns; a responder mapped to one of them may not approve. */
  subjectPrincipals: string[];
  status: 'pending' | 'approved' | 'denied' | 'timed-out';
  decidedBy?: string;
  decidedAt?: string;
  /** How many different responders must approve (two for a `two-person` step); one when absent. */
  approversNeeded?: number;
  /** The responders who have approved so far, before the last one settles the record. */
  approvedBy?: string[];
  /** Their emails, lower case: one person with two Slack accounts counts once. */
  approverEmails?: string[];
  /** Whether the incident is a drill's (its messages are marked). */
  drill?: boolean;
  /** When what an approved restore allowed was carried out: an approval is used once. */
  claimedAt?: string;
}

/** Approval records, shared by the step that asks and the endpoint that hears the answer. */
export interface ApprovalStore {
  put(record: ApprovalRecord): Promise<void>;
  /** Writes the record only if none exists for its incident and step (a conditional write); false if one does. */
  create(record: ApprovalRecord): Promise<boolean>;
  get(incidentId: string, step: string): Promise<ApprovalRecord | undefined>;
  /** Settles a pending record; returns false when it was no longer pending (a conditional write). */
  settle(
    incidentId: string,
    step: string,
    update: Pick<ApprovalRecord, 'status' | 'decidedBy' | 'decidedAt'>,
  ): Promise<boolean>;
  /**
   * Adds a responder's approval to a pending record; false when it is no longer pending or this responder (by Slack
   * user, or by email: a second Slack account of one person) has approved already (a conditional write: two clicks
   * by one person never count twice).
   */
  addApproval(incidentId: string, step: string, slackUserId: string, email: string): Promise<boolean>;
  /** Marks an approved record used; false when it is not approved or was used already (a conditional write). */
  claim(incidentId: string, step: string, at: string): Promise<boolean>;
}

/** A responder: a Slack user mapped to a person and the AWS principals that person uses. */
export interface Responder {
  slackUserId: string;
  name: string;
  email: string;
  principals: string[];
}
