import './polyfills.js';
import { StateMachine } from 'aws-local-stepfunctions';
import { ConfigurationError } from '../domain/errors.js';
import type { Log } from '../ports/log.js';
import type { Workflow } from '../ports/workflow.js';
import {
  type AslDefinition,
  type AslRetrier,
  type AslState,
  allStates,
  taskFunctionLogicalId,
} from './asl.js';
import type { LatencyCharger } from './latency-model.js';
import { localWait, withLocalWaits } from './local-wait.js';
import { runFailedEvent } from './run-status-event.js';
import type { Gate, SimulatedClock } from './simulated-clock.js';

/** A Lambda function bound in process: JSON in, JSON out, errors by name. */
export type LocalFunction = (payload: unknown) => Promise<unknown>;

/** One playbook run in the local runtime. */
export interface LocalExecution {
  playbook: string;
  name: string;
  input: string;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  output?: unknown;
  error?: string;
  /** Lambda invocations made by the run, by function. */
  invocations: Record<string, number>;
  /** State transitions, as Step Functions bills them (every state entered, and every retry). */
  transitions: number;
  /** Every Lambda invocation in order: the function, the Task state, and whether it was asynchronous. */
  calls: Array<{ fn: string; state: string; async: boolean }>;
  /** The states the run entered, those inside a Map included, each once. */
  entered: Set<string>;
}

function named(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

/** Lambda passes JSON, not object references: round-trip so the local run cannot share state by accident. */
function asJson<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

function retryDelayMs(retry: AslRetrier[] | undefined, errorName: string, attempt: number): number {
  const retrier = retry?.find((r) =>
    r.ErrorEquals.some((e) => e === errorName || e === 'States.ALL' || e === 'States.TaskFailed'),
  );
  if (!retrier) return 0;
  const seconds = (retrier.IntervalSeconds ?? 1) * (retrier.BackoffRate ?? 2) ** (attempt - 1);
  return Math.min(seconds, retrier.MaxDelaySeconds ?? Number.POSITIVE_INFINITY) * 1000;
}

/**
 * The Workflow port over aws-local-stepfunctions: runs the committed ASL with each Task bound to an in-process
 * function, task tokens through the run context, approval deadlines and retry back-offs on the simulated clock.
 */
export class LocalWorkflow implements Workflow {
  readonly executions = new Map<string, LocalExecution>();
  private readonly machines = new Map<string, StateMachine>();
  private readonly pending = new Map<string, Gate<unknown>>();
  private readonly running: Promise<unknown>[] = [];
  /** Per run, the transitions the latency model has charged so far. */
  private readonly chargedTransitions = new WeakMap<LocalExecution, number>();

  constructor(
    private readonly options: {
      definitions: Record<string, AslDefinition>;
      functions: Record<string, LocalFunction>;
      clock: SimulatedClock;
      log: Log;
      /** Charges each state transition and Lambda invocation on the clock (the time-to-contain benchmark). */
      latency?: LatencyCharger;
      /** Where Step Functions' status event for a run that failed goes (EventBridge's rule for it, deployed). */
      onRunFailed?: (event: Record<string, unknown>) => void;
    },
  ) {}

  private machine(playbook: string): StateMachine {
    let machine = this.machines.get(playbook);
    if (!machine) {
      const definition = this.options.definitions[playbook];
      if (!definition) throw new ConfigurationError(`no state machine for playbook ${playbook}`);
      // Built once per playbook: constructing one validates the definition and costs ~0.3 s.
      machine = new StateMachine(withLocalWaits(definition) as never, {
        validationOptions: { checkArn: true, checkPaths: true },
      });
      this.machines.set(playbook, machine);
    }
    return machine;
  }

  private bindTask(stateName: string, state: AslState, execution: LocalExecution, token: string) {
    const logicalId = taskFunctionLogicalId(state);
    const fn = logicalId === undefined ? undefined : this.options.functions[logicalId];
    if (!logicalId || !fn)
      throw new ConfigurationError(
        `Task ${stateName} names no function the local runtime knows (${logicalId ?? 'none'})`,
      );
    const { clock, log } = this.options;
    let attempts = 0;
    let lastError: string | undefined;
    const invoke = async (payload: unknown, async = false) => {
      execution.invocations[logicalId] = (execution.invocations[logicalId] ?? 0) + 1;
      execution.calls.push({ fn: logicalId, state: stateName, async });
      this.options.latency?.hop(this.options.latency.model.lambdaInvoke);
      return asJson(await fn(asJson(payload)));
    };
    return async (input: unknown) => {
      const { Payload, InvocationType } = input as { Payload: unknown; InvocationType?: string };
      await this.chargeTransitions(execution);
      if (lastError !== undefined) clock.elapse(retryDelayMs(state.Retry, lastError, attempts));
      attempts += 1;
      try {
        if (state.Resource === 'arn:aws:states:::lambda:invoke.waitForTaskToken') {
          if (this.pending.has(token))
            throw new ConfigurationError(`${execution.name} already waits on a task token`);
          const gate = clock.gate<unknown>();
          this.pending.set(token, gate);
          const deadline = new Date(clock.now().getTime() + (state.TimeoutSeconds ?? 99_999_999) * 1000);
          const cancelDeadline = clock.schedule(deadline, () => {
            if (this.pending.delete(token)) gate.fail(named('States.Timeout', `${stateName} timed out`));
          });
          try {
            await invoke(Payload);
          } catch (error) {
            this.pending.delete(token);
            cancelDeadline();
            throw error;
          }
          const result = await gate.wait().finally(cancelDeadline);
          lastError = undefined;
          attempts = 0;
          return result as never;
        }
        if (InvocationType === 'Event') {
          // An asynchronous invoke: nothing waits for it, and its failure cannot fail the playbook.
          const latency = this.options.latency;
          void clock
            .track(latency ? latency.thread(() => invoke(Payload, true)) : invoke(Payload, true))
            .catch((error: Error) =>
              log.error('async invocation failed', { function: logicalId, error: error.message }),
            );
          return { StatusCode: 202, Payload: '' } as never;
        }
        const result = await invoke(Payload);
        lastError = undefined;
        attempts = 0;
        return { StatusCode: 200, ExecutedVersion: '$LATEST', Payload: result } as never;
      } catch (error) {
        lastError = error instanceof Error ? error.name : 'Error';
        throw error;
      }
    };
  }

  async start(playbook: string, name: string, input: unknown): Promise<'started' | 'already-exists'> {
    const serialised = JSON.stringify(input);
    const existing = this.executions.get(`${playbook}/${name}`);
    if (existing) {
      // Step Functions: the same name and input while running is idempotent; anything else already exists.
      return existing.status === 'RUNNING' && existing.input === serialised ? 'started' : 'already-exists';
    }
    const definition = this.options.definitions[playbook];
    const machine = this.machine(playbook);
    const execution: LocalExecution = {
      playbook,
      name,
      input: serialised,
      status: 'RUNNING',
      invocations: {},
      transitions: 0,
      calls: [],
      entered: new Set(),
    };
    this.executions.set(`${playbook}/${name}`, execution);
    const token = `local-task-token:${playbook}:${name}`;
    const taskResourceLocalHandlers = Object.fromEntries(
      (definition ? allStates(definition) : []).flatMap(([stateName, state]) => {
        if (state.Type === 'Task') return [[stateName, this.bindTask(stateName, state, execution, token)]];
        if (state.Type === 'Wait') return [[stateName, localWait(state, this.options.clock) as never]];
        return [];
      }),
    );
    const retryIntervalOverrides = Object.fromEntries(
      (definition ? allStates(definition) : []).map(([s]) => [s, 0]),
    );
    const startedAt = this.options.clock.now();
    const begin = () =>
      machine.run(JSON.parse(serialised), {
        overrides: { taskResourceLocalHandlers, retryIntervalOverrides },
        context: { Execution: { Name: name, Id: `local:${playbook}:${name}` }, Task: { Token: token } },
      });
    // The run goes on beside whoever started it, from when StartExecution has answered.
    const { latency } = this.options;
    const run = latency ? latency.thread(begin, latency.model.call.states) : begin();
    void this.countTransitions(run.eventLogs, execution);
    const done = this.options.clock.track(run.result).then(
      (output) => {
        execution.status = 'SUCCEEDED';
        execution.output = output;
      },
      (error: Error) => {
        execution.status = 'FAILED';
        execution.error = error.message;
        this.options.log.error('execution failed', { execution: name, error: error.message });
        this.options.onRunFailed?.(
          runFailedEvent({ playbook, name, input: serialised, startedAt }, error, this.options.clock.now()),
        );
      },
    );
    this.running.push(done);
    return 'started';
  }

  /** Charges the transitions a run has made since the last charge (its event log is read asynchronously). */
  private async chargeTransitions(execution: LocalExecution): Promise<void> {
    const latency = this.options.latency;
    if (!latency) return;
    await new Promise((resolve) => setImmediate(resolve));
    const charged = this.chargedTransitions.get(execution) ?? 0;
    this.chargedTransitions.set(execution, execution.transitions);
    latency.hop((execution.transitions - charged) * latency.model.stateTransition);
  }

  private async countTransitions(
    logs: AsyncGenerator<{ type: string; state?: { name: string } }>,
    execution: LocalExecution,
  ): Promise<void> {
    for await (const event of logs) {
      if (event.type === 'StateEntered' && event.state) execution.entered.add(event.state.name);
      if (event.type === 'StateEntered' || event.type === 'StateRetried') execution.transitions += 1;
    }
  }

  async sendTaskSuccess(taskToken: string, output: unknown): Promise<void> {
    const gate = this.pending.get(taskToken);
    if (!gate) throw named('TaskTimedOut', 'Task Timed Out or already completed');
    this.pending.delete(taskToken);
    gate.open(asJson(output));
  }

  async sendTaskFailure(taskToken: string, error: string, cause: string): Promise<void> {
    const gate = this.pending.get(taskToken);
    if (!gate) throw named('TaskTimedOut', 'Task Timed Out or already completed');
    this.pending.delete(taskToken);
    gate.fail(named(error, cause));
  }

  /** Resolves when every run started so far has finished. */
  async settled(): Promise<void> {
    await Promise.all(this.running);
  }
}
