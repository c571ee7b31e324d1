/**
 * Outbound HTTP to URLs that admins configure (chat webhooks, SMS providers): the server-side request forgery
 * guard, and the one way a channel calls such a URL.
 *
 * Why: whoever may set a webhook URL could otherwise make Morsel's server call things only it can reach (the
 * cloud provider's metadata service at 169.254.169.254, a database's HTTP port on the private network, an
 * admin interface on localhost) and read the answer back from the outbox's error column. So a target must be
 * http(s), carry no credentials, and neither be nor resolve to a loopback, private, link-local or otherwise
 * special address, unless the operator allows private targets (ALLOW_PRIVATE_WEBHOOK_TARGETS, for
 * self-hosters whose chat server is on their own network). Redirects are not followed: one could point
 * anywhere after the check.
 *
 * Limit: the address is checked when the message is sent, and `fetch` resolves the host again when it
 * connects; a name server that answers differently the second time (DNS rebinding) can still slip past.
 * Closing that needs a connection-time check (an undici `Agent` with a `connect.lookup`, or node:http(s) with
 * a `lookup` option), which `fetch` alone does not offer.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { ChannelError } from './channels.ts';

/** Resolves a host name to every address it has (as `dns.lookup` with `all: true` does). */
export type HostLookup = (host: string) => Promise<Array<{ address: string; family: number }>>;

export interface OutboundUrlOptions {
  /** Let private, loopback and link-local targets through (ALLOW_PRIVATE_WEBHOOK_TARGETS=true). */
  allowPrivate: boolean;
  /** Resolves host names; `dns.lookup` by default (tests inject one). */
  lookup?: HostLookup;
  /** How messages name the URL, e.g. "The SMS provider URL" (default "The webhook URL"). */
  subject?: string;
}

export type OutboundUrlProblem = 'invalid_url' | 'bad_scheme' | 'credentials_in_url' | 'private_address' | 'unresolvable';

export type OutboundUrlCheck = { ok: true; url: URL } | { ok: false; reason: OutboundUrlProblem; message: string };

/** Kinds of addresses a public webhook never lives at, each with how an admin would recognise it. */
type SpecialAddressKind = 'unspecified' | 'loopback' | 'link-local' | 'private' | 'shared' | 'multicast' | 'reserved';

const DESCRIPTIONS: Record<SpecialAddressKind, [string, string]> = {
  unspecified: ['an unspecified address', ', which reaches this server itself'],
  loopback: ['a loopback address', ', which is this server itself'],
  'link-local': ['a link-local address', ', where cloud providers serve their metadata service'],
  private: ['a private network address', ''],
  shared: ['a carrier-grade NAT address', ''],
  multicast: ['a multicast address', ''],
  reserved: ['a reserved address', ''],
};

/** "a private network address (10.0.0.5)", "a loopback address (::1), which is this server itself". */
function describeAddress(kind: SpecialAddressKind, address: string): string {
  const [label, note] = DESCRIPTIONS[kind];
  return `${label} (${address})${note}`;
}

/**
 * The special ranges (IANA's special-purpose registries), one `BlockList` per kind so the message can say
 * which. Node's `BlockList` also matches IPv4-mapped IPv6 addresses (`::ffff:10.0.0.5`) against IPv4 ranges.
 */
const SPECIAL_RANGES: Array<[SpecialAddressKind, Array<[string, number]>]> = [
  ['unspecified', [['0.0.0.0', 8], ['::', 128]]],
  ['loopback', [['127.0.0.0', 8], ['::1', 128]]],
  ['link-local', [['169.254.0.0', 16], ['fe80::', 10]]],
  // fec0::/10 is the deprecated site-local range; 64:ff9b:1::/48 is NAT64 for a network's own use (RFC 8215).
  ['private', [['10.0.0.0', 8], ['172.16.0.0', 12], ['192.168.0.0', 16], ['fc00::', 7], ['fec0::', 10], ['64:ff9b:1::', 48]]],
  ['shared', [['100.64.0.0', 10]]],
  ['multicast', [['224.0.0.0', 4], ['ff00::', 8]]],
  // IETF protocol assignments, documentation, benchmarking, 240/4 (with the broadcast address);
  // IPv4-compatible IPv6 (::/96, deprecated), discard-only (100::/64) and IPv6 documentation.
  ['reserved', [['192.0.0.0', 24], ['192.0.2.0', 24], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24], ['240.0.0.0', 4], ['::', 96], ['100::', 64], ['2001:db8::', 32]]],
];

const SPECIAL_LISTS = SPECIAL_RANGES.map(([kind, subnets]) => {
  const list = new BlockList();
  for (const [network, prefix] of subnets) list.addSubnet(network, prefix, isIP(network) === 6 ? 'ipv6' : 'ipv4');
  return { kind, list };
});

/** The well-known NAT64 prefix: `64:ff9b::a.b.c.d` reaches the IPv4 address a.b.c.d through the NAT64 gateway. */
const NAT64 = new BlockList();
NAT64.addSubnet('64:ff9b::', 96, 'ipv6');

/** The IPv4 address in the last 32 bits of an IPv6 address (which must be valid). */
function lastIpv4Of(ipv6: string): string {
  // Canonical (compressed) form through the URL parser; the last two groups are the last 32 bits, an empty
  // group there being part of a run of zeros.
  const groups = new URL(`http://[${ipv6}]/`).hostname.slice(1, -1).split(':').slice(-2);
  const bits = groups.map((group) => Number.parseInt(group || '0', 16));
  return [bits[0]! >> 8, bits[0]! & 255, bits[1]! >> 8, bits[1]! & 255].join('.');
}

/**
 * What kind of special address `address` is (an IP literal, v4 or v6, a zone suffix allowed), or null for
 * an ordinary public address. A NAT64 address counts as the IPv4 address it translates to.
 */
export function classifyAddress(address: string): SpecialAddressKind | null {
  const bare = address.replace(/%.*$/, '');
  const family = isIP(bare);
  if (family === 0) return 'reserved'; // not an address at all: never a safe target
  const type = family === 6 ? 'ipv6' : 'ipv4';
  if (type === 'ipv6' && NAT64.check(bare, 'ipv6')) return classifyAddress(lastIpv4Of(bare));
  return SPECIAL_LISTS.find(({ list }) => list.check(bare, type))?.kind ?? null;
}

const ALLOW_SETTING = 'Morsel refuses such targets unless ALLOW_PRIVATE_WEBHOOK_TARGETS=true.';

/** A failed check. */
function refusal(reason: OutboundUrlProblem, message: string): OutboundUrlCheck {
  return { ok: false, reason, message };
}

/**
 * Checks what can be checked without the network: a parseable http(s) URL without credentials whose host, if
 * an IP literal (in any form the URL parser accepts: `0x7f.1`, `2130706433`, `[::ffff:127.0.0.1]`), is not
 * special. Host names pass here; `checkOutboundUrl` resolves them. For synchronous validation (config parsing).
 * Messages never repeat the whole URL: webhook URLs are secrets.
 */
export function checkOutboundUrlSyntax(url: string, options: Pick<OutboundUrlOptions, 'allowPrivate' | 'subject'>): OutboundUrlCheck {
  const subject = options.subject ?? 'The webhook URL';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return refusal('invalid_url', `${subject} is not a valid URL.`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    return refusal('bad_scheme', `${subject} must start with https:// (or http://); it starts with ${parsed.protocol}.`);
  }
  if (parsed.username !== '' || parsed.password !== '') {
    return refusal('credentials_in_url', `${subject} contains a user name or password before the host; Morsel does not send credentials in URLs.`);
  }
  const literal = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  if (isIP(literal) !== 0 && !options.allowPrivate) {
    const kind = classifyAddress(literal);
    if (kind) return refusal('private_address', `${subject} points to ${describeAddress(kind, literal)}. ${ALLOW_SETTING}`);
  }
  return { ok: true, url: parsed };
}

/**
 * Decides whether Morsel may call `url`: `checkOutboundUrlSyntax`, then (for a host name, unless private
 * targets are allowed) every address the name resolves to must be an ordinary public one; a single special
 * address refuses it, so a name cannot hide an internal address among public ones.
 */
export async function checkOutboundUrl(url: string, options: OutboundUrlOptions): Promise<OutboundUrlCheck> {
  const syntax = checkOutboundUrlSyntax(url, options);
  if (!syntax.ok || options.allowPrivate) return syntax;
  const host = syntax.url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (isIP(host) !== 0) return syntax;
  const subject = options.subject ?? 'The webhook URL';
  let addresses: Array<{ address: string }>;
  try {
    addresses = await (options.lookup ?? defaultLookup)(host);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return refusal('unresolvable', `${subject}’s host ${host} could not be resolved${typeof code === 'string' ? ` (${code})` : ''}.`);
  }
  if (addresses.length === 0) return refusal('unresolvable', `${subject}’s host ${host} has no addresses.`);
  for (const { address } of addresses) {
    const kind = classifyAddress(address);
    if (kind) return refusal('private_address', `${subject}’s host ${host} resolves to ${describeAddress(kind, address)}. ${ALLOW_SETTING}`);
  }
  return syntax;
}

/** Every address of the name, in the resolver's order (IPv4 and IPv6 alike). */
const defaultLookup: HostLookup = (host) => dnsLookup(host, { all: true, verbatim: true });

/**
 * For settings forms and config checks: null when `url` is an acceptable target, otherwise a sentence an
 * admin can act on.
 */
export async function describeOutboundUrlProblem(url: string, options: OutboundUrlOptions): Promise<string | null> {
  const check = await checkOutboundUrl(url, options);
  return check.ok ? null : check.message;
}

/**
 * For channels: the parsed URL when Morsel may call it.
 * @throws ChannelError, permanent for a refused URL; temporary when the host does not resolve (name servers
 *   fail for a while; the outbox's attempt limit still ends it).
 */
export async function assertOutboundUrl(url: string, options: OutboundUrlOptions): Promise<URL> {
  const check = await checkOutboundUrl(url, options);
  if (!check.ok) throw new ChannelError(check.message, check.reason !== 'unresolvable');
  return check.url;
}

export interface OutboundRequestOptions extends OutboundUrlOptions {
  /** The whole exchange (connecting, answering, and reading the body afterwards) must end within this. */
  timeoutMs: number;
  fetch?: typeof fetch;
}

/**
 * Sends one request to an admin-configured URL: checked by `assertOutboundUrl` first, never following a
 * redirect, bounded by `timeoutMs`. Resolves with any non-redirect response; the caller judges its status
 * and reads its body (within the same time limit).
 * @throws ChannelError: permanent for a refused URL or a redirect; temporary for a timeout or a network error.
 */
export async function sendOutbound(url: string, init: { method: string; headers: Record<string, string>; body: string }, options: OutboundRequestOptions): Promise<Response> {
  const target = await assertOutboundUrl(url, options);
  const subject = options.subject ?? 'The webhook URL';
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(target, { ...init, headers: { 'user-agent': 'Morsel', ...init.headers }, redirect: 'manual', signal: AbortSignal.timeout(options.timeoutMs) });
  } catch (error) {
    throw new ChannelError(describeNetworkError(error, target.host, options.timeoutMs), false);
  }
  if (response.status >= 300 && response.status < 400) {
    await response.body?.cancel().catch(() => undefined);
    const location = response.headers.get('location');
    const where = location ? ` to ${hostOf(location, target)}` : '';
    throw new ChannelError(`${subject} answered with a redirect (${response.status}${where}). Morsel does not follow redirects of such targets, since one could lead to a private address; use the final URL instead.`, true);
  }
  return response;
}

/** The host a redirect's Location points at (the rest of it may hold a secret), relative to the target. */
function hostOf(location: string, base: URL): string {
  try {
    return new URL(location, base).host;
  } catch {
    return 'an invalid address';
  }
}

/** A sentence for a failed `fetch`: the timeout, or the system's error code (ECONNREFUSED, ENOTFOUND…). */
function describeNetworkError(error: unknown, host: string, timeoutMs: number): string {
  const name = (error as { name?: unknown }).name;
  if (name === 'TimeoutError' || name === 'AbortError') return `${host} did not answer within ${timeoutMs / 1000} s.`;
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  const detail = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : error instanceof Error ? error.message : String(error);
  return `${host} could not be reached (${detail}).`;
}

/**
 * The start of a response's body as text, at most `maxChars` characters, reading no more than needed; empty
 * when the body cannot be read (the time limit ran out, the connection dropped). Never throws.
 */
export async function readBodyText(response: Response, maxChars: number): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const decoder = new TextDecoder();
  let text = '';
  try {
    while (text.length < maxChars) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    // What arrived so far is all there is.
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return text.slice(0, maxChars);
}
