/**
 * Runs the stack's functions from their packaged bundles: each unzipped as Lambda unzips it, each instance a
 * Node 22 process with the environment the template gives the function and the credentials of its own role
 * (from moto's STS), its output kept as the function's log. One invocation per instance at a time; a busy
 * function gets another instance, as Lambda scales.
 */
import { type ChildProcess, execFileSync, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CloudWatchLogsClient,
  CreateLogStreamCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { TwinFunction } from './provision.js';

const WORKER = fileURLToPath(new URL('./lambda-worker.mjs', import.meta.url));

/**
 * Lambda's asynchronous invocation: the first attempt, then two retries, the first a minute after it, the second
 * two minutes after that (AWS's "Asynchronous invocation"); the twin does not wait, it runs each retry that much
 * later on the function's clock.
 */
const ASYNC_ATTEMPT_DELAYS_MS = [0, 60_000, 120_000];

/** An error a function returned, named as Lambda names it (errorType), which Step Functions catches by. */
export class FunctionError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

/** Temporary credentials of a function's role. */
export interface RoleCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

interface Instance {
  child: ChildProcess;
  busy: boolean;
  /** Log lines not yet shipped to CloudWatch Logs, and the instance's log stream there. */
  lines: string[];
  stream: string;
  streamCreated: boolean;
}

/** One invocation as the twin saw it. */
export interface Invocation {
  functionName: string;
  async: boolean;
  error?: string;
  /** How far ahead of this machine's clock the function's ran (the twin's compressed time). */
  offsetMs: number;
}

/** How an invocation is made: asynchronously (`Event`), and how far into the twin's future. */
export interface InvokeOptions {
  async?: boolean;
  /** The function's clock runs this far ahead of this machine's (a playbook that waited, an event of later). */
  offsetMs?: number;
}

/** The functions of the twin, invoked by name or ARN. */
export class LambdaHost {
  readonly invocations: Invocation[] = [];
  /** Asynchronous events that failed every attempt and were sent to the function's dead-letter queue. */
  readonly deadLettered: Array<{ functionName: string; error: string }> = [];
  private readonly instances = new Map<string, Instance[]>();
  private readonly logs = new Map<string, WriteStream>();
  private readonly pending = new Set<Promise<unknown>>();
  private next = 0;

  constructor(
    private readonly options: {
      functions: Map<string, TwinFunction>;
      packageDir: string;
      workDir: string;
      node: string;
      credentials: Map<string, RoleCredentials>;
      /** Queue ARN -> URL (a function's dead-letter queue). */
      queueUrls: Map<string, string>;
      /** Process-wide variables every function gets (the SDK's endpoint, Slack's URL, the region). */
      baseEnvironment: Record<string, string>;
    },
  ) {}

  /** The function an ARN or name designates. */
  find(nameOrArn: string): TwinFunction {
    const bare = nameOrArn.replace(/:(\$LATEST|\d+)$/, '');
    for (const fn of this.options.functions.values()) if (fn.arn === bare || fn.name === bare) return fn;
    throw new FunctionError('ResourceNotFoundException', `Function not found: ${nameOrArn}`);
  }

  /** Where a function's log (its instances' stdout and stderr) is written. */
  logPath(fn: TwinFunction): string {
    return join(this.options.workDir, 'logs', `${fn.name}.log`);
  }

  private log(fn: TwinFunction): WriteStream {
    let stream = this.logs.get(fn.name);
    if (!stream) {
      mkdirSync(join(this.options.workDir, 'logs'), { recursive: true });
      stream = createWriteStream(this.logPath(fn), { flags: 'a' });
      this.logs.set(fn.name, stream);
    }
    return stream;
  }

  private unpacked(fn: TwinFunction): string {
    const dir = join(this.options.workDir, 'functions', fn.name);
    const bundle = join(
      this.options.packageDir,
      `${fn.logicalId.replace(/LambdaFunction$/, '').toLowerCase()}.zip`,
    );
    mkdirSync(dir, { recursive: true });
    execFileSync('unzip', ['-o', '-q', bundle, '-d', dir]);
    return dir;
  }

  private async start(fn: TwinFunction): Promise<Instance> {
    const credentials = this.options.credentials.get(fn.roleArn);
    if (!credentials) throw new Error(`no credentials for ${fn.name}'s role ${fn.roleArn}`);
    const dir = this.instances.has(fn.name)
      ? join(this.options.workDir, 'functions', fn.name)
      : this.unpacked(fn);
    const dot = fn.handler.lastIndexOf('.');
    const file = join(dir, `${fn.handler.slice(0, dot)}.mjs`);
    const child = fork(WORKER, [file, fn.handler.slice(dot + 1), fn.name, String(fn.timeoutSeconds)], {
      execPath: this.options.node,
      execArgv: [],
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: {
        PATH: process.env.PATH ?? '',
        ...this.options.baseEnvironment,
        ...fn.environment,
        AWS_LAMBDA_FUNCTION_NAME: fn.name,
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
        AWS_ACCESS_KEY_ID: credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        AWS_SESSION_TOKEN: credentials.sessionToken,
      },
    });
    const log = this.log(fn);
    const lines: string[] = [];
    for (const output of [child.stdout, child.stderr]) {
      output?.pipe(log, { end: false });
      output?.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
    }
    await new Promise<void>((resolve, reject) => {
      child.once('message', (m: { ready: boolean; error?: { name: string; message: string } }) =>
        m.ready ? resolve() : reject(new FunctionError(m.error?.name ?? 'Error', m.error?.message ?? '')),
      );
      child.once('exit', (code) => reject(new Error(`${fn.name} exited (${code}) during initialisation`)));
    });
    const stream = `${new Date().toISOString().slice(0, 10).replaceAll('-', '/')}/[$LATEST]${child.pid}`;
    const instance = { child, busy: false, lines, stream, streamCreated: false };
    this.instances.set(fn.name, [...(this.instances.get(fn.name) ?? []), instance]);
    return instance;
  }

  /** Invokes a function synchronously and returns its result; its error is thrown under the name Lambda reports. */
  async invoke(nameOrArn: string, event: unknown, options: InvokeOptions = {}): Promise<unknown> {
    const fn = this.find(nameOrArn);
    const offsetMs = options.offsetMs ?? 0;
    const record: Invocation = { functionName: fn.name, async: options.async ?? false, offsetMs };
    this.invocations.push(record);
    const idle = this.instances.get(fn.name)?.find((i) => !i.busy);
    const instance = idle ?? (await this.start(fn));
    instance.busy = true;
    const id = ++this.next;
    try {
      return await new Promise((resolve, reject) => {
        const onMessage = (m: {
          id?: number;
          result?: unknown;
          error?: { name: string; message: string };
        }) => {
          if (m.id !== id) return;
          instance.child.off('message', onMessage);
          if (m.error) reject(new FunctionError(m.error.name, m.error.message));
          else resolve(JSON.parse(JSON.stringify(m.result)));
        };
        instance.child.on('message', onMessage);
        instance.child.send({ id, event: JSON.parse(JSON.stringify(event)), offsetMs });
      });
    } catch (error) {
      record.error = (error as Error).name;
      throw error;
    } finally {
      await this.shipLogs(fn, instance, offsetMs);
      instance.busy = false;
    }
  }

  /** As Lambda does with the execution role: the instance's output to its log group's stream. */
  private async shipLogs(fn: TwinFunction, instance: Instance, offsetMs: number): Promise<void> {
    const events = instance.lines.splice(0).map((message) => ({ timestamp: Date.now() + offsetMs, message }));
    if (events.length === 0) return;
    const logs = new CloudWatchLogsClient(this.asRole(fn));
    const group = `/aws/lambda/${fn.name}`;
    try {
      if (!instance.streamCreated)
        await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: instance.stream }));
      instance.streamCreated = true;
      await logs.send(
        new PutLogEventsCommand({ logGroupName: group, logStreamName: instance.stream, logEvents: events }),
      );
    } catch (error) {
      this.log(fn).write(`twin: the log could not be shipped to ${group}: ${(error as Error).name}\n`);
    }
  }

  /** SDK settings with the function's role, as Lambda acts for the function (its logs, its dead-letter queue). */
  private asRole(fn: TwinFunction) {
    const credentials = this.options.credentials.get(fn.roleArn);
    if (!credentials) throw new Error(`no credentials for ${fn.name}'s role ${fn.roleArn}`);
    return {
      region: this.options.baseEnvironment.AWS_REGION,
      endpoint: this.options.baseEnvironment.AWS_ENDPOINT_URL,
      credentials,
      maxAttempts: 1,
    };
  }

  /**
   * An asynchronous invocation (`Event`), as Lambda handles one: queued and run, retried twice when it fails,
   * then sent to the function's dead-letter queue, if it has one; never thrown to the caller.
   */
  invokeAsync(nameOrArn: string, event: unknown, offsetMs = 0): void {
    const run = this.attempts(nameOrArn, event, offsetMs).catch(() => undefined);
    this.pending.add(run);
    void run.finally(() => this.pending.delete(run));
  }

  private async attempts(nameOrArn: string, event: unknown, offsetMs: number): Promise<void> {
    let at = offsetMs;
    let failure: Error | undefined;
    for (const delay of ASYNC_ATTEMPT_DELAYS_MS) {
      at += delay;
      try {
        await this.invoke(nameOrArn, event, { async: true, offsetMs: at });
        return;
      } catch (error) {
        failure = error as Error;
      }
    }
    const fn = this.find(nameOrArn);
    const queueUrl = fn.deadLetterArn && this.options.queueUrls.get(fn.deadLetterArn);
    if (!queueUrl) return;
    // Lambda sends the event as it was, with the request and the error in attributes, with the function's role.
    await new SQSClient(this.asRole(fn)).send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: JSON.stringify(event),
        MessageAttributes: {
          RequestID: { DataType: 'String', StringValue: randomUUID() },
          ErrorCode: { DataType: 'Number', StringValue: '200' },
          ErrorMessage: { DataType: 'String', StringValue: String(failure?.message).slice(0, 1024) },
        },
      }),
    );
    this.deadLettered.push({ functionName: fn.name, error: String(failure?.name) });
  }

  /** Resolves once no asynchronous invocation is running. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  /** Stops every instance. */
  stop(): void {
    for (const list of this.instances.values()) for (const i of list) i.child.kill('SIGTERM');
    for (const stream of this.logs.values()) stream.end();
  }
}
