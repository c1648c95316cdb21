/**
 * The AWS endpoint the twin's functions call: every request goes to moto (which authenticates it and checks its
 * action against the caller's policies) except Lambda's Invoke, which moto cannot run: the gateway authorizes it
 * with the caller role's exact policies and runs the bundle. Step Functions calls moto accepted drive the local
 * runner (moto records executions but runs nothing; its SendTaskSuccess is a no-op).
 */
import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { IAMClient } from '@aws-sdk/client-iam';
import { evaluatePolicies, type NamedPolicy } from '../src/domain/policy-evaluator.js';
import type { CloudTrailHistory } from './cloudtrail-history.js';
import { firstRefused, type Need, needsOf } from './exact-authorization.js';
import { inlineQuotaExceeded } from './inline-policy-quota.js';
import type { LambdaHost } from './lambda-host.js';
import { simulatePrincipalPolicy } from './policy-simulator.js';
import type { MotoConfig, TwinRole } from './provision.js';
import { ProvisioningRequests } from './provisioning-status.js';
import { RotationFunctions } from './rotation-authorization.js';
import { SecretVersionDates } from './secret-version-dates.js';
import { SharedLock } from './shared-lock.js';
import type { StateMachineHost } from './state-machines.js';

/** One AWS call a function made, as the gateway saw it. */
export interface AwsCall {
  /** The caller's role ARN, or the access key when it is no role's. */
  caller: string;
  service: string;
  /** The region the call was signed for. */
  region: string;
  action: string;
  status: number;
  /** The error code AWS answered with, if any. */
  error?: string;
  /** Answered by the twin where moto has no implementation of the call. */
  answeredByTwin?: boolean;
  /** Failed by an outage a scenario staged (`AwsGateway.outage`), not by moto. */
  outage?: boolean;
  /** Refused by a refusal a scenario staged (`AwsGateway.refuse`), not by the caller's policies. */
  stagedRefusal?: boolean;
  /** The IAM actions (on their resources, where the twin names them) the call needs. */
  needs: Array<{ action: string; resource?: string }>;
  /** Sends the same signed request again (the permission-removal test); its answer's status and error. */
  replay(): Promise<{ status: number; body: string }>;
}

/** The header that marks a replayed request (not signed, so AWS and moto ignore it): replays are not recorded. */
const REPLAY = 'x-twin-replay';

async function readBody(message: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of message) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The service (from the signature's credential scope) and the action of a signed request. */
export function describeRequest(
  headers: IncomingMessage['headers'],
  path: string,
  method: string,
  body: string,
) {
  const authorization = String(headers.authorization ?? '');
  const scope = /Credential=([^/]+)\/\d+\/([^/]+)\/([^/]+)\//.exec(authorization);
  const accessKey = scope?.[1] ?? '';
  const region = scope?.[2] ?? '';
  const service = scope?.[3] ?? 'unknown';
  const target = headers['x-amz-target'];
  let action = typeof target === 'string' ? target.slice(target.lastIndexOf('.') + 1) : '';
  if (!action) action = new URLSearchParams(body).get('Action') ?? '';
  if (!action) action = `${method} ${path.split('?')[0]}`;
  return { accessKey, region, service, action };
}

/**
 * How far ahead of this machine's clock the caller's was when it signed the request (its `X-Amz-Date`): a function
 * running in the twin's compressed future (a playbook after its 30-minute wait) signs with its own clock, and what
 * it starts (an execution, an invocation) carries on from there. Never behind: the date is in whole seconds.
 */
export function callerOffsetMs(headers: IncomingMessage['headers']): number {
  const signed = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/.exec(String(headers['x-amz-date'] ?? ''));
  if (!signed) return 0;
  const [, y, mo, d, h, mi, sec] = signed.map(Number) as number[];
  return Math.max(0, Date.UTC(y as number, (mo as number) - 1, d, h, mi, sec) - Date.now());
}

/** moto 5 writes Step Functions' dates as ISO text; AWS (and so the SDK) uses epoch seconds. */
function epochSeconds(body: Buffer): Buffer {
  if (body.length === 0) return body;
  const text = body
    .toString()
    .replace(
      /("\w*Date"\s*:\s*)"(\d{4}-\d\d-\d\dT[^"]+)"/g,
      (_, key: string, iso: string) => `${key}${Date.parse(iso) / 1000}`,
    );
  return Buffer.from(text);
}

/** moto lists every partition's regions; AWS lists only the caller's partition's (here `aws`). */
function partitionRegions(body: Buffer): Buffer {
  return Buffer.from(
    body
      .toString()
      .replace(/<item>(?:(?!<\/item>)[\s\S])*?<regionName>(?:cn-|us-gov-|us-iso)[\s\S]*?<\/item>/g, ''),
  );
}

/** An IAM (or STS) error answer. */
const iamError = (status: number, code: string, message: string) => ({
  status,
  code,
  contentType: 'text/xml',
  body: `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>twin</RequestId></ErrorResponse>`,
});

/** AWS unavailable (a staged outage), in each service's wire format. */
function unavailable(service: string) {
  if (service === 's3')
    return {
      status: 503,
      code: 'ServiceUnavailable',
      contentType: 'application/xml',
      body: '<?xml version="1.0" encoding="UTF-8"?><Error><Code>ServiceUnavailable</Code><Message>Service is unable to handle request.</Message><RequestId>twin</RequestId></Error>',
    };
  if (service === 'iam' || service === 'sts')
    return iamError(503, 'ServiceUnavailable', 'Service unavailable');
  return {
    status: 503,
    code: 'ServiceUnavailable',
    contentType: 'application/x-amz-json-1.0',
    body: JSON.stringify({ __type: 'ServiceUnavailable', message: 'Service unavailable' }),
  };
}

/** AWS's access-denied answer in each service's wire format (the SDK parses each differently). */
function refusal(service: string, message: string) {
  if (service === 's3')
    return {
      status: 403,
      code: 'AccessDenied',
      contentType: 'application/xml',
      body: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>${message}</Message><RequestId>twin</RequestId></Error>`,
    };
  if (service === 'iam' || service === 'sts') return iamError(403, 'AccessDenied', message);
  return {
    status: 400,
    code: 'AccessDeniedException',
    contentType: 'application/x-amz-json-1.0',
    body: JSON.stringify({ __type: 'AccessDeniedException', message }),
  };
}

/**
 * A missing object's read (GetObject, HeadObject), as S3 answers it: 404 only to a caller that may list the bucket
 * (s3:ListBucket), 403 to any other, which is not told whether the key exists (moto answers 404 to everyone). The
 * listing the answer needs, and the refusal when the caller's role does not allow it; undefined for other calls.
 */
function unlistedObject(
  service: string,
  needs: readonly Need[],
  role: TwinRole,
): { listing: Need; refused?: string } | undefined {
  const read = needs.find((n) => n.action === 's3:GetObject');
  if (service !== 's3' || !read) return undefined;
  const listing = { action: 's3:ListBucket', resource: read.resource.replace(/\/.*$/, '') };
  if (!firstRefused(role.policies as unknown as NamedPolicy[], [listing])) return { listing };
  return {
    listing,
    refused: `User: ${role.arn} is not authorized to perform: s3:ListBucket on resource: ${listing.resource} (a missing key is told only to a caller that may list the bucket)`,
  };
}

/** Sends a request exactly as given (headers included, so its signature still holds) and reads the answer. */
function send(base: string, method: string, path: string, headers: IncomingMessage['headers'], body: Buffer) {
  const target = new URL(base);
  return new Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }>(
    (resolve, reject) => {
      const out = request(
        { host: target.hostname, port: target.port, method, path, headers },
        async (answer) =>
          resolve({
            status: answer.statusCode ?? 500,
            headers: answer.headers,
            body: await readBody(answer),
          }),
      );
      out.on('error', reject);
      out.end(body);
    },
  );
}

function reply(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(body === undefined ? '' : JSON.stringify(body));
}

/** What the gateway runs calls against once the stack exists. */
export interface GatewayStack {
  lambdas: LambdaHost;
  stateMachines: StateMachineHost;
  /** Access key id -> the role whose session it is. */
  sessions: Map<string, TwinRole>;
  /** Every role of every account's stacks, by ARN (AssumeRole reads the target's trust policy). */
  roles: Map<string, TwinRole>;
  /** The organisation: its id and its accounts (`aws:ResourceOrgID`). */
  organization: { id: string; accounts: Set<string> };
  /** The CloudTrail event history LookupEvents is answered from. */
  cloudTrail: CloudTrailHistory;
  /** Each account's administrator (IAM's inline-policy quota, which moto does not keep, is read with it). */
  administrators: Map<string, MotoConfig>;
  /** Runs a request moto would wrongly refuse with its checks paused (the gateway decided it exactly). */
  pauseAuthorization: <T>(during: () => Promise<T>) => Promise<T>;
}

/** The gateway: start() listens on loopback; `calls` records every AWS call made through it. */
export class AwsGateway {
  readonly calls: AwsCall[] = [];
  url = '';
  private server: Server | undefined;

  private readonly lock = new SharedLock();
  private readonly rotationFunctions = new RotationFunctions();
  private readonly versionDates = new SecretVersionDates();
  private readonly provisioning = new ProvisioningRequests();
  /** When each account's and region's recent LookupEvents were answered (ms), for CloudTrail's two a second. */
  private readonly lookups = new Map<string, number[]>();
  /** The access keys of the twin's operators (its deployer and administrators): their calls are not recorded. */
  readonly operatorKeys = new Set<string>(['twin-deployer']);
  /** How many calls of the stack's roles had their resources checked exactly. */
  exactlyChecked = 0;
  /**
   * An outage a scenario stages: a call of the stack for which it holds is answered as AWS answers when the
   * service is unavailable (503), without reaching moto.
   */
  outage: ((call: AwsCall) => boolean) | undefined;
  /**
   * A refusal a scenario stages: a call of the stack for which it gives a reason is refused (AccessDenied) without
   * reaching moto, as AWS refuses calls for reasons the twin does not model (Identity Center serves
   * ListAccountAssignmentsForPrincipal to the management account only, never to a delegated administrator).
   */
  refuse: ((call: AwsCall) => string | undefined) | undefined;
  private stack: GatewayStack | undefined;

  constructor(
    private readonly motoEndpoint: string,
    private readonly where: { account: string; region: string; keyArns: Map<string, string> },
  ) {}

  /** From now on Lambda and Step Functions calls reach the stack's functions and state machines. */
  attach(stack: GatewayStack): void {
    this.stack = stack;
  }

  private get options(): GatewayStack & { motoEndpoint: string } {
    if (!this.stack) throw new Error('the gateway is not attached to a stack yet');
    return { ...this.stack, motoEndpoint: this.motoEndpoint };
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: Error) => reply(res, 500, { message: error.message }));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Runs `work` while no request is being forwarded (the operator's own unchecked reads). */
  exclusively<T>(work: () => Promise<T>): Promise<T> {
    return this.lock.exclusive(work);
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // AWS answers with its clock (the `Date` header), which the SDK corrects its own to when they differ by
    // minutes: in the twin's compressed time AWS's clock is the caller's, so a function running ahead stays ahead.
    res.setHeader('date', new Date(Date.now() + callerOffsetMs(req.headers)).toUTCString());
    const body = await readBody(req);
    const path = req.url ?? '/';
    const { accessKey, region, service, action } = describeRequest(
      req.headers,
      path,
      req.method ?? 'GET',
      body.toString(),
    );
    const role = this.stack?.sessions.get(accessKey);
    const exact = needsOf(service, action, body.toString(), {
      ...this.where,
      // The session's own account (a member role's calls act in the member account).
      account: role?.arn.split(':')[4] ?? this.where.account,
      method: req.method ?? 'GET',
      path,
    });
    const headers = { ...req.headers, [REPLAY]: '1' };
    const call: AwsCall = {
      caller: role?.arn ?? `unknown key ${accessKey}`,
      service,
      region,
      action,
      status: 0,
      needs: exact ?? [
        {
          action:
            service === 'lambda' && path.includes('/invocations')
              ? 'lambda:InvokeFunction'
              : `${service}:${action}`,
        },
      ],
      replay: async () => {
        const answer = await send(this.url, req.method ?? 'GET', path, headers, body);
        return { status: answer.status, body: answer.body.toString() };
      },
    };
    // Recorded: the calls of the stack's roles (the twin's own set-up and checks are not the stack's).
    // The operator's own calls (set-up, checks) are not the stack's; any other key's are recorded.
    if (!this.operatorKeys.has(accessKey) && !req.headers[REPLAY]) this.calls.push(call);
    if (role && this.outage?.(call)) {
      const answer = unavailable(service);
      call.status = answer.status;
      call.error = answer.code;
      call.outage = true;
      res.writeHead(answer.status, { 'content-type': answer.contentType });
      res.end(answer.body);
      return;
    }
    const staged = role && this.refuse?.(call);
    if (staged) {
      const answer = refusal(service, staged);
      call.status = answer.status;
      call.error = answer.code;
      call.stagedRefusal = true;
      res.writeHead(answer.status, { 'content-type': answer.contentType });
      res.end(answer.body);
      return;
    }
    if (service === 'sts' && action === 'AssumeRole' && role)
      return this.assumeRole(req, path, body, role, call, res);
    const invoke = /^\/2015-03-31\/functions\/([^/]+)\/invocations/.exec(path);
    if (service === 'lambda' && invoke) {
      call.action = 'Invoke';
      return this.invoke(decodeURIComponent(String(invoke[1])), req, body, role, call, res);
    }
    const admin = role && this.stack?.administrators.get(role.arn.split(':')[4] ?? '');
    const rotation =
      service === 'secretsmanager' && action === 'RotateSecret' && admin
        ? await this.rotationFunctions.needs(admin, body.toString())
        : [];
    call.needs.push(...rotation);
    const checked = exact || rotation.length > 0 ? [...(exact ?? []), ...rotation] : undefined;
    const refused =
      role && checked ? firstRefused(role.policies as unknown as NamedPolicy[], checked) : undefined;
    if (role && exact) this.exactlyChecked += 1;
    const exceeded =
      !refused && role && service === 'iam'
        ? await this.inlineQuota(role, action, body.toString())
        : undefined;
    if (refused || exceeded) {
      const message = `User: ${role?.arn} is not authorized to perform: ${refused?.action} on resource: ${refused?.resource} because no identity-based policy allows the ${refused?.action} action`;
      const answer = exceeded ? iamError(409, 'LimitExceeded', exceeded) : refusal(service, message);
      call.status = answer.status;
      call.error = answer.code;
      res.writeHead(answer.status, { 'content-type': answer.contentType });
      res.end(answer.body);
      return;
    }
    if (service === 'cloudtrail' && action === 'LookupEvents' && role) {
      // moto has no LookupEvents (it fails each call after authorizing it, slowly: Rekey searches every region):
      // authorized above with the role's exact policy, it is answered from the twin's CloudTrail, in the caller's
      // account and the region the call was signed for.
      call.answeredByTwin = true;
      const account = role.arn.split(':')[4] ?? this.where.account;
      if (this.lookupThrottled(`${account}/${region}`)) {
        call.status = 400;
        call.error = 'ThrottlingException';
        return reply(
          res,
          400,
          { __type: 'ThrottlingException', message: 'Rate exceeded' },
          { 'content-type': 'application/x-amz-json-1.1' },
        );
      }
      call.status = 200;
      const at = Date.now() + callerOffsetMs(req.headers);
      return reply(
        res,
        200,
        this.options.cloudTrail.lookup(account, region, JSON.parse(body.toString()), at),
      );
    }
    // moto's DynamoDB transactions are not safe beside other requests on its threaded server (a transaction once
    // failed with "dictionary changed size during iteration"): each runs alone, as AWS's are atomic.
    const forward = () => this.forward(req, path, body);
    const alone = service === 'dynamodb' && action === 'TransactWriteItems';
    const answer = await (alone ? this.lock.exclusive(forward) : this.lock.shared(forward));
    call.status = answer.status;
    const unlisted =
      role && exact && answer.status === 404 ? unlistedObject(service, exact, role) : undefined;
    if (unlisted) {
      call.needs.push(unlisted.listing);
      if (unlisted.refused) {
        const answer403 = refusal(service, unlisted.refused);
        call.status = answer403.status;
        call.error = answer403.code;
        res.writeHead(answer403.status, { 'content-type': answer403.contentType });
        res.end(answer403.body);
        return;
      }
    }
    if (service === 'iam' && action === 'SimulatePrincipalPolicy' && answer.status === 500 && admin && role) {
      // moto authenticated the call and allowed its action (it refuses before anything else), then failed: it has
      // no simulator. The twin answers (policy-simulator.ts).
      call.status = 200;
      call.answeredByTwin = true;
      const simulated = await simulatePrincipalPolicy(admin, role.arn.split(':')[4] ?? '', body.toString());
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(simulated);
      return;
    }
    if (
      service === 'sso' &&
      action === 'DescribePermissionSetProvisioningStatus' &&
      answer.status === 500 &&
      role
    ) {
      // moto authorized the action, then failed: it has none. Answered from the ProvisionPermissionSet it saw.
      const described = this.provisioning.describe(body.toString());
      call.status = described.status;
      call.answeredByTwin = true;
      return reply(res, described.status, described.body);
    }
    if (service === 'sso' && action === 'ProvisionPermissionSet' && answer.status === 200)
      this.provisioning.observe(answer.body.toString());
    if (answer.status >= 400)
      call.error = /"__type":\s*"(?:[^"#]*#)?([^"]+)"|<Code>([^<]+)<\/Code>/
        .exec(answer.body.toString())
        ?.slice(1)
        .find(Boolean);
    if (service === 'states' && answer.status === 200) {
      const handled = this.afterStepFunctions(
        action,
        body.toString(),
        answer.body.toString(),
        callerOffsetMs(req.headers),
      );
      if (handled) {
        call.status = handled.status;
        call.error = handled.body.__type;
        return reply(res, handled.status, handled.body);
      }
    }
    const secrets = service === 'secretsmanager' && answer.status === 200;
    if (secrets)
      this.versionDates.observe(action, answer.body.toString(), Date.now() + callerOffsetMs(req.headers));
    const answered =
      service === 'states'
        ? epochSeconds(answer.body)
        : service === 'ec2' && action === 'DescribeRegions'
          ? partitionRegions(answer.body)
          : secrets && action === 'ListSecretVersionIds'
            ? this.versionDates.listing(answer.body)
            : answer.body;
    const { date: _motoClock, ...answerHeaders } = answer.headers;
    res.writeHead(answer.status, { ...answerHeaders, 'content-length': String(answered.length) });
    res.end(answered);
  }

  /** IAM's refusal of an inline policy that would take its principal over IAM's size quota (moto keeps none). */
  private inlineQuota(role: TwinRole, action: string, body: string): Promise<string | undefined> {
    const admin = this.options.administrators.get(role.arn.split(':')[4] ?? '');
    if (!admin) return Promise.resolve(undefined);
    return inlineQuotaExceeded(new IAMClient(admin), action, new URLSearchParams(body));
  }

  /**
   * AssumeRole as IAM decides it: the caller's identity policy on the role (with `aws:ResourceOrgID`), and the
   * role's trust policy naming the caller. moto reads neither an account principal nor a condition in a trust
   * policy, so a call allowed here is sent to moto with its checks paused, alone; the session it returns is
   * the target role's from then on.
   */
  private async assumeRole(
    req: IncomingMessage,
    path: string,
    body: Buffer,
    caller: TwinRole,
    call: AwsCall,
    res: ServerResponse,
  ): Promise<void> {
    const { roles, organization, sessions, pauseAuthorization } = this.options;
    const params = new URLSearchParams(body.toString());
    const roleArn = String(params.get('RoleArn'));
    const target = roles.get(roleArn);
    const targetAccount = roleArn.split(':')[4] ?? '';
    const callerAccount = caller.arn.split(':')[4] ?? '';
    const context = {
      'aws:PrincipalArn': caller.arn,
      'aws:PrincipalAccount': callerAccount,
      ...(organization.accounts.has(targetAccount) ? { 'aws:ResourceOrgID': organization.id } : {}),
      ...(organization.accounts.has(callerAccount) ? { 'aws:PrincipalOrgID': organization.id } : {}),
    };
    const request = { action: 'sts:AssumeRole', resource: roleArn, context };
    const identity = evaluatePolicies(caller.policies as unknown as NamedPolicy[], request);
    const session = `arn:aws:sts::${callerAccount}:assumed-role/${caller.name}/${caller.name}`;
    const trusted =
      target !== undefined &&
      evaluatePolicies([{ name: 'trust', document: target.trust } as unknown as NamedPolicy], {
        ...request,
        principal: { arn: session, accountId: callerAccount },
      }).effect === 'allow';
    if (identity.effect !== 'allow' || !trusted) {
      const answer = refusal(
        'sts',
        `User: ${session} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
      );
      call.status = answer.status;
      call.error = answer.code;
      res.writeHead(answer.status, { 'content-type': answer.contentType });
      res.end(answer.body);
      return;
    }
    const answer = await this.lock.exclusive(() => pauseAuthorization(() => this.forward(req, path, body)));
    call.status = answer.status;
    const key = /<AccessKeyId>([^<]+)<\/AccessKeyId>/.exec(answer.body.toString())?.[1];
    if (answer.status === 200 && key && target && !req.headers[REPLAY]) sessions.set(key, target);
    const { date: _motoClock, ...headers } = answer.headers;
    res.writeHead(answer.status, headers);
    res.end(answer.body);
  }

  /**
   * Whether a LookupEvents in `where` (`account/region`) comes as the third within a second, which CloudTrail
   * throttles ("two per second, per account, per Region"); else it is counted as answered now.
   */
  private lookupThrottled(where: string): boolean {
    const now = Date.now();
    const recent = (this.lookups.get(where) ?? []).filter((at) => at > now - 1000);
    const throttled = recent.length >= 2;
    if (!throttled) recent.push(now);
    this.lookups.set(where, recent);
    return throttled;
  }

  private forward(req: IncomingMessage, path: string, body: Buffer) {
    return send(this.motoEndpoint, req.method ?? 'GET', path, req.headers, body);
  }

  private afterStepFunctions(action: string, requestBody: string, responseBody: string, offsetMs: number) {
    const input = JSON.parse(requestBody) as Record<string, string>;
    if (action === 'StartExecution') {
      const { executionArn } = JSON.parse(responseBody) as { executionArn: string };
      this.options.stateMachines.start(
        String(input.stateMachineArn),
        executionArn,
        executionArn.slice(executionArn.lastIndexOf(':') + 1),
        JSON.parse(input.input ?? '{}'),
        offsetMs,
      );
      return undefined;
    }
    if (action !== 'SendTaskSuccess' && action !== 'SendTaskFailure') return undefined;
    const outcome =
      action === 'SendTaskSuccess'
        ? { output: JSON.parse(String(input.output)) }
        : { error: String(input.error ?? 'Error'), cause: input.cause };
    if (this.options.stateMachines.settle(String(input.taskToken), outcome)) return undefined;
    return { status: 400, body: { __type: 'TaskDoesNotExist', message: 'Task does not exist anymore' } };
  }

  private async invoke(
    name: string,
    req: IncomingMessage,
    body: Buffer,
    role: TwinRole | undefined,
    call: AwsCall,
    res: ServerResponse,
  ): Promise<void> {
    const { lambdas } = this.options;
    let fn: ReturnType<LambdaHost['find']>;
    try {
      fn = lambdas.find(name);
    } catch {
      call.status = 404;
      return reply(res, 404, { __type: 'ResourceNotFoundException', message: `Function not found: ${name}` });
    }
    const decision = role
      ? evaluatePolicies(role.policies as unknown as NamedPolicy[], {
          action: 'lambda:InvokeFunction',
          resource: fn.arn,
          context: {},
        })
      : { effect: 'implicit-deny' as const };
    if (decision.effect !== 'allow') {
      call.status = 403;
      call.error = 'AccessDeniedException';
      return reply(res, 403, {
        __type: 'AccessDeniedException',
        Message: `User: ${call.caller} is not authorized to perform: lambda:InvokeFunction on resource: ${fn.arn}`,
      });
    }
    const event = body.length > 0 ? JSON.parse(body.toString()) : {};
    const offsetMs = callerOffsetMs(req.headers);
    if (req.headers['x-amz-invocation-type'] === 'Event') {
      lambdas.invokeAsync(fn.arn, event, offsetMs);
      call.status = 202;
      return reply(res, 202, undefined);
    }
    call.status = 200;
    try {
      return reply(res, 200, await lambdas.invoke(fn.arn, event, { offsetMs }), {
        'x-amz-executed-version': '$LATEST',
      });
    } catch (error) {
      const e = error as Error;
      return reply(
        res,
        200,
        { errorType: e.name, errorMessage: e.message },
        { 'x-amz-function-error': 'Unhandled' },
      );
    }
  }
}
