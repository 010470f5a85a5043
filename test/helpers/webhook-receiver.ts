// A loopback Slack-style webhook receiver for tests: collects the JSON bodies it is sent, and
// answers as told (200, 500, or not at all until released).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { EventEmitter } from 'node:events'
import type { Test } from 'tap'

export type ReceiverMode = 'ok' | 'fail' | 'hang'

export interface Receiver {
  /** A webhook URL on this receiver with a secret-looking path and query. */
  url: string
  bodies: Array<{ text: string }>
  /** Requests received and not answered yet (mode 'hang'). */
  held: number
  mode: ReceiverMode
  /** Answers every held request with 500. */
  release: () => void
  /** Resolves once `count` bodies have arrived. */
  received: (count: number) => Promise<void>
}

export const WEBHOOK_PATH = '/services/T0000/B0000/XsecretXwebhookXpath'

export async function startReceiver (t: Test, mode: ReceiverMode = 'ok'): Promise<Receiver> {
  const events = new EventEmitter()
  const held: ServerResponse[] = []
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let body = ''
    request.setEncoding('utf8')
    request.on('data', (chunk: string) => { body += chunk })
    request.on('end', () => {
      receiver.bodies.push(JSON.parse(body) as { text: string })
      events.emit('body')
      if (receiver.mode === 'hang') {
        held.push(response)
        receiver.held = held.length
        events.emit('held')
        return
      }
      response.writeHead(receiver.mode === 'ok' ? 200 : 500, { 'content-type': 'text/plain' }).end(receiver.mode === 'ok' ? 'ok' : 'boom')
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  t.teardown(async () => {
    await new Promise<void>(resolve => {
      server.close(() => { resolve() })
      server.closeAllConnections()
    })
  })
  const { port } = server.address() as AddressInfo
  const receiver: Receiver = {
    url: `http://127.0.0.1:${port}${WEBHOOK_PATH}?token=XsecretXquery`,
    bodies: [],
    held: 0,
    mode,
    release () {
      for (const response of held.splice(0)) response.writeHead(500).end()
      receiver.held = 0
    },
    async received (count) {
      while (receiver.bodies.length < count) await new Promise(resolve => events.once('body', resolve))
    }
  }
  return receiver
}
