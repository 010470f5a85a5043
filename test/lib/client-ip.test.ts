import t from 'tap'
import { canonicalAddress, clientAddress, lockoutKey } from '../../lib/client-ip.js'

t.test('canonicalAddress: one text per address, null for anything else', async t => {
  const cases: Record<string, string | null> = {
    '9.9.9.9': '9.9.9.9',
    ' 9.9.9.9 ': '9.9.9.9',
    '::ffff:9.9.9.9': '9.9.9.9',
    '::FFFF:9.9.9.9': '9.9.9.9',
    '::ffff:909:909': '9.9.9.9',
    '0:0:0:0:0:ffff:0909:0909': '9.9.9.9',
    '2001:DB8::1': '2001:db8::1',
    '2001:0db8:0000:0000:0000:0000:0000:0001': '2001:db8::1',
    '::1': '::1',
    garbage: null,
    '': null,
    '999.1.1.1': null,
    '1.2.3.4, 5.6.7.8': null
  }
  for (const [input, expected] of Object.entries(cases)) t.equal(canonicalAddress(input), expected, JSON.stringify(input))
})

t.test('clientAddress: the resolved address when it is one, else the socket peer', async t => {
  t.equal(clientAddress('::ffff:203.0.113.7', '127.0.0.1'), '203.0.113.7')
  t.equal(clientAddress('garbage', '::ffff:127.0.0.1'), '127.0.0.1', 'junk from a proxy: the proxy is the client')
  t.equal(clientAddress('garbage', undefined), 'unknown', 'no peer left (socket gone): one shared name, never the junk')
})

t.test('lockoutKey: an IPv4 address, or an IPv6 /64', async t => {
  t.equal(lockoutKey('::ffff:9.9.9.9'), '9.9.9.9')
  t.equal(lockoutKey('2001:db8::1'), '2001:db8::/64')
  t.equal(lockoutKey('2001:DB8::ffff:1'), '2001:db8::/64')
  t.equal(lockoutKey('2001:db8:0:1::1'), '2001:db8:0:1::/64')
  t.equal(lockoutKey('unknown'), 'unknown')
})
