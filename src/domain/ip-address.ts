/** An IP address as a number, with its family. */
export interface IpNumber {
  family: 4 | 6;
  value: bigint;
}

const IPV4_PART = /^(?:0|[1-9]\d{0,2})$/;

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!IPV4_PART.test(part) || Number(part) > 255) return undefined;
    value = (value << 8n) | BigInt(part);
  }
  return value;
}

function parseIpv6(text: string): bigint | undefined {
  let groups: string[];
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  let tail = halves.length === 2 ? (halves[1] ?? '') : text;
  // An embedded IPv4 tail (::ffff:192.0.2.1) counts as two groups.
  const lastColon = tail.lastIndexOf(':');
  const maybeV4 = tail.slice(lastColon + 1);
  let v4: bigint | undefined;
  if (maybeV4.includes('.')) {
    v4 = parseIpv4(maybeV4);
    if (v4 === undefined) return undefined;
    tail = `${tail.slice(0, lastColon + 1)}${((v4 >> 16n) & 0xffffn).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  if (halves.length === 2) {
    const head = halves[0] === '' ? [] : (halves[0] ?? '').split(':');
    const rest = tail === '' ? [] : tail.split(':');
    const missing = 8 - head.length - rest.length;
    if (missing < 1) return undefined;
    groups = [...head, ...Array<string>(missing).fill('0'), ...rest];
  } else {
    groups = tail.split(':');
  }
  if (groups.length !== 8) return undefined;
  let value = 0n;
  for (const group of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
    value = (value << 16n) | BigInt(`0x${group}`);
  }
  return value;
}

/** Parses an IPv4 or IPv6 address (compressed forms and embedded IPv4 included); undefined if it is not one. */
export function parseIp(text: string): IpNumber | undefined {
  if (text.includes(':')) {
    const value = parseIpv6(text);
    return value === undefined ? undefined : { family: 6, value };
  }
  const value = parseIpv4(text);
  return value === undefined ? undefined : { family: 4, value };
}

/** A CIDR block as the inclusive range of addresses it covers. */
export interface CidrRange {
  family: 4 | 6;
  low: bigint;
  high: bigint;
}

/** Parses `address/bits` (host bits may be set; they are ignored); undefined if malformed. */
export function parseCidr(text: string): CidrRange | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const address = parseIp(text.slice(0, slash));
  const bitsText = text.slice(slash + 1);
  if (!address || !/^\d{1,3}$/.test(bitsText)) return undefined;
  const width = address.family === 4 ? 32 : 128;
  const bits = Number(bitsText);
  if (bits > width) return undefined;
  const hostBits = BigInt(width - bits);
  const low = (address.value >> hostBits) << hostBits;
  return { family: address.family, low, high: low + (1n << hostBits) - 1n };
}

/** Whether an address falls within a range. */
export function inRange(range: CidrRange, address: IpNumber): boolean {
  return range.family === address.family && address.value >= range.low && address.value <= range.high;
}
