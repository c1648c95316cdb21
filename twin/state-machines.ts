/**
 * Runs the stack's state machines, with the template's substitutions, in the local runner
 * (aws-local-stepfunctions): an execution moto accepted is run here, each Task invoking the bundle its
 * FunctionName ARN names, a waitForTaskToken Task settled by the SendTaskSuccess/Failure moto accepted.
 */
import '../src/runtime/polyfills.js';
import { randomUUID } from 'node:crypto';
import { ExecutionAbortedError, StateMachine } from 'aws-local-stepfunctions';
import { evaluatePolicies, type NamedPolicy } from '../src/domain/policy-evaluator.js';
import { type AslDefinition, type AslState, allStates } from '../src/runtime/asl.js';
import type { AwsCall } from './gateway.js';
import { FunctionError, type LambdaHost } from './lambda-host.js';
import type { TwinRole } from './provision.js';

/** One execution the twin ran. */
export interface TwinExecution {
  arn: string;
  stateMachineArn: string;
  name: string;
  input: unknown;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';
  output?: unknown;
  error?: string;
  /** When it started and stopped, on its own clock (epoch milliseconds, as Step Functions' events give them). */
  startDate: number;
  stopDate?: number;
  /** What ended it, as Step Functions' status event names it: the error no state caught, or StopExecution's. */
  ended?: { error: string | null; cause: string | null };
  /** Task states entered, in order. */
  tasks: string[];
  /**
   * How far ahead of this machine's clock the execution's is: the time its Wait states took on Step Functions
   * beyond the moment each lasts in the twin, plus how far ahead its starter's clock was.
   */
  offsetMs: number;
}

interface Waiting {
  resolve: (output: unknown) => void;
  reject: (error: Error) => void;
  /** The execution that waits. */
  execution: string;
  /** Makes the task's TimeoutSeconds elapse now; undefined while the task has none (or is still invoking). */
  expire?: () => void;
}

/**
 * The Task states a Wait state leads to, with the Wait's Seconds. Such a Task must be reached only through its Wait,
 * or the twin could not tell whether the execution waited before it.
 */
function waitsBefore(definition: AslDefinition, states: Array<[string, AslState]>): Map<string, number> {
  // Every transition of the definition: each state's Next, Default, its Choices' and Catchers' Next, StartAt.
  const entered = (s: AslState) =>
    [s.Next, s.Default, ...[s.Choices, s.Catch].flatMap((list) => (Array.isArray(list) ? list : []))].map(
      (t) => (typeof t === 'object' && t !== null ? (t as { Next?: unknown }).Next : t),
    );
  const transitions = [definition.StartAt, ...states.flatMap(([, s]) => entered(s))];
  const waits = new Map<string, number>();
  for (const [name, state] of states) {
    if (state.Type !== 'Wait') continue;
    const seconds = (state as { Seconds?: number }).Seconds;
    if (typeof seconds !== 'number' || typeof state.Next !== 'string')
      throw new Error(`the twin runs Wait states of fixed Seconds only (${name})`);
    const next = state.Next;
    if (transitions.filter((t) => t === next).length > 1)
      throw new Error(`${next} is reached other than through the Wait ${name}`);
    waits.set(next, seconds);
  }
  return waits;
}

/** Step Functions for the twin. */
export class StateMachineHost {
  readonly executions: TwinExecution[] = [];
  private readonly machines = new Map<string, StateMachine>();
  private readonly waiting = new Map<string, Waiting>();
  private readonly running = new Set<Promise<unknown>>();
  private issued = 0;

  constructor(
    private readonly options: {
      definitions: Map<string, { name: string; definition: string; roleArn: string }>;
      lambdas: LambdaHost;
      /** The stack's roles by ARN: each state machine invokes with its own role's permissions. */
      roles: Map<string, TwinRole>;
      /** Records each invocation the state machine's role makes, as the gateway records the functions' calls. */
      record: (call: AwsCall) => void;
      /** Every Wait state lasts this long in the twin (the playbooks wait up to 30 minutes to verify). */
      waitMs: number;
      /** Called when an execution ends otherwise than SUCCEEDED: Step Functions puts its status event on the bus. */
      ended?: (execution: TwinExecution) => Promise<void>;
    },
  ) {}

  /** How each running execution is stopped (the local runner's abort). */
  private readonly aborts = new Map<string, () => void>();

  private definition(arn: string): AslDefinition {
    const found = this.options.definitions.get(arn);
    if (!found) throw new Error(`no state machine ${arn} in the stack`);
    return JSON.parse(found.definition) as AslDefinition;
  }

  private machine(arn: string): StateMachine {
    let machine = this.machines.get(arn);
    if (!machine) {
      machine = new StateMachine(this.definition(arn) as never, {
        validationOptions: { checkArn: true, checkPaths: true },
      });
      this.machines.set(arn, machine);
    }
    return machine;
  }

  /** Step Functions invokes with the state machine's role: refused as Lambda refuses, unless it allows the call. */
  private authorize(stateMachineArn: string, functionName: string): void {
    const roleArn = this.options.definitions.get(stateMachineArn)?.roleArn ?? '';
    const role = this.options.roles.get(roleArn);
    const resource = this.options.lambdas.find(functionName).arn;
    const allowed = () =>
      role !== undefined &&
      evaluatePolicies(role.policies as unknown as NamedPolicy[], {
        action: 'lambda:InvokeFunction',
        resource,
        context: {},
      }).effect === 'allow';
    const status = allowed() ? 200 : 403;
    this.options.record({
      caller: roleArn,
      service: 'lambda',
      region: '',
      action: 'Invoke',
      status,
      needs: [{ action: 'lambda:InvokeFunction', resource }],
      replay: async () =>
        allowed()
          ? { status: 200, body: '' }
          : {
              status: 403,
              body: `AccessDeniedException: ${roleArn} is not authorized to perform: lambda:InvokeFunction on resource: ${resource}`,
            },
    });
    if (status !== 200)
      throw new FunctionError(
        'Lambda.AWSLambdaException',
        `${roleArn} is not authorized to perform: lambda:InvokeFunction on resource: ${resource}`,
      );
  }

  private task(
    name: string,
    state: AslState,
    execution: TwinExecution,
    contextToken: string,
    waitedSeconds: number | undefined,
  ) {
    const { lambdas } = this.options;
    return async (input: { FunctionName: string; Payload: unknown; InvocationType?: string }) => {
      // The Wait before this Task lasted its Seconds on Step Functions: the execution's clock moves on that much
      // (once: a retry of the Task enters it again without waiting again).
      if (waitedSeconds !== undefined && execution.tasks.at(-1) !== name)
        execution.offsetMs += waitedSeconds * 1000 - this.options.waitMs;
      execution.tasks.push(name);
      const at = { offsetMs: execution.offsetMs };
      this.authorize(execution.stateMachineArn, input.FunctionName);
      if (state.Resource === 'arn:aws:states:::lambda:invoke.waitForTaskToken') {
        // Step Functions gives every task entry its own single-use token: a click on an earlier approval can
        // never settle a later one. The runner's context holds one per run, so each entry's is swapped in.
        this.issued += 1;
        const token = `twin-task-token:${this.issued}:${randomUUID()}`;
        input.Payload = JSON.parse(JSON.stringify(input.Payload).replaceAll(contextToken, token));
        const settled = new Promise<unknown>((resolve, reject) =>
          this.waiting.set(token, { resolve, reject, execution: execution.name }),
        );
        // The answer may come before the invocation returns (the responder clicks while it posts): not unhandled.
        settled.catch(() => undefined);
        try {
          await lambdas.invoke(input.FunctionName, input.Payload, at);
        } catch (error) {
          this.waiting.delete(token);
          throw error;
        }
        const timeout = state.TimeoutSeconds;
        if (timeout === undefined) return settled;
        let timer: NodeJS.Timeout | undefined;
        const expired = new Promise<never>((_, reject) => {
          const expire = () => {
            this.waiting.delete(token);
            reject(new FunctionError('States.Timeout', `${name} timed out`));
          };
          const waiting = this.waiting.get(token);
          if (waiting) waiting.expire = expire;
          timer = setTimeout(expire, timeout * 1000);
        });
        return Promise.race([settled, expired]).finally(() => clearTimeout(timer));
      }
      if (state.Resource !== 'arn:aws:states:::lambda:invoke')
        throw new Error(`the twin runs Lambda Tasks only, not ${state.Resource} (${name})`);
      if (input.InvocationType === 'Event') {
        lambdas.invokeAsync(input.FunctionName, input.Payload, execution.offsetMs);
        return { StatusCode: 202, Payload: '' };
      }
      const payload = await lambdas.invoke(input.FunctionName, input.Payload, at);
      return { StatusCode: 200, ExecutedVersion: '$LATEST', Payload: payload };
    };
  }

  /** Runs an execution moto has accepted, on its starter's clock (`offsetMs` ahead of this machine's). */
  start(stateMachineArn: string, executionArn: string, name: string, input: unknown, offsetMs = 0): void {
    const definition = this.definition(stateMachineArn);
    const execution: TwinExecution = {
      arn: executionArn,
      stateMachineArn,
      name,
      input,
      status: 'RUNNING',
      tasks: [],
      offsetMs,
      startDate: Date.now() + offsetMs,
    };
    this.executions.push(execution);
    const token = `twin-task-token:${executionArn}`;
    const states = allStates(definition);
    const waits = waitsBefore(definition, states);
    const run = this.machine(stateMachineArn).run(input as never, {
      overrides: {
        taskResourceLocalHandlers: Object.fromEntries(
          states
            .filter(([, s]) => s.Type === 'Task')
            .map(([n, s]) => [n, this.task(n, s, execution, token, waits.get(n)) as never]),
        ),
        waitTimeOverrides: Object.fromEntries(
          states.filter(([, s]) => s.Type === 'Wait').map(([n]) => [n, this.options.waitMs]),
        ),
      },
      context: {
        Execution: {
          Id: executionArn,
          Name: name,
          Input: input as never,
          StartTime: new Date(Date.now() + offsetMs).toISOString(),
        },
        StateMachine: {
          Id: stateMachineArn,
          Name: this.options.definitions.get(stateMachineArn)?.name ?? '',
        },
        Task: { Token: token },
      },
    });
    this.aborts.set(executionArn, run.abort);
    const done = run.result
      .then(
        (output) => {
          execution.status = 'SUCCEEDED';
          execution.output = output;
        },
        (error: Error) => {
          execution.error = `${error.name}: ${error.message}`;
          if (error instanceof ExecutionAbortedError) {
            execution.status = 'ABORTED';
            return;
          }
          execution.status = 'FAILED';
          // The local runner wraps the error no state caught; its name is what Step Functions reports.
          const caught = error.cause instanceof Error ? error.cause : error;
          execution.ended = { error: caught.name, cause: caught.message };
        },
      )
      .then(() => {
        this.aborts.delete(executionArn);
        execution.stopDate = Date.now() + execution.offsetMs;
        if (execution.status !== 'SUCCEEDED') return this.options.ended?.(execution);
      });
    this.running.add(done);
    void done.finally(() => this.running.delete(done));
  }

  /**
   * StopExecution, as an operator calls it: the run ends ABORTED with the error and cause given (its waiting tasks
   * gone); false when it is not running.
   */
  stop(executionArn: string, error?: string, cause?: string): boolean {
    const abort = this.aborts.get(executionArn);
    const execution = this.executions.find((e) => e.arn === executionArn);
    if (!abort || !execution) return false;
    execution.ended = { error: error ?? null, cause: cause ?? null };
    for (const [token, waiting] of this.waiting)
      if (waiting.execution === execution.name) this.waiting.delete(token);
    abort();
    return true;
  }

  /** Settles a waiting task; false when no task waits on this token (Step Functions: TaskDoesNotExist). */
  settle(token: string, outcome: { output: unknown } | { error: string; cause?: string }): boolean {
    const waiting = this.waiting.get(token);
    if (!waiting) return false;
    this.waiting.delete(token);
    if ('output' in outcome) waiting.resolve(outcome.output);
    else waiting.reject(new FunctionError(outcome.error, outcome.cause ?? ''));
    return true;
  }

  /**
   * Lets the timeout of every task `executionName` waits on elapse now, as Step Functions does when nobody sends
   * the token back in time (a playbook's approval waits 30 minutes); how many timed out.
   */
  timeOut(executionName: string): number {
    const expiring = [...this.waiting.values()].filter((w) => w.execution === executionName && w.expire);
    for (const waiting of expiring) waiting.expire?.();
    return expiring.length;
  }

  /** Task tokens an execution waits on now. */
  waitingTokens(): string[] {
    return [...this.waiting.keys()];
  }

  /** Resolves once no execution is running (an execution waiting for approval keeps running). */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}
