import { describe, expect, it } from 'vitest'
import type { ConnectionStatus, LiveCollections } from '../../src-shared/live'
import { blankStatusForTest } from './testing/fixtures'
import { TeamBoard } from './board'

const agent = (conn: string, id: string, state = 'available') =>
  ({
    key: `${conn}:${id}`,
    connection: conn,
    provider: 'simulator',
    asOf: 1,
    id,
    state,
    raw: { big: true },
  }) as never

describe('TeamBoard', () => {
  it('replaces one connection’s rows from a snapshot, strips raw, and leaves other connections alone', () => {
    const b = new TeamBoard()
    const state = (conn: string, ids: string[]): LiveCollections => ({
      connections: [blankStatusForTest(conn)],
      agents: ids.map((i) => agent(conn, i)),
      queues: [],
      chatRooms: [],
      chatMessages: [],
      metrics: [],
    })
    b.replaceConnection('a', state('a', ['1', '2']))
    b.replaceConnection('b', state('b', ['9']))
    b.takePatch(0, false)
    b.replaceConnection('a', state('a', ['2', '3']))
    const p = b.takePatch(1, false)
    expect(p?.removed.agents).toEqual(['a:1'])
    expect((p?.upserts.agents ?? []).map((r) => r.key).sort()).toEqual(['a:2', 'a:3'])
    const s = b.getState(2, false)
    expect(s.agents.map((r) => r.key).sort()).toEqual(['a:2', 'a:3', 'b:9'])
    expect(s.agents.every((r) => r.raw === null)).toBe(true)
  })

  it('applies patches only for the connection it is told to, and numbers its own patches', () => {
    const b = new TeamBoard()
    const st: ConnectionStatus = blankStatusForTest('a')
    b.applyPatch(
      { upserts: { connections: [st], agents: [agent('a', '1'), agent('x', '1')] }, removed: {} },
      'a',
    )
    const p1 = b.takePatch(0, false)
    expect(p1?.seq).toBe(1)
    expect((p1?.upserts.agents ?? []).map((r) => r.key)).toEqual(['a:1'])
    b.applyPatch({ upserts: {}, removed: { agents: ['a:1'] } }, 'a')
    expect(b.takePatch(0, false)?.seq).toBe(2)
    expect(b.collections('a').agents).toEqual([])
  })
})
