import type { JsonNumber } from './json-text.js';

/** EventBridge compares numbers only within ±5.0e9, to six decimal places. */
export const NUMBER_LIMIT = 5e9;

/** How many digits a JSON number has after the decimal point once written out plainly (`1.50e1` → 0). */
export function decimalPlaces(raw: string): number {
  const [mantissa = '', exponent = '0'] = raw.toLowerCase().split('e');
  const fraction = (mantissa.split('.')[1] ?? '').replace(/0+$/, '');
  return Math.max(0, fraction.length - Number(exponent));
}

/**
 * A number as EventBridge compares it (an integer count of millionths), or undefined when it cannot: outside
 * ±5.0e9 or with more than six decimals.
 */
export function comparable(number: JsonNumber): number | undefined {
  const { value } = number;
  if (!Number.isFinite(value) || value < -NUMBER_LIMIT || value > NUMBER_LIMIT) return undefined;
  if (decimalPlaces(number.raw) > 6) return undefined;
  return Math.round(value * 1e6);
}

/**
 * Exact number matching: EventBridge compares the text of numbers (`300`, `300.0` and `3.0e2` are not equal);
 * only `numeric` and numeric `anything-but` compare values.
 */
export function sameText(a: JsonNumber, b: JsonNumber): boolean {
  return a.raw === b.raw;
}

/** Numeric equality as `anything-but` uses it: by value when both are comparable, else by text. */
export function sameValue(a: JsonNumber, b: JsonNumber): boolean {
  const x = comparable(a);
  const y = comparable(b);
  return x !== undefined && y !== undefined ? x === y : a.raw === b.raw;
}
