// One Lambda execution environment: imports the packaged bundle once (its module initialisation is the cold
// start), then runs one invocation at a time, as Lambda does, answering over IPC. Run by Node 22 (nodejs22.x).
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';

const [, , file, exportName, functionName, timeoutSeconds] = process.argv;

// The twin compresses time (a playbook's 30-minute wait lasts a second): an invocation made that far into the
// twin's future is given its clock, `clockOffsetMs` ahead of this machine's, for as long as it runs.
const RealDate = Date;
let clockOffsetMs = 0;
globalThis.Date = new Proxy(RealDate, {
  construct: (target, args, newTarget) =>
    Reflect.construct(target, args.length === 0 ? [target.now() + clockOffsetMs] : args, newTarget),
  apply: (target) => new target(target.now() + clockOffsetMs).toString(),
  get: (target, key) => (key === 'now' ? () => target.now() + clockOffsetMs : Reflect.get(target, key)),
});

let handler;
try {
  handler = (await import(pathToFileURL(file).href))[exportName];
  if (typeof handler !== 'function') throw new Error(`${file} exports no function ${exportName}`);
  process.send({ ready: true });
} catch (error) {
  process.send({
    ready: false,
    error: { name: 'Runtime.ImportModuleError', message: String(error?.stack ?? error) },
  });
  process.exit(1);
}

process.on('message', async ({ id, event, offsetMs }) => {
  clockOffsetMs = offsetMs ?? 0;
  const deadline = Date.now() + Number(timeoutSeconds) * 1000;
  const context = {
    functionName,
    awsRequestId: randomUUID(),
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  try {
    const result = await handler(event, context);
    process.send({ id, result: result === undefined ? null : result });
  } catch (error) {
    process.send({ id, error: { name: error?.name ?? 'Error', message: String(error?.message ?? error) } });
  }
});
