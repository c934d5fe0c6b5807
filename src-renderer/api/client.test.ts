import { describe, expect, it } from 'vitest'
import type { Envelope, FloorwalkerBridge } from '../../src-shared/ipc/contract'
import { BridgeCallError, createClient } from './client'

function bridgeAnswering(envelope: Envelope<unknown> | Error): FloorwalkerBridge {
  return {
    invoke: (async () => {
      if (envelope instanceof Error) throw envelope
      return envelope
    }) as FloorwalkerBridge['invoke'],
    on: () => () => {},
  }
}

describe('createClient', () => {
  it('unwraps ok envelopes to their value', async () => {
    const client = createClient(bridgeAnswering({ ok: true, value: { text: '{}' } }))
    await expect(client.invoke('config:export', null)).resolves.toEqual({ text: '{}' })
  })

  it('throws a typed error carrying the code, message and issues of a failed envelope', async () => {
    const issue = {
      path: 'connections[0].baseUrl',
      connection: 'eu',
      rule: null,
      field: 'baseUrl',
      message: 'required',
    }
    const client = createClient(
      bridgeAnswering({
        ok: false,
        error: { code: 'invalid_config', message: 'bad config', issues: [issue] },
      }),
    )
    const err = await client.invoke('config:import', { text: '{}' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(BridgeCallError)
    expect(err).toMatchObject({
      code: 'invalid_config',
      message: 'bad config',
      channel: 'config:import',
      issues: [issue],
    })
  })

  it('turns a broken transport into an internal error', async () => {
    const client = createClient(bridgeAnswering(new Error('ipc gone')))
    await expect(client.invoke('app:info', null)).rejects.toMatchObject({
      code: 'internal',
      message: 'ipc gone',
    })
  })
})
