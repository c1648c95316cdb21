import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One Web API call the fake Slack received, its arguments decoded (JSON-valued fields parsed). */
export interface SlackCall {
  method: string;
  args: Record<string, unknown>;
  token: string | undefined;
}

/** A scripted answer: an HTTP status (429 with Retry-After, 500) or a Slack error. */
export type ScriptedAnswer = { status: 429; retryAfter: number } | { status: 500 } | { error: string };

async function body(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function decode(text: string, contentType: string | undefined): Record<string, unknown> {
  if (contentType?.includes('application/json')) return JSON.parse(text) as Record<string, unknown>;
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    try {
      args[key] = /^[[{]/.test(value) ? JSON.parse(value) : value;
    } catch {
      args[key] = value;
    }
  }
  return args;
}

/**
 * A local HTTP server that answers the Slack Web API methods Rekey calls, as Slack documents them, and records
 * every call; answers can be scripted per method (rate limits, errors) to test how the client copes.
 */
export class FakeSlack {
  readonly calls: SlackCall[] = [];
  readonly groups = new Map<string, string[]>();
  readonly users = new Map<string, { name: string; email: string }>();
  private readonly scripted = new Map<string, ScriptedAnswer[]>();
  private server: Server | undefined;
  private next = 1_700_000_000;

  /** The base URL to give the client (`slackApiUrl`). */
  url = '';

  /** Makes the next calls of `method` answer these, in order. */
  script(method: string, ...answers: ScriptedAnswer[]): void {
    this.scripted.set(method, [...(this.scripted.get(method) ?? []), ...answers]);
  }

  /** The calls of one method. */
  of(method: string): SlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  async start(): Promise<string> {
    this.server = createServer(async (request, response) => {
      const method = (request.url ?? '').replace(/^\/api\//, '').split('?')[0] ?? '';
      const args = decode(await body(request), request.headers['content-type']);
      const token =
        request.headers.authorization?.replace(/^Bearer /, '') ?? (args.token as string | undefined);
      this.calls.push({ method, args, token });
      const answer = this.scripted.get(method)?.shift();
      const json = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
        response.writeHead(status, { 'content-type': 'application/json', ...headers });
        response.end(JSON.stringify(payload));
      };
      if (answer && 'status' in answer && answer.status === 429)
        return json(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(answer.retryAfter) });
      if (answer && 'status' in answer) return json(answer.status, { ok: false });
      if (answer && 'error' in answer) return json(200, { ok: false, error: answer.error });
      if (!token) return json(200, { ok: false, error: 'not_authed' });
      switch (method) {
        case 'chat.postMessage':
          this.next += 1;
          return json(200, { ok: true, channel: args.channel, ts: `${this.next}.000100` });
        case 'chat.update':
        case 'chat.delete':
          return json(200, { ok: true, channel: args.channel, ts: args.ts });
        case 'usergroups.users.list': {
          const users = this.groups.get(String(args.usergroup));
          return json(200, users ? { ok: true, users } : { ok: false, error: 'no_such_subteam' });
        }
        case 'users.info': {
          const user = this.users.get(String(args.user));
          return json(
            200,
            user
              ? { ok: true, user: { id: args.user, real_name: user.name, profile: { email: user.email } } }
              : { ok: false, error: 'user_not_found' },
          );
        }
        default:
          return json(200, { ok: false, error: 'unknown_method' });
      }
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}/api/`;
    return this.url;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}
