import type * as z from 'zod';
import { ACTION_DESCRIPTORS, type ActionDescriptor } from '../domain/actions.js';
import type { Playbook, PlaybookStep } from './schema.js';
import { stateNameProblems } from './state-names.js';

/** A reference inside a parameter value, with an optional fallback: `{{ steps.trace.facts.via | null }}`. */
const REFERENCE = /^\{\{\s*([a-zA-Z][\w.-]*(?:\[\d+\])?(?:\.[\w-]+)*)\s*(?:\|\s*(.*?)\s*)?\}\}$/;

/** The reference a parameter value makes, if it is one (without its fallback). */
export function referenceOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value.match(REFERENCE)?.[1] : undefined;
}

/** The fallback a reference gives after `|` (JSON text: `null`, `[]`, `"none"`), if it gives one. */
export function fallbackOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value.match(REFERENCE)?.[2] : undefined;
}

/** Whether a failure handling goes on to the next step, and whether it then escalates at the end. */
const goesOn = (step: PlaybookStep, handling: 'continue' | 'continue-then-escalate') =>
  step.onFailure === handling ||
  (typeof step.onFailure !== 'string' && Object.values(step.onFailure).includes(handling));

/** What a later step may rely on of an earlier one: its facts, none (skippable, per item), or facts with fallbacks. */
type Earlier = 'once' | 'skippable' | 'per-item' | 'may-fail';

/** The fallback a JSON text gives, or why it gives none. */
function parsedFallback(text: string): { value: unknown } | { problem: string } {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return { problem: `the fallback ${text} is not JSON (null, true, 0, "text", [])` };
  }
}

/** Error names Step Functions itself raises, which any step may retry or catch. */
const STATES_ERRORS = /^(States\.[A-Za-z]+|Lambda\.[A-Za-z]+)$/;

function referenceProblems(
  step: PlaybookStep,
  earlier: Map<string, Earlier>,
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
  const [root, id, facts, fact, ...deeper] = reference.split('.');
  const fallback = fallbackOf(value);
  if (fallback !== undefined) {
    const parsed = parsedFallback(fallback);
    if ('problem' in parsed) return [`${path}: ${parsed.problem}`];
    if (root !== 'steps' || earlier.get(id ?? '') !== 'may-fail')
      return [
        `${path}: only a reference to a fact of a step that fails with continue-then-escalate has a fallback`,
      ];
    if (facts !== 'facts' || !fact || deeper.length > 0)
      return [`${path}: a fallback stands in for one fact, {{ steps.${id}.facts.<name> | … }}`];
    return [];
  }
  if (root === 'incident') return [];
  if (root === 'item')
    return step.forEach ? [] : [`${path}: {{ item… }} is only meaningful in a step with forEach`];
  if (root === 'steps') {
    if (!id || !earlier.has(id)) return [`${path}: ${reference} names no earlier step`];
    const kind = earlier.get(id);
    // A skip looks whether the fact is there: a failed step's absent fact is no problem to it.
    if (kind === 'may-fail' && !path.endsWith('.skipIf'))
      return [
        `${path}: ${reference} names step ${id}, which has no facts when it fails and the run goes on (continue-then-escalate): give a fallback, {{ ${reference} | null }}`,
      ];
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

/** Two fallbacks for one fact: a failed step's facts are written once, whatever reads them. */
function fallbackConflicts(steps: PlaybookStep[]): string[] {
  const given = new Map<string, string>();
  const problems: string[] = [];
  for (const [reference, fallback] of steps.flatMap((s) => fallbacksIn([s.parameters, s.forEach]))) {
    const first = given.get(reference);
    if (first !== undefined && JSON.stringify(JSON.parse(first)) !== JSON.stringify(JSON.parse(fallback)))
      problems.push(`${reference}: one fact, one fallback (${first} and ${fallback} are given)`);
    given.set(reference, first ?? fallback);
  }
  return problems;
}

/** Every reference with a valid fallback inside a value, with its fallback's JSON text. */
export function fallbacksIn(value: unknown): [string, string][] {
  if (Array.isArray(value)) return value.flatMap(fallbacksIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(fallbacksIn);
  const reference = referenceOf(value);
  const fallback = fallbackOf(value);
  return reference && fallback !== undefined && !('problem' in parsedFallback(fallback))
    ? [[reference, fallback]]
    : [];
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
  const earlier = new Map<string, Earlier>();
  let skippedGroup = false;
  for (const [index, step] of playbook.steps.entries()) {
    const ownGate =
      step.approval !== 'none' ||
      step.after !== undefined ||
      step.forEach !== undefined ||
      step.skipIf !== undefined;
    const continues = goesOn(step, 'continue');
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
    earlier.set(
      step.id,
      step.forEach
        ? 'per-item'
        : skippedGroup
          ? 'skippable'
          : goesOn(step, 'continue-then-escalate')
            ? 'may-fail'
            : 'once',
    );
  }
  return [...problems, ...fallbackConflicts(playbook.steps), ...stateNameProblems(playbook.steps)];
}
