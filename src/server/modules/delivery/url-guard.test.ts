import { describe, expect, it } from 'vitest';
import { ChannelError } from './channels.ts';
import { assertOutboundUrl, checkOutboundUrl, checkOutboundUrlSyntax, classifyAddress, describeOutboundUrlProblem, type HostLookup } from './url-guard.ts';

/** A resolver that knows a few names and fails for the rest, as a name server would. */
const lookup: HostLookup = async (host) => {
  const zone: Record<string, string[]> = {
    'hooks.example.com': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
    'intranet.example.com': ['10.0.0.5'],
    'sneaky.example.com': ['93.184.215.14', '127.0.0.1'],
    'metadata.example.com': ['169.254.169.254'],
    'v6-private.example.com': ['fd12:3456::1'],
    localhost: ['127.0.0.1', '::1'],
  };
  const addresses = zone[host];
  if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};
const strict = { allowPrivate: false, lookup };
const lenient = { allowPrivate: true, lookup };

describe('classifyAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['::1', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['::', 'unspecified'],
    ['169.254.169.254', 'link-local'],
    ['169.254.0.1', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf::1', 'link-local'],
    ['10.0.0.5', 'private'],
    ['10.255.255.255', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['100.64.0.1', 'shared'],
    ['100.127.255.255', 'shared'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['ff02::1', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['192.0.2.10', 'reserved'],
    ['2001:db8::1', 'reserved'],
    ['::7f00:1', 'reserved'],
    // IPv4-mapped IPv6 counts as the IPv4 address it maps.
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.0.0.5', 'private'],
    ['::ffff:169.254.169.254', 'link-local'],
    // So does NAT64: 64:ff9b::a9fe:a9fe reaches 169.254.169.254 through the gateway.
    ['64:ff9b::a9fe:a9fe', 'link-local'],
    ['64:ff9b::10.0.0.5', 'private'],
    ['64:ff9b::', 'unspecified'],
    ['64:ff9b:1::1', 'private'],
    ['not an address', 'reserved'],
  ])('%s is %s', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });

  it.each(['93.184.215.14', '8.8.8.8', '1.1.1.1', '172.15.255.255', '172.32.0.0', '100.63.255.255', '100.128.0.0', '169.253.255.255', '223.255.255.255', '11.0.0.1', '2606:4700:4700::1111', '2a00:1450:4001:82b::200e', '::ffff:8.8.8.8', '64:ff9b::8.8.8.8'])(
    '%s is an ordinary public address',
    (address) => {
      expect(classifyAddress(address)).toBeNull();
    },
  );
});

describe('checkOutboundUrl', () => {
  it.each([
    // Every form of a loopback or private literal the URL parser turns into an address.
    ['http://127.0.0.1/hook', '127.0.0.1'],
    ['http://127.1/hook', '127.0.0.1'],
    ['http://0x7f.1/', '127.0.0.1'],
    ['http://2130706433/', '127.0.0.1'],
    ['http://017700000001/', '127.0.0.1'],
    ['http://0/', '0.0.0.0'],
    ['http://[::1]:8080/hook', '::1'],
    ['http://[::]/', '::'],
    ['http://[::ffff:127.0.0.1]/', '::ffff:7f00:1'],
    ['http://[::ffff:a00:5]/', '::ffff:a00:5'],
    ['http://169.254.169.254/latest/meta-data/', '169.254.169.254'],
    ['https://10.0.0.5/hook', '10.0.0.5'],
    ['https://172.20.1.1/hook', '172.20.1.1'],
    ['https://192.168.0.10:8443/hook', '192.168.0.10'],
    ['https://100.64.1.1/', '100.64.1.1'],
    ['https://[fd00::1]/', 'fd00::1'],
    ['https://[fe80::1]/', 'fe80::1'],
    ['https://224.0.0.251/', '224.0.0.251'],
    ['https://[64:ff9b::a9fe:a9fe]/', '64:ff9b::a9fe:a9fe'],
  ])('refuses %s (an address literal)', async (url, shown) => {
    const check = await checkOutboundUrl(url, strict);
    expect(check).toMatchObject({ ok: false, reason: 'private_address' });
    expect(!check.ok && check.message).toContain(`(${shown})`);
  });

  it.each([
    ['https://intranet.example.com/hook', '10.0.0.5'],
    ['https://metadata.example.com/', '169.254.169.254'],
    ['https://v6-private.example.com/', 'fd12:3456::1'],
    ['http://localhost:3000/', '127.0.0.1'],
    // One private address among public ones is enough: the connection could use either.
    ['https://sneaky.example.com/hook', '127.0.0.1'],
  ])('refuses %s, whose host resolves to %s', async (url, address) => {
    const check = await checkOutboundUrl(url, strict);
    expect(check).toMatchObject({ ok: false, reason: 'private_address' });
    expect(!check.ok && check.message).toContain(`resolves to`);
    expect(!check.ok && check.message).toContain(`(${address})`);
  });

  it('explains a refusal in words an admin can act on', async () => {
    expect(await checkOutboundUrl('https://10.0.0.5/hook', strict)).toEqual({
      ok: false,
      reason: 'private_address',
      message: 'The webhook URL points to a private network address (10.0.0.5). Morsel refuses such targets unless ALLOW_PRIVATE_WEBHOOK_TARGETS=true.',
    });
    const metadata = await checkOutboundUrl('https://metadata.example.com/', { ...strict, subject: 'The SMS provider URL' });
    expect(!metadata.ok && metadata.message).toBe(
      'The SMS provider URL’s host metadata.example.com resolves to a link-local address (169.254.169.254), where cloud providers serve their metadata service. Morsel refuses such targets unless ALLOW_PRIVATE_WEBHOOK_TARGETS=true.',
    );
  });

  it('accepts public http and https targets, whatever else the URL holds', async () => {
    for (const url of ['https://hooks.example.com/services/T0/B0/secret', 'http://hooks.example.com:8080/x?y=1#z', 'https://93.184.215.14/hook', 'https://[2606:4700:4700::1111]/']) {
      const check = await checkOutboundUrl(url, strict);
      expect(check.ok, url).toBe(true);
      expect(check.ok && check.url.href).toBe(new URL(url).href);
    }
  });

  it('lets private targets through when they are allowed, without resolving anything', async () => {
    const failingLookup: HostLookup = () => Promise.reject(new Error('must not be called'));
    for (const url of ['http://127.0.0.1:4000/hook', 'http://0x7f.1/', 'http://[::1]/', 'https://10.0.0.5/', 'http://169.254.169.254/', 'https://intranet.example.com/', 'http://localhost/']) {
      expect((await checkOutboundUrl(url, { allowPrivate: true, lookup: failingLookup })).ok, url).toBe(true);
    }
  });

  it.each(['file:///etc/passwd', 'gopher://127.0.0.1:6379/_INFO', 'javascript:alert(1)', 'ftp://files.example.com/', 'data:text/plain,hi', 'ws://hooks.example.com/'])(
    'refuses the scheme of %s, even when private targets are allowed',
    async (url) => {
      expect(await checkOutboundUrl(url, lenient)).toMatchObject({ ok: false, reason: 'bad_scheme' });
    },
  );

  it.each(['https://ana:s3cr3t@hooks.example.com/', 'https://s3cr3t@hooks.example.com/', 'https://:s3cr3t@hooks.example.com/'])(
    'refuses credentials in %s, even when private targets are allowed',
    async (url) => {
      const check = await checkOutboundUrl(url, lenient);
      expect(check).toMatchObject({ ok: false, reason: 'credentials_in_url' });
      expect(!check.ok && check.message).not.toContain('s3cr3t');
    },
  );

  it.each(['', 'not a url', 'hooks.example.com/path', 'http://', 'https://1.2.3.4.5/'])('refuses %j as not a URL', async (url) => {
    expect(await checkOutboundUrl(url, lenient)).toMatchObject({ ok: false, reason: 'invalid_url' });
  });

  it('resolves names with the system resolver by default', async () => {
    expect(await checkOutboundUrl('http://localhost:3000/', { allowPrivate: false })).toMatchObject({ ok: false, reason: 'private_address' });
  });

  it('refuses a host that does not resolve, saying why', async () => {
    const check = await checkOutboundUrl('https://nowhere.example.com/hook', strict);
    expect(check).toEqual({ ok: false, reason: 'unresolvable', message: 'The webhook URL’s host nowhere.example.com could not be resolved (ENOTFOUND).' });
  });

  it('never repeats the URL’s path or query, where webhook secrets live', async () => {
    for (const url of ['https://10.0.0.5/services/T0/B0/s3cr3t', 'https://intranet.example.com/hook?sig=s3cr3t', 'https://nowhere.example.com/s3cr3t', 'gopher://x/s3cr3t']) {
      const check = await checkOutboundUrl(url, strict);
      expect(!check.ok && check.message).not.toContain('s3cr3t');
    }
  });
});

describe('checkOutboundUrlSyntax', () => {
  it('refuses literals and schemes without resolving, and passes host names on', () => {
    expect(checkOutboundUrlSyntax('http://2130706433/', { allowPrivate: false })).toMatchObject({ ok: false, reason: 'private_address' });
    expect(checkOutboundUrlSyntax('file:///etc/passwd', { allowPrivate: false })).toMatchObject({ ok: false, reason: 'bad_scheme' });
    expect(checkOutboundUrlSyntax('https://intranet.example.com/', { allowPrivate: false }).ok).toBe(true);
  });
});

describe('describeOutboundUrlProblem', () => {
  it('is null for a good URL and a sentence for a bad one', async () => {
    expect(await describeOutboundUrlProblem('https://hooks.example.com/x', strict)).toBeNull();
    expect(await describeOutboundUrlProblem('https://intranet.example.com/x', strict)).toMatch(/^The webhook URL’s host intranet\.example\.com resolves to a private network address \(10\.0\.0\.5\)\./);
  });
});

describe('assertOutboundUrl', () => {
  it('returns the parsed URL when it may be called', async () => {
    expect((await assertOutboundUrl('https://hooks.example.com/x', strict)).host).toBe('hooks.example.com');
  });

  it.each(['http://127.0.0.1/', 'file:///etc/passwd', 'https://u:p@hooks.example.com/', 'nonsense'])('refuses %s for good', async (url) => {
    const error = await assertOutboundUrl(url, strict).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ChannelError);
    expect(error).toMatchObject({ isPermanent: true });
  });

  it('refuses an unresolvable host for now only, since name servers recover', async () => {
    await expect(assertOutboundUrl('https://nowhere.example.com/', strict)).rejects.toMatchObject({ name: 'ChannelError', isPermanent: false });
  });
});
