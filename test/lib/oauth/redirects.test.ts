import t from 'tap'
import { isAllowedRedirectUri, KNOWN_REDIRECT_URIS, redirectHost } from '../../../lib/oauth/redirects.js'

t.test('ChatGPT\'s and Claude\'s callbacks, loopback (any port and path), and the configured list, exactly', async t => {
  for (const uri of KNOWN_REDIRECT_URIS) t.ok(isAllowedRedirectUri(uri, []), uri)
  for (const uri of ['http://127.0.0.1:1234/cb', 'http://127.0.0.1/', 'http://localhost:9/x/y?z=1', 'http://[::1]:8080/callback']) t.ok(isAllowedRedirectUri(uri, []), uri)
  t.ok(isAllowedRedirectUri('https://ide.example.com/cb', ['https://ide.example.com/cb']))
  for (const uri of [
    'https://ide.example.com/cb/', 'https://chatgpt.com/connector_platform_oauth_redirect/', 'https://chatgpt.com.evil.com/connector_platform_oauth_redirect',
    'https://127.0.0.1/cb', 'http://192.168.0.1/cb', 'http://127.0.0.1.nip.io/cb', 'http://user:pw@127.0.0.1/cb', 'http://127.0.0.1/cb#frag',
    'javascript:alert(1)', 'not a url', ''
  ]) t.notOk(isAllowedRedirectUri(uri, ['https://ide.example.com/cb']), uri)
  t.notOk(isAllowedRedirectUri(42, []))
  t.equal(redirectHost('https://chatgpt.com/connector_platform_oauth_redirect'), 'chatgpt.com')
  t.equal(redirectHost('nope'), '(unknown)')
})
