import { describe, expect, it } from 'vitest';
import { loadEnv } from '../../../config/env.js';
import { allowListOf, isPublicAddress, namesInternalHost } from '../../../outbound/address-rules.js';

describe('isPublicAddress', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.0.1',
    '169.254.169.254',
    '100.64.0.1',
    '224.0.0.1',
    '0.0.0.0',
    '255.255.255.255',
    '::1',
    '::',
    'fe80::1',
    'fc00::1',
    'fd12:3456::1',
    '::ffff:127.0.0.1',
    '::ffff:8.8.8.8',
    '::127.0.0.1',
    '64:ff9b::7f00:1',
    '2002:7f00:1::',
    'ff02::1',
    'not an address',
  ])('%s is internal', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['8.8.8.8', '93.184.216.34', '172.32.0.1', '2606:4700:4700::1111'])('%s is public', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
});

describe('namesInternalHost', () => {
  it('sees through the URL parser’s spellings and the allow list', () => {
    for (const url of [
      'http://2130706433/',
      'http://0x7f.1/',
      'http://[::ffff:127.0.0.1]/',
      'http://a.localhost/',
    ])
      expect(namesInternalHost(new URL(url), []), url).toBe(true);
    expect(namesInternalHost(new URL('http://2130706433:4020/'), ['127.0.0.1:4020'])).toBe(false);
    expect(namesInternalHost(new URL('http://127.0.0.1:4021/'), ['127.0.0.1:4020'])).toBe(true);
    expect(namesInternalHost(new URL('https://calendar.example.test/x.ics'), [])).toBe(false);
  });
});

describe('FEED_ALLOW_PRIVATE_HOSTS', () => {
  it('normalises host:port entries as feed URLs are normalised', () => {
    expect(allowListOf(' 127.0.0.1:4020, Demo-Feed:80 ,[::1]:9000')).toEqual({
      hosts: ['127.0.0.1:4020', 'demo-feed:80', '[::1]:9000'],
    });
    expect(loadEnv({}).FEED_ALLOW_PRIVATE_HOSTS).toEqual([]);
  });

  it.each(['127.0.0.1', 'http://x:1', 'x:1/path', 'a@b:1'])('refuses %s, naming the variable', (entry) => {
    expect(() => loadEnv({ FEED_ALLOW_PRIVATE_HOSTS: entry })).toThrow(/FEED_ALLOW_PRIVATE_HOSTS/);
  });
});
