/** What a notification is about. */
export type NoticeKind =
  | 'incident-opened'
  | 'approval-requested'
  | 'approval-decided'
  | 'contained'
  | 'escalated'
  | 'breached'
  | 'dismissed'
  | 'closed';

/** A button on a notice: a responder's decision on a step, or the restore of a step's change. */
export interface NoticeAction {
  kind: 'approve' | 'deny' | 'restore';
  step: string;
}

/** A message to the responders about an incident; never carries a secret value. */
export interface Notice {
  incidentId: string;
  kind: NoticeKind;
  title: string;
  lines: string[];
  drill: boolean;
  /** The step it is about (an approval request or decision). */
  step?: string;
  /** Buttons; the task token is never in them (the approval record keeps it). */
  actions?: NoticeAction[];
  /** A link for the details (the Step Functions execution). */
  link?: { text: string; url: string };
  /** An earlier message this one replaces in place (`approval:<step>` once the step is decided or timed out). */
  replaces?: string;
  /** The message later notices may replace (`approval:<step>`). */
  key?: string;
  /** The incident's state for its root message: headline fields, and what is done and pending. */
  status?: string;
  /**
   * The notice's own id: sent again under it (an asynchronous invocation Lambda retried or delivered twice, a
   * function retried after it posted), it is not posted again once the timeline holds its sealed record.
   */
  id?: string;
}

/** Where responders hear about incidents (Slack; the terminal in a local drill). */
export interface Notifier {
  /** Returns where the notice went (for the timeline). */
  send(notice: Notice): Promise<{ channel: string }>;
}
