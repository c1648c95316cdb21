import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigurationError } from '../domain/errors.js';

/** A retrier of a Task state, as ASL writes it. */
export interface AslRetrier {
  ErrorEquals: string[];
  IntervalSeconds?: number;
  MaxAttempts?: number;
  BackoffRate?: number;
  MaxDelaySeconds?: number;
}

/** The fields of an ASL state the local runtime reads. */
export interface AslState {
  Type: string;
  Resource?: string;
  Parameters?: Record<string, unknown>;
  TimeoutSeconds?: number;
  Retry?: AslRetrier[];
  [field: string]: unknown;
}

/** A state machine definition (JSONPath). */
export interface AslDefinition {
  StartAt: string;
  States: Record<string, AslState>;
  [field: string]: unknown;
}

/** Where the compiled state machines are, relative to the package root. */
export const STATE_MACHINES_DIR = 'statemachines';

/** The playbooks with a compiled state machine under the package root. */
export async function playbookNames(root: string): Promise<string[]> {
  return (await readdir(join(root, STATE_MACHINES_DIR)))
    .filter((f) => f.endsWith('.asl.json'))
    .map((f) => f.slice(0, -'.asl.json'.length))
    .sort();
}

/** Reads `statemachines/<playbook>.asl.json` from the package root. */
export async function loadDefinition(root: string, playbook: string): Promise<AslDefinition> {
  const path = join(root, STATE_MACHINES_DIR, `${playbook}.asl.json`);
  try {
    return JSON.parse(await readFile(path, 'utf8')) as AslDefinition;
  } catch (error) {
    throw new ConfigurationError(`cannot read the state machine of playbook ${playbook} at ${path}`, {
      cause: error,
    });
  }
}

/** Every committed state machine under the package root, by playbook. */
export async function loadDefinitions(root: string): Promise<Record<string, AslDefinition>> {
  const names = await playbookNames(root);
  return Object.fromEntries(
    await Promise.all(names.map(async (p) => [p, await loadDefinition(root, p)] as const)),
  );
}

/** The Serverless logical id of the Lambda a Task invokes (`Fn::GetAtt [<Name>LambdaFunction, Arn]`). */
export function taskFunctionLogicalId(state: AslState): string | undefined {
  const functionName = state.Parameters?.FunctionName as { 'Fn::GetAtt'?: [string, string] } | undefined;
  return functionName?.['Fn::GetAtt']?.[0];
}

/** Every state of a definition by name, those inside Map and Parallel states included. */
export function allStates(definition: Pick<AslDefinition, 'States'>): Array<[string, AslState]> {
  return Object.entries(definition.States).flatMap(([name, state]): Array<[string, AslState]> => {
    const nested = [
      state.ItemProcessor,
      state.Iterator,
      ...((state.Branches as unknown[] | undefined) ?? []),
    ].filter((d): d is AslDefinition => Boolean(d && typeof d === 'object' && 'States' in d));
    return [[name, state], ...nested.flatMap((d) => allStates(d))];
  });
}
