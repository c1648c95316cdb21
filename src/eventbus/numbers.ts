import type { JsonNumber } from './json-text.js';

/** EventBridge compares numbers only within ±5.0e9, to six decimal places. */
export const NUMBER_LIMIT = 5e9;

/** A number as EventBridge compares it (an integer count of millionths), or undefined when out of range. */
export function comparable(value: number): number | undefined {
  if (!Number.isFinite(value) || value < -NUMBER_LIMIT || value > NUMBER_LIMIT) return undefined;
  return Math.round(value * 1e6);
}

/**
 * Exact number matching: numbers EventBridge can compare are equal by value (`300` is `300.0` is `3e2`);
 * numbers outside its range only match the same spelling.
 */
export function sameNumber(a: JsonNumber, b: JsonNumber): boolean {
  const x = comparable(a.value);
  const y = comparable(b.value);
  if (x !== undefined && y !== undefined) return x === y;
  return a.raw === b.raw;
}
