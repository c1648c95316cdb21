import { AsyncLocalStorage } from 'node:async_hooks';
import type { SimulatedClock } from './simulated-clock.js';

/** The services whose calls the pipeline makes, as the latency model prices them. */
export type Service =
  | 'iam'
  | 'sts'
  | 'lambda'
  | 'dynamodb'
  | 'states'
  | 'secretsmanager'
  | 'ec2'
  | 'cloudtrail'
  | 'organizations'
  | 'identitystore'
  | 's3'
  | 'sqs'
  | 'kms';

/** How long each hop of the pipeline takes, in milliseconds (the figures and their sources are in docs/performance.md). */
export interface LatencyModel {
  /** From an event's arrival on the bus to the rule's target being invoked. */
  eventBridgeDelivery: number;
  /** A warm Lambda invocation's overhead, before the handler runs. */
  lambdaInvoke: number;
  /** One Step Functions Standard state transition. */
  stateTransition: number;
  /** One API call, by service, round trip from a Lambda in the same region (a read, where writes differ). */
  call: Record<Service, number>;
  /** Writes, for the services whose writes take longer than their reads. */
  write: Partial<Record<Service, number>>;
}

/** Whether a port method only reads (its name says so: get, list, describe, look up, a key's last use). */
export const isRead = (method: string): boolean =>
  /^(get|list|describe|lookup|find|events|enabled|accessKeyLastUsed)/.test(method);

/** The figures the benchmark prices the pipeline with (docs/performance.md says where each comes from). */
export const PUBLISHED_LATENCIES: LatencyModel = {
  eventBridgeDelivery: 362,
  lambdaInvoke: 20,
  stateTransition: 30,
  call: {
    iam: 50,
    sts: 50,
    lambda: 20,
    dynamodb: 10,
    states: 50,
    secretsmanager: 50,
    ec2: 80,
    cloudtrail: 300,
    organizations: 100,
    identitystore: 80,
    s3: 30,
    sqs: 20,
    kms: 15,
  },
  write: { iam: 150 },
};

/** One call the model charged: its service and method, and when it started and completed on the drill clock. */
export interface ChargedCall {
  service: Service;
  method: string;
  startedAt: number;
  completedAt: number;
}

/** Port methods that answer from the port itself, never calling AWS. */
const LOCAL_METHODS = new Set(['sealsAs']);

/**
 * Charges the pipeline's hops on a drill's simulated clock. A call completes at its start plus its latency, so
 * calls made one after another add up and calls made at once overlap, as they would in AWS.
 */
export class LatencyCharger {
  readonly calls: ChargedCall[] = [];
  /** Calls not yet settled here, with the thread that made them and when they complete on the clock. */
  private inFlight: Array<{ thread: object | undefined; completedAt: number; settled: Promise<unknown> }> =
    [];
  /**
   * Inside a charged call, the thread that made it: a call it makes on that thread (a timeline append's seal) is
   * part of it, ordered when it began; a thread started inside it (an execution StartExecution starts) is not.
   */
  private readonly within = new AsyncLocalStorage<{ thread: object | undefined }>();

  constructor(
    readonly model: LatencyModel,
    private readonly clock: SimulatedClock,
  ) {}

  /**
   * Runs `fn` as a thread of its own starting `afterMs` from now (a started execution, an asynchronous invoke, a
   * delivered event): its calls and hops do not delay the thread that started it, nor does that thread's later
   * work delay it, as in AWS, where they run on different machines.
   */
  thread<T>(fn: () => T, afterMs = 0): T {
    return this.clock.thread(fn, this.clock.now().getTime() + afterMs);
  }

  /** A hop of `ms` starting now (a delivery, an invocation, transitions): time is past it when this returns. */
  hop(ms: number): void {
    this.clock.advanceTo(this.clock.now().getTime() + ms);
  }

  /**
   * The port charged as `charge` does, each call made beside the caller (`SimulatedClock.aside`): work a function
   * starts and waits for only later, such as anchoring a timeline head; `join` is that wait.
   */
  chargeAside<T extends object>(service: Service, port: T): T {
    const charged = this.charge(service, port);
    return new Proxy(charged, {
      get: (target, property, receiver) => {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) =>
          this.clock.aside(async () => (await value.apply(target, args)) as unknown);
      },
    });
  }

  /** The caller waits for the calls it made aside (`chargeAside`): its time moves to when the last finished. */
  join(): void {
    this.clock.join();
  }

  /** The port with every asynchronous method charged as one call to `service`. */
  charge<T extends object>(service: Service, port: T): T {
    return new Proxy(port, {
      get: (target, property, receiver) => {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        // A port's own answer (which writer a store seals as) is no call: never charged, never made to wait.
        if (LOCAL_METHODS.has(String(property))) return value.bind(target);
        return (...args: unknown[]) => {
          const startedAt = this.clock.now().getTime();
          const method = String(property);
          const ms = isRead(method)
            ? this.model.call[service]
            : (this.model.write[service] ?? this.model.call[service]);
          const thread = this.clock.currentThread();
          // A call sees what other threads' calls did before it started on the clock, whatever their order
          // here: the action function's first read finds the entry triage wrote beside the start, as in AWS. A call
          // made inside another was ordered with it: waiting again could wait for a call that waits for this one
          // (an append's seal, holding the timeline's lock, for another thread's append queued on that lock).
          const outer = this.within.getStore();
          const before =
            outer && outer.thread === thread
              ? []
              : this.inFlight
                  .filter((c) => c.thread !== thread && c.completedAt <= startedAt)
                  .map((c) => c.settled);
          const apply = () => this.within.run({ thread }, () => value.apply(target, args));
          const result: unknown = before.length === 0 ? apply() : Promise.all(before).then(apply);
          if (!(result instanceof Promise)) return result;
          const completedAt = startedAt + ms;
          const settled = result.then(
            () => undefined,
            () => undefined,
          );
          const entry = { thread, completedAt, settled };
          this.inFlight.push(entry);
          // Time moves to the call's end a macrotask later: work running at the same time (a deny placed
          // alongside a deactivation) starts its own calls at this call's start, as it would in AWS.
          return result.finally(async () => {
            this.inFlight = this.inFlight.filter((c) => c !== entry);
            await new Promise((resolve) => setImmediate(resolve));
            this.clock.advanceTo(completedAt);
            this.calls.push({ service, method, startedAt, completedAt });
          });
        };
      },
    });
  }
}
