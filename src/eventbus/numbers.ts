import type { JsonNumber } from './json-text.js';

/** EventBridge documents numeric matching for values between -5.0e9 and +5.0e9 inclusive. */
export const NUMBER_LIMIT = 5e9;

/** A decimal as sign, significant digits (no leading or trailing zeros) and the power of ten of the last digit. */
interface Decimal {
  negative: boolean;
  digits: string;
  exponent: number;
}

function decimal(text: string): Decimal {
  const lower = text.toLowerCase();
  const negative = lower.startsWith('-');
  const [mantissa = '', power = '0'] = lower.replace(/^[-+]/, '').split('e');
  const [whole = '', fraction = ''] = mantissa.split('.');
  const all = `${whole}${fraction}`.replace(/^0+/, '');
  const digits = all.replace(/0+$/, '');
  const exponent = Number(power) - fraction.length + (all.length - digits.length);
  return digits === '' ? { negative: false, digits: '', exponent: 0 } : { negative, digits, exponent };
}

const sameDecimal = (a: Decimal, b: Decimal) =>
  a.negative === b.negative && a.digits === b.digits && a.exponent === b.exponent;

/**
 * A number as EventBridge compares it (an IEEE 754 double, -0 being 0), or undefined when it cannot be compared:
 * outside ±5.0e9, or written with more precision than a double holds (its text is not the exact decimal value of
 * the nearest double's shortest form, as 37.807807921694092 is not). Digits after the sixth decimal count.
 */
export function comparable(number: JsonNumber): number | undefined {
  const { value } = number;
  if (!Number.isFinite(value) || value < -NUMBER_LIMIT || value > NUMBER_LIMIT) return undefined;
  if (!sameDecimal(decimal(number.raw), decimal(String(value)))) return undefined;
  return value === 0 ? 0 : value;
}

/** Why a number in a pattern cannot be compared, or undefined when it can. */
export function incomparableReason(number: JsonNumber): string | undefined {
  if (comparable(number) !== undefined) return undefined;
  const { value } = number;
  if (!Number.isFinite(value) || value < -NUMBER_LIMIT || value > NUMBER_LIMIT)
    return `${number.raw} must be between -5.0e9 and 5.0e9`;
  return `${number.raw} cannot be compared: it has more digits than a double holds`;
}

/**
 * Exact number matching, as EventBridge matches (AWS-validated: a pattern `[300]` matches `300.0`): the same text,
 * or the same value when both can be compared.
 */
export function sameNumber(a: JsonNumber, b: JsonNumber): boolean {
  if (a.raw === b.raw) return true;
  const x = comparable(a);
  const y = comparable(b);
  return x !== undefined && x === y;
}
