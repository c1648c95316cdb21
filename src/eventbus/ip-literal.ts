/**
 * IP address literals and CIDR blocks as EventBridge reads them in patterns and events: four decimal octets (leading
 * zeros allowed, each at most 255) or IPv6 groups of hex digits (each at most ffff) with one `::` at most; an
 * IPv4-mapped IPv6 address (`::ffff:a00:1`) is its IPv4 address; a dotted tail inside IPv6 is not a literal.
 */

/** An address: 4 or 16 bytes, as a number. */
export interface IpLiteral {
  bytes: 4 | 16;
  value: bigint;
}

/** A CIDR block as the inclusive range of addresses it covers. */
export interface CidrBlock {
  bytes: 4 | 16;
  low: bigint;
  high: bigint;
}

const IPV4 = /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/;
const IPV6 = /^[0-9a-fA-F:]*:[0-9a-fA-F:]*$/;
const MAPPED_PREFIX = 0xffffn << 32n;

function ipv4(text: string): bigint | undefined {
  let value = 0n;
  for (const octet of text.split('.')) {
    const n = Number(octet);
    if (n > 255) return undefined;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

function groups(text: string): string[] | undefined {
  if (text === '') return [];
  const parts = text.split(':');
  return parts.every((part) => /^[0-9a-fA-F]+$/.test(part) && Number.parseInt(part, 16) <= 0xffff)
    ? parts
    : undefined;
}

function ipv6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = groups(halves[0] ?? '');
  const tail = halves.length === 2 ? groups(halves[1] ?? '') : [];
  if (!head || !tail) return undefined;
  const count = head.length + tail.length;
  if (halves.length === 2 ? count > 7 : count !== 8) return undefined;
  const all = [...head, ...Array<string>(8 - count).fill('0'), ...tail];
  return all.reduce((value, group) => (value << 16n) | BigInt(Number.parseInt(group, 16)), 0n);
}

/** Parses an IP address literal as EventBridge does; undefined when the text is not one. */
export function parseIpLiteral(text: string): IpLiteral | undefined {
  if (IPV4.test(text)) {
    const value = ipv4(text);
    return value === undefined ? undefined : { bytes: 4, value };
  }
  if (!IPV6.test(text)) return undefined;
  const value = ipv6(text);
  if (value === undefined) return undefined;
  return value >> 32n === MAPPED_PREFIX >> 32n
    ? { bytes: 4, value: value & 0xffffffffn }
    : { bytes: 16, value };
}

/** Parses `address/bits` with EventBridge's rules; returns the block or the reason EventBridge gives for refusing it. */
export function parseCidrBlock(text: string): CidrBlock | string {
  const parts = text.split('/');
  while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  const [address = '', bitsText = ''] = parts;
  if (parts.length !== 2) return "Malformed CIDR, one '/' required";
  if (!/^[+-]?[0-9]+$/.test(bitsText) || Math.abs(Number(bitsText)) > 2 ** 31 - 1)
    return 'Malformed CIDR, mask bits must be an integer';
  const bits = Number(bitsText);
  if (bits < 0) return 'Malformed CIDR, mask bits must not be negative';
  const ip = parseIpLiteral(address);
  if (!ip) return `Nonstandard IP address: ${address}`;
  if (ip.bytes === 4 && bits > 31) return 'IPv4 mask bits must be < 32';
  if (ip.bytes === 16 && bits > 127) return 'IPv6 mask bits must be < 128';
  const hostBits = BigInt(ip.bytes * 8 - bits);
  const low = (ip.value >> hostBits) << hostBits;
  return { bytes: ip.bytes, low, high: low + (1n << hostBits) - 1n };
}

/** Whether an address is in a block of its own family. */
export function inBlock(block: CidrBlock, ip: IpLiteral): boolean {
  return block.bytes === ip.bytes && ip.value >= block.low && ip.value <= block.high;
}
