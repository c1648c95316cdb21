/**
 * Vitest global set-up: starts the moto server (installed in .venv by scripts/setup.sh) on a free loopback port
 * for the AWS leg of the contract suite, and stops it afterwards. A missing moto fails the run, naming it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    motoEndpoint: string;
  }
}

const MOTO = fileURLToPath(new URL('../../.venv/bin/moto_server', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function waitUntilUp(endpoint: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`moto_server exited with code ${child.exitCode}`);
    try {
      const response = await fetch(`${endpoint}/moto-api/`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('moto_server did not answer within 30 s');
}

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
  await waitUntilUp(endpoint, child);
  project.provide('motoEndpoint', endpoint);
}

export async function teardown(): Promise<void> {
  child?.kill('SIGTERM');
}
