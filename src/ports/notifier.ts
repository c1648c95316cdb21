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

/** A message to the responders about an incident; never carries a secret value. */
export interface Notice {
  incidentId: string;
  kind: NoticeKind;
  title: string;
  lines: string[];
  drill: boolean;
}

/** Where responders hear about incidents (Slack; the terminal in a local drill). */
export interface Notifier {
  /** Returns where the notice went (for the timeline). */
  send(notice: Notice): Promise<{ channel: string }>;
}
