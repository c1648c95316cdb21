/**
 * Time to contain a leaked IAM user key: from the AWS Health event's arrival on the bus to the deny in place
 * (`UpdateAccessKey` and `PutUserPolicy` both done), through the whole local pipeline (bus, triage, the committed
 * state machine, the action function, the sandbox as AWS) with every hop charged on the simulated clock, against
 * the lower bound priced with the same figures: the delivery, one invocation, then the two containment calls.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDrill } from '../src/drills/drill-file.js';
import { runDrill } from '../src/drills/drill-runner.js';
import { type LatencyModel, PUBLISHED_LATENCIES } from '../src/runtime/latency-model.js';

const root = fileURLToPath(new URL('../', import.meta.url));

/** What one run measured, in milliseconds. */
export interface TimeToContain {
  pipeline: number;
  lowerBound: number;
  ratio: number;
  calls: number;
}

/** Runs the drill under a latency model and measures it. */
export async function measureTimeToContain(model: LatencyModel): Promise<TimeToContain> {
  // As a deployment that has run its scheduled key inventory: the event stays as AWS sends it (the key alone).
  const drill = {
    ...(await loadDrill(join(root, 'drills', 'aws-reported-exposed-key.yml'))),
    keyInventory: true,
  };
  const report = await runDrill(drill, {
    root,
    stateDir: mkdtempSync(join(tmpdir(), 'rekey-ttc-')),
    latency: model,
  });
  if (!report.passed)
    throw new Error(
      `the aws-reported-exposed-key drill failed under the latency model: ${report.results
        .filter((r) => !r.passed)
        .map((r) => `${r.label} (${r.found})`)
        .join('; ')}`,
    );
  const arrival = Date.parse(drill.start) + (drill.events[0]?.at ?? 0);
  const done = (method: string) => {
    const call = report.charged?.find((c) => c.service === 'iam' && c.method === method);
    if (!call) throw new Error(`the run made no ${method}`);
    return call.completedAt;
  };
  const contained = Math.max(done('updateAccessKeyStatus'), done('putInlinePolicy'));
  const iamWrite = model.write.iam ?? model.call.iam;
  const lowerBound = model.eventBridgeDelivery + model.lambdaInvoke + 2 * iamWrite;
  const pipeline = contained - arrival;
  const calls = (report.charged ?? []).filter((c) => c.completedAt <= contained).length;
  return { pipeline, lowerBound, ratio: pipeline / lowerBound, calls };
}

export async function benchTimeToContain(): Promise<{ rows: Array<[string, string]>; ratio: number }> {
  const m = PUBLISHED_LATENCIES;
  const measured = await measureTimeToContain(m);
  // The same run with IAM reads priced as writes: how much the figures, not the pipeline, decide the ratio.
  const flat = await measureTimeToContain({ ...m, call: { ...m.call, iam: m.write.iam ?? m.call.iam } });
  return {
    ratio: measured.ratio,
    rows: [
      [
        'latency model (ms)',
        `EventBridge ${m.eventBridgeDelivery}, Lambda invoke ${m.lambdaInvoke}, transition ${m.stateTransition}, IAM read ${m.call.iam} / write ${m.write.iam}, DynamoDB ${m.call.dynamodb}, StartExecution ${m.call.states}, KMS ${m.call.kms}, S3 ${m.call.s3}`,
      ],
      [
        'time to contain a leaked user key',
        `${measured.pipeline} ms from arrival to the deny in place (${measured.calls} AWS calls charged on the way)`,
      ],
      [
        'lower bound',
        `${measured.lowerBound} ms: delivery, one invocation, UpdateAccessKey, then PutUserPolicy`,
      ],
      [
        'same, IAM reads priced as writes',
        `${flat.pipeline} ms against ${flat.lowerBound} ms: ${flat.ratio.toFixed(2)} x lower bound`,
      ],
    ],
  };
}
