import { addressGroup, UNKNOWN_ADDRESS } from './client-address';

describe(addressGroup.name, () => {
  it('keeps an IPv4 address whole', () => {
    expect(addressGroup('203.0.113.7')).toBe('203.0.113.7');
    expect(addressGroup('203.0.113.8')).not.toBe(addressGroup('203.0.113.7'));
  });

  it('counts an IPv4-mapped IPv6 address as its IPv4 address', () => {
    expect(addressGroup('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(addressGroup('::ffff:cb00:7107')).toBe('203.0.113.7');
    expect(addressGroup('::FFFF:203.0.113.7')).toBe('203.0.113.7');
  });

  it('groups IPv6 addresses by their /64, whatever their spelling', () => {
    const group = addressGroup('2001:db8:1:2::1');

    expect(group).toBe('2001:db8:1:2::/64');
    expect(addressGroup('2001:0DB8:0001:0002:ffff:ffff:ffff:fffe')).toBe(group);
    expect(addressGroup('2001:db8:1:2:aa:bb:cc:dd')).toBe(group);
    expect(addressGroup('2001:db8:1:3::1')).not.toBe(group);
  });

  it('expands :: anywhere, and ignores a zone index', () => {
    expect(addressGroup('::1')).toBe('0:0:0:0::/64');
    expect(addressGroup('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(addressGroup('2001:db8::')).toBe('2001:db8:0:0::/64');
  });

  it('does not take an IPv4 tail outside the mapped prefix for IPv4', () => {
    expect(addressGroup('64:ff9b::203.0.113.7')).toBe('64:ff9b:0:0::/64');
  });

  it('puts anything that is not an IP address in one group', () => {
    expect(addressGroup(undefined)).toBe(UNKNOWN_ADDRESS);
    expect(addressGroup('not an address')).toBe(UNKNOWN_ADDRESS);
  });
});
