import type * as z from 'zod';
import { ACTION_DESCRIPTORS, type ActionDescriptor } from '../domain/actions.js';
import type { Playbook, PlaybookStep } from './schema.js';
import { stateNameProblems } from './state-names.js';

/** A reference inside a parameter value: `{{ incident.exposure.accessKeyId }}`. */
const REFERENCE = /^\{\{\s*([a-zA-Z][\w.-]*(?:\[\d+\])?(?:\.[\w-]+)*)\s*\}\}$/;

/** The reference a parameter value makes, if it is one. */
export function referenceOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value.match(REFERENCE)?.[1] : undefined;
}

/** Error names Step Functions itself raises, which any step may retry or catch. */
const STATES_ERRORS = /^(States\.[A-Za-z]+|Lambda\.[A-Za-z]+)$/;

function referenceProblems(
  step: PlaybookStep,
  earlier: Map<string, 'once' | 'skippable' | 'per-item'>,
  value: unknown,
  path: string,
): string[] {
  if (Array.isArray(value))
    return value.flatMap((v, i) => referenceProblems(step, earlier, v, `${path}[${i}]`));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => referenceProblems(step, earlier, v, `${path}.${k}`));
  if (typeof value === 'string' && value.includes('{{') && !referenceOf(value))
    return [`${path}: ${value} is not a reference of the form {{ incident.… }}`];
  const reference = referenceOf(value);
  if (!reference) return [];
  const [root, id] = reference.split('.');
  if (root === 'incident') return [];
  if (root === 'item')
    return step.forEach ? [] : [`${path}: {{ item… }} is only meaningful in a step with forEach`];
  if (root === 'steps') {
    if (!id || !earlier.has(id)) return [`${path}: ${reference} names no earlier step`];
    const kind = earlier.get(id);
    if (kind === 'skippable')
      return [
        `${path}: ${reference} names step ${id}, which may be skipped (a denial or a failure that continues)`,
      ];
    if (kind === 'per-item')
      return [`${path}: ${reference} names step ${id}, which runs once per element and has no single result`];
    return [];
  }
  return [`${path}: ${reference} must start with incident, steps or item`];
}

/** The parameter names an action's descriptor requires (those without a default and not optional). */
function requiredParameters(schema: z.ZodType): string[] {
  const shape = (schema as unknown as { shape?: Record<string, z.ZodType> }).shape ?? {};
  return Object.entries(shape)
    .filter(([, field]) => !field.safeParse(undefined).success)
    .map(([name]) => name);
}

/**
 * What is wrong with a playbook beyond its schema: each step against its action's descriptor (parameters known
 * and present, error names the action declares), references to earlier steps only, approval where the action
 * demands it. An empty list means the playbook may be compiled.
 */
export function playbookProblems(playbook: Playbook): string[] {
  const problems: string[] = [];
  /** Earlier steps by id, and whether a run may skip them (then nothing may depend on their facts). */
  const earlier = new Map<string, 'once' | 'skippable' | 'per-item'>();
  let skippedGroup = false;
  for (const [index, step] of playbook.steps.entries()) {
    const ownGate =
      step.approval !== 'none' ||
      step.after !== undefined ||
      step.forEach !== undefined ||
      step.skipIf !== undefined;
    const continues =
      step.onFailure === 'continue' ||
      (typeof step.onFailure !== 'string' && Object.values(step.onFailure).includes('continue'));
    skippedGroup =
      (ownGate ? false : skippedGroup) ||
      (step.approval !== 'none' && step.onApprovalDenied === 'skip') ||
      step.skipIf !== undefined ||
      continues;
    const at = `steps[${index}] (${step.id})`;
    const descriptor: ActionDescriptor = ACTION_DESCRIPTORS[step.action];
    if (earlier.has(step.id)) problems.push(`${at}: the id ${step.id} is used twice`);
    const shape = (descriptor.parameters as unknown as { shape?: Record<string, unknown> }).shape ?? {};
    for (const name of Object.keys(step.parameters))
      if (!(name in shape)) problems.push(`${at}: ${step.action} takes no parameter ${name}`);
    for (const name of requiredParameters(descriptor.parameters))
      if (!(name in step.parameters)) problems.push(`${at}: ${step.action} needs the parameter ${name}`);
    for (const [one, other] of descriptor.exactlyOneOf ?? []) {
      const given = [one, other].filter((name) => name in step.parameters);
      if (given.length === 0)
        problems.push(`${at}: ${step.action} needs the parameter ${one} (or ${other}, a list)`);
      if (given.length === 2) problems.push(`${at}: ${step.action} takes ${one} or ${other}, not both`);
    }
    problems.push(...referenceProblems(step, earlier, step.parameters, `${at}.parameters`));
    if (step.forEach) {
      problems.push(...referenceProblems(step, earlier, step.forEach, `${at}.forEach`));
      if (!referenceOf(step.forEach) || !/^steps\./.test(referenceOf(step.forEach) ?? ''))
        problems.push(`${at}.forEach: must be a list an earlier step found ({{ steps.<id>.facts.… }})`);
    }
    const known = new Set(descriptor.errors);
    const named = [
      ...step.retry.flatMap((r) => r.errors),
      ...(typeof step.onFailure === 'string'
        ? []
        : Object.keys(step.onFailure).filter((e) => e !== 'default')),
    ];
    for (const error of named)
      if (!known.has(error) && !STATES_ERRORS.test(error))
        problems.push(`${at}: ${step.action} never raises ${error} (it raises ${[...known].join(', ')})`);
    if (typeof step.onFailure !== 'string')
      for (const [error, handling] of Object.entries(step.onFailure))
        if (handling === 'reraise' && step.action !== 'verify-containment')
          problems.push(`${at}: only a verification can re-raise the incident (on ${error})`);
    if (step.skipIf) problems.push(...referenceProblems(step, earlier, step.skipIf, `${at}.skipIf`));
    if (descriptor.alwaysRequiresApproval && (step.approval === 'none' || step.autoApprove.length > 0))
      problems.push(`${at}: ${step.action} always needs a responder's approval, never none or auto-approval`);
    if (step.onApprovalDenied === 'skip' && step.approval === 'none')
      problems.push(`${at}: onApprovalDenied applies only to a step that asks for approval`);
    earlier.set(step.id, step.forEach ? 'per-item' : skippedGroup ? 'skippable' : 'once');
  }
  return [...problems, ...stateNameProblems(playbook.steps)];
}
