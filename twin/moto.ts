/**
 * The moto server the twin deploys into: started on a free loopback port, open while the stack is created, then
 * enforcing IAM authentication and (moto's coarse) authorization for every request after that.
 */
import { spawn } from 'node:child_process';
import { existsSync, openSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freePort, waitUntilMotoUp } from '../test/support/moto-process.js';

const MOTO = fileURLToPath(new URL('../.venv/bin/moto_server', import.meta.url));

/** A running moto server. */
export interface Moto {
  endpoint: string;
  /** From now on every request must be signed by a known key and be allowed by its identity's policies. */
  enforceAuthorization(): Promise<void>;
  /** Stops checking requests (the operator's own reads that moto mis-verifies; never the stack's calls). */
  pauseAuthorization(): Promise<void>;
  /** Runs `during` with checks paused, then enforces them again. */
  withoutAuthorization<T>(during: () => Promise<T>): Promise<T>;
  stop(): void;
}

/** Starts moto, its log written to logFile; a missing moto fails naming what installs it. */
export async function startMoto(logFile: string): Promise<Moto> {
  if (!existsSync(MOTO))
    throw new Error(
      `moto_server is missing (${MOTO}): run npm run setup, which installs moto[server] into .venv`,
    );
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn(MOTO, ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', openSync(logFile, 'w'), openSync(logFile, 'a')],
    // AWS managed policies (AWS attaches AWSCompromisedKeyQuarantineV3 to an exposed key's user).
    env: { ...process.env, MOTO_ALLOW_NONEXISTENT_REGION: 'false', MOTO_IAM_LOAD_MANAGED_POLICIES: 'true' },
  });
  await waitUntilMotoUp(endpoint, child);
  // moto runs a function it invokes itself (a secret's rotation function, from RotateSecret) in Docker, which the
  // twin has not: its stand-in answers every invocation as succeeding (moto then completes the rotation's stages).
  const config = await fetch(`${endpoint}/moto-api/config`, {
    method: 'POST',
    body: JSON.stringify({ lambda: { use_docker: false } }),
  });
  if (!config.ok) throw new Error(`moto refused its Lambda configuration: ${config.status}`);
  const moto: Moto = {
    endpoint,
    async enforceAuthorization() {
      // moto's switch: after this many unauthenticated requests (zero), every request is checked.
      const response = await fetch(`${endpoint}/moto-api/reset-auth`, { method: 'POST', body: '0' });
      if (!response.ok) throw new Error(`moto refused to enforce authorization: ${response.status}`);
    },
    async pauseAuthorization() {
      const response = await fetch(`${endpoint}/moto-api/reset-auth`, { method: 'POST', body: 'inf' });
      if (!response.ok) throw new Error(`moto refused to pause authorization: ${response.status}`);
    },
    async withoutAuthorization(during) {
      await moto.pauseAuthorization();
      try {
        return await during();
      } finally {
        await moto.enforceAuthorization();
      }
    },
    stop: () => child.kill('SIGTERM'),
  };
  return moto;
}
