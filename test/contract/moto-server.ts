/**
 * Vitest global set-up: starts the moto server (installed in .venv by scripts/setup.sh) on a free loopback port
 * for the AWS leg of the contract suite, and stops it afterwards. A missing moto fails the run, naming it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { freePort, waitUntilMotoUp } from '../support/moto-process.js';

declare module 'vitest' {
  export interface ProvidedContext {
    motoEndpoint: string;
  }
}

const MOTO = fileURLToPath(new URL('../../.venv/bin/moto_server', import.meta.url));

let child: ChildProcess | undefined;

export async function setup(project: TestProject): Promise<void> {
  if (!existsSync(MOTO)) {
    throw new Error(
      `moto_server is missing (${MOTO}): run npm test, whose set-up installs moto[server] into .venv`,
    );
  }
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  child = spawn(MOTO, ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  await waitUntilMotoUp(endpoint, child);
  project.provide('motoEndpoint', endpoint);
}

export async function teardown(): Promise<void> {
  child?.kill('SIGTERM');
}
