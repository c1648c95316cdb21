import type { WebClient } from '@slack/web-api';
import type { SlackDirectory } from '../../ports/slack-directory.js';

/** The workspace directory through the Web API (`usergroups:read`, `users:read`, `users:read.email`). */
export class WebApiSlackDirectory implements SlackDirectory {
  constructor(private readonly client: WebClient) {}

  async groupMembers(groupId: string): Promise<string[]> {
    const out = await this.client.usergroups.users.list({ usergroup: groupId });
    return out.users ?? [];
  }

  async user(userId: string): Promise<{ name: string; email: string } | undefined> {
    const out = await this.client.users.info({ user: userId });
    const email = out.user?.profile?.email;
    if (!out.user || !email) return undefined;
    return { name: out.user.real_name ?? out.user.name ?? userId, email };
  }
}
