/**
 * The stack's HTTP API on loopback: each request on a route of the template becomes the API Gateway payload 2.0
 * event its integration receives (body base64-encoded, headers lower-cased), and the function's answer the HTTP
 * response, as API Gateway proxies it. Only a function a Lambda permission opens to API Gateway is invoked.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LambdaHost } from './lambda-host.js';
import type { TwinStack } from './provision.js';

/** The HTTP API: start() listens; `url` is its base URL. */
export class HttpApi {
  url = '';
  private server: Server | undefined;

  constructor(private readonly options: { stack: TwinStack; lambdas: LambdaHost }) {}

  private async event(req: IncomingMessage, routeKey: string) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://twin');
    const headers = Object.fromEntries(
      Object.entries(req.headers).map(([k, v]) => [
        k.toLowerCase(),
        Array.isArray(v) ? v.join(',') : String(v),
      ]),
    );
    const now = new Date();
    return {
      version: '2.0',
      routeKey,
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      headers,
      requestContext: {
        accountId: 'anonymous',
        apiId: 'twin',
        domainName: headers.host ?? 'twin',
        http: {
          method: req.method,
          path: url.pathname,
          protocol: 'HTTP/1.1',
          sourceIp: '127.0.0.1',
          userAgent: headers['user-agent'] ?? '',
        },
        requestId: `twin-${now.getTime()}`,
        routeKey,
        stage: '$default',
        time: now.toUTCString(),
        timeEpoch: now.getTime(),
      },
      body: Buffer.concat(chunks).toString('base64'),
      isBase64Encoded: true,
    };
  }

  async start(): Promise<void> {
    const { stack, lambdas } = this.options;
    this.server = createServer(async (req, res) => {
      const routeKey = `${req.method} ${new URL(req.url ?? '/', 'http://twin').pathname}`;
      const target = stack.routes.get(routeKey);
      const allowed =
        target &&
        stack.invokePermissions.get(target)?.some((p) => p.principal === 'apigateway.amazonaws.com');
      if (!target || !allowed) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Not Found"}');
        return;
      }
      try {
        const answer = (await lambdas.invoke(target, await this.event(req, routeKey))) as {
          statusCode?: number;
          headers?: Record<string, string>;
          body?: string;
        };
        res.writeHead(answer.statusCode ?? 200, answer.headers ?? {}).end(answer.body ?? '');
      } catch {
        res.writeHead(500, { 'content-type': 'application/json' }).end('{"message":"Internal Server Error"}');
      }
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
