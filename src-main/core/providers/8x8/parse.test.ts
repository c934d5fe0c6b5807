import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { Agent, Queue } from '../../../../src-shared/model'
import { parseAgents, parseQueues, type ParseResult } from './parse'

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')
const AS_OF = Date.UTC(2024, 4, 14, 9, 30, 0)

function ok<T>(r: ParseResult<T>): { items: T[]; warnings: string[] } {
  if (!r.ok) throw new Error(`expected a parse, got failure: ${r.reason}`)
  return r
}

function failed<T>(r: ParseResult<T>): string {
  if (r.ok) throw new Error('expected a failure, got a parse')
  return r.reason
}

const byId = <T extends { id: string }>(items: T[], id: string): T => {
  const found = items.find((i) => i.id === id)
  if (!found) throw new Error(`no entity ${id}`)
  return found
}

/** One agent / queue record as JSON, built from the reference fixtures so each quirk test changes one thing. */
const refAgent = (): Record<string, unknown> => {
  const list = (JSON.parse(fixture('reference-agents.json')) as { agent: Record<string, unknown>[] }).agent
  return { ...list[0] }
}
const refQueue = (): Record<string, unknown> => ({
  ...(JSON.parse(fixture('reference-queue-115.json')) as { queue: Record<string, unknown> }).queue,
})

describe('8x8 parse: the vendor document samples (malformed on purpose, docs/vendors/8x8.md §6.2)', () => {
  it('reads the agents sample despite mismatched closing tags, the "..." entry and the stray </groups>', () => {
    const r = ok(parseAgents(fixture('vendor-doc-agents.xml'), AS_OF))
    expect(r.items.map((a) => a.id)).toEqual(['ag1', 'clee'])
    const ag1 = byId(r.items, 'ag1')
    expect(ag1).toMatchObject({
      name: 'John Doe',
      email: null,
      state: 'offered',
      rawState: '1',
      stateReason: null,
      // time-in-status -1 = no data
      timeInStateSec: null,
      stateSince: null,
      media: 'voice',
      groupIds: ['101'],
      queueIds: [],
      openInteractions: null,
      freeCapacity: null,
    })
    // <day-avg-processing-time>0</day-avg-handling-time> and <day-rejected-count>1</day-offered-count>
    expect(ag1.today).toEqual({
      handled: 0,
      rejected: 1,
      loginSec: 0,
      availableSec: 0,
      breakSec: 0,
      wrapUpSec: 0,
      avgHandleSec: 0,
      talkSec: 0,
      missed: null,
    })
    expect(ag1.raw).toMatchObject({
      'last-login-time': '-1',
      'status-code-item-id': '',
      'phone-line1-status': '0',
    })
    const clee = byId(r.items, 'clee')
    expect(clee).toMatchObject({ name: 'Cecilia Lee', state: 'offered', media: 'chat', timeInStateSec: null })
    expect(clee.today?.avgHandleSec).toBe(0)
    expect(clee.today?.rejected).toBe(0)
    expect(r.warnings).toEqual([
      'agents XML: ignored stray closing tags: </groups>',
      'agents XML: 3 closing tags did not match the opening tag (first: <day-avg-processing-time>…</day-avg-handling-time>); read by the opening tag',
      'agents: entries without fields skipped: #3 "..."',
    ])
  })

  it('reads the queues sample: <day-x>…</all-day-x>, all-day-* names and the "…" entry', () => {
    const r = ok(parseQueues(fixture('vendor-doc-queues.xml')))
    expect(r.items.map((q) => q.id)).toEqual(['115', '111'])
    const q115 = byId(r.items, '115')
    expect(q115).toEqual<Queue>({
      id: '115',
      name: 'outbound queue',
      media: 'voice',
      waiting: 4,
      longestWaitSec: 1113,
      avgWaitNowSec: null,
      offered: 1,
      inProgress: 2,
      agentsAvailable: 0,
      agentsBusy: 3,
      agentsWrapUp: 1,
      agentsNotReady: 2,
      agentsLoggedIn: 6,
      agentsLoggedOut: 2,
      serviceLevelPct: 0,
      // sla-target 0 = not configured
      serviceLevelTargetPct: null,
      today: {
        received: 30,
        answered: 10,
        abandoned: 2,
        avgWaitSec: 566,
        avgHandleSec: 134,
        serviceLevelPct: null,
      },
      last30m: {
        queued: 24,
        answered: 4,
        abandoned: 0,
        avgWaitSec: 110,
        longestWaitSec: 340,
        serviceLevelPct: null,
      },
      raw: q115.raw,
    })
    const q111 = byId(r.items, '111')
    expect(q111).toMatchObject({
      name: 'sales-chat',
      media: 'chat',
      waiting: 1,
      agentsAvailable: 2,
      agentsNotReady: 2,
      agentsLoggedIn: 0,
      agentsLoggedOut: 1,
      today: {
        received: 0,
        answered: 0,
        abandoned: 1,
        avgWaitSec: 0,
        avgHandleSec: 0,
        serviceLevelPct: null,
      },
      last30m: {
        queued: 0,
        answered: 0,
        abandoned: 1,
        avgWaitSec: 0,
        longestWaitSec: null,
        serviceLevelPct: null,
      },
    })
    expect(q111.raw).toMatchObject({ 'all-day-accepted': '0', 'all-day-sla-activity': '-1' })
    expect(r.warnings).toEqual([
      'queues XML: 5 closing tags did not match the opening tag (first: <day-accepted>…</all-day-accepted>); read by the opening tag',
      'queues: entries without fields skipped: #3 "…"',
    ])
  })
})

describe('8x8 parse: the invented fixtures consistent with the vendor evidence', () => {
  it('maps agents.json per docs/vendors/8x8.md §7.2', () => {
    const r = ok(parseAgents(fixture('reference-agents.json'), AS_OF))
    expect(r.warnings).toEqual([])
    const ag1 = byId(r.items, 'ag1')
    expect(ag1).toEqual<Agent>({
      id: 'ag1',
      name: 'John Doe',
      email: null,
      state: 'available',
      rawState: '0',
      stateReason: null,
      timeInStateSec: 45,
      stateSince: AS_OF - 45_000,
      onHold: false,
      contactSec: null,
      contactSince: null,
      media: 'voice',
      openInteractions: null,
      freeCapacity: null,
      groupIds: ['101'],
      queueIds: [],
      today: {
        handled: 12,
        rejected: 1,
        loginSec: 14400,
        availableSec: 5400,
        breakSec: 900,
        wrapUpSec: 610,
        avgHandleSec: 212,
        talkSec: 2544,
        missed: null,
      },
      raw: ag1.raw,
    })
    expect(ag1.raw).toMatchObject({ 'phone-line2-status': -1, 'last-login-time': 1715670000 })
    const clee = byId(r.items, 'clee')
    expect(clee).toMatchObject({
      state: 'not_ready',
      rawState: '4',
      stateReason: 'LUNCH',
      timeInStateSec: 102,
      stateSince: AS_OF - 102_000,
      media: 'chat',
      today: { handled: 0, rejected: 0, loginSec: 300, breakSec: 102, avgHandleSec: 0 },
    })
  })

  it('reads hold from either phone line and the contact time from a busy agent (docs/vendors/8x8.md §7.2)', () => {
    const r = ok(parseAgents(fixture('reference-agents.json'), AS_OF))
    // Busy, line 1 on hold: on hold, the contact running since the agent took it (time-in-status).
    expect(byId(r.items, 'mk')).toMatchObject({
      state: 'busy',
      onHold: true,
      contactSec: 310,
      contactSince: AS_OF - 310_000,
      today: { handled: 30, rejected: 2, talkSec: 5400, missed: null, availableSec: 9000 },
    })
    // On a break with line 1 busy (a personal call): not on hold, and no contact of the queue's in progress.
    expect(byId(r.items, 'clee')).toMatchObject({ onHold: false, contactSec: null, contactSince: null })
    const onLine2 = ok(
      parseAgents(
        JSON.stringify({
          agent: [{ ...refAgent(), 'agent-status': 2, 'phone-line1-status': 0, 'phone-line2-status': 1 }],
        }),
        AS_OF,
      ),
    )
    expect(onLine2.items[0]).toMatchObject({ onHold: true, contactSec: 45 })
    const noLines = ok(
      parseAgents(
        JSON.stringify({ agent: [{ ...refAgent(), 'phone-line1-status': -1, 'phone-line2-status': -1 }] }),
        AS_OF,
      ),
    )
    expect(noLines.items[0]).toMatchObject({ onHold: null })
    const { ['day-processing-time']: _gone, ...withoutTalk } = refAgent()
    const noTalk = ok(parseAgents(JSON.stringify({ agent: [withoutTalk] }), AS_OF))
    expect(noTalk.items[0]?.today?.talkSec).toBeNull()
    expect(noTalk.warnings).toEqual([])
  })

  it('reads queue/115.json (a single object) and keeps the undocumented queue-type in raw', () => {
    const r = ok(parseQueues(fixture('reference-queue-115.json')))
    expect(r.warnings).toEqual([])
    expect(r.items).toHaveLength(1)
    const q = r.items[0]
    expect(q).toMatchObject({
      id: '115',
      name: 'outbound queue',
      waiting: 4,
      agentsLoggedIn: 6,
      serviceLevelTargetPct: null,
      today: { answered: 10, received: 30, serviceLevelPct: null },
    })
    expect(q?.raw).toMatchObject({ 'queue-type': '', 'queue-id': 115 })
  })

  it('reads queues.json and the corrected queues XML to the same model', () => {
    const fromJson = ok(parseQueues(fixture('reference-queues.json')))
    const fromXml = ok(parseQueues(fixture('reference-queues.xml')))
    expect(fromJson.warnings).toEqual([])
    expect(fromXml.warnings).toEqual([])
    expect(fromJson.items.map((q) => q.id)).toEqual(['115', '111'])
    const strip = (q: Queue) => ({ ...q, raw: null })
    expect(fromXml.items.map(strip)).toEqual([strip(byId(fromJson.items, '111'))])
    expect(fromXml.items[0]?.raw).toMatchObject({ 'queue-type': '', 'queue-id': '111' })
  })
})

describe('8x8 parse: list shapes (docs/vendors/8x8.md §4.2)', () => {
  it('takes a one-element list sent as an object', () => {
    const r = ok(parseAgents(JSON.stringify({ agent: refAgent() }), AS_OF))
    expect(r.items.map((a) => a.id)).toEqual(['ag1'])
  })

  it.each([
    ['""', '{"agent": ""}'],
    ['{}', '{"agent": {}}'],
    ['null', '{"agent": null}'],
    ['[]', '{"agent": []}'],
    ['missing', '{}'],
    ['wrapped and empty', '{"agents": ""}'],
    ['bare null', 'null'],
  ])('takes an empty list sent as %s', (_label, body) => {
    const r = ok(parseAgents(body, AS_OF))
    expect(r.items).toEqual([])
    expect(r.warnings).toEqual([])
  })

  it.each([
    ['<agents/>', '<agents/>'],
    ['<agents></agents>', '<?xml version="1.0"?>\n<agents>\n</agents>\n'],
  ])('takes an empty XML list %s', (_label, body) => {
    expect(ok(parseAgents(body, AS_OF)).items).toEqual([])
  })

  it('takes the wrapped form {"queues": {"queue": [...]}} and a bare array', () => {
    const wrapped = ok(parseQueues(JSON.stringify({ queues: { queue: [refQueue()] } })))
    expect(wrapped.items.map((q) => q.id)).toEqual(['115'])
    const bare = ok(parseQueues(JSON.stringify([refQueue()])))
    expect(bare.items.map((q) => q.id)).toEqual(['115'])
  })

  it('takes a single-entity XML answer with the entity as root', () => {
    const r = ok(parseAgents('<agent><agent-id>jdoe</agent-id><agent-status>2</agent-status></agent>', AS_OF))
    expect(r.items).toHaveLength(1)
    expect(r.items[0]).toMatchObject({ id: 'jdoe', state: 'busy' })
  })

  it('skips entries without an id, duplicates and non-objects, with warnings', () => {
    const a = refAgent()
    const body = JSON.stringify({
      agent: [a, { ...a, 'agent-name': 'Second' }, { 'agent-name': 'No id' }, 7],
    })
    const r = ok(parseAgents(body, AS_OF))
    expect(r.items.map((x) => x.name)).toEqual(['John Doe'])
    expect(r.warnings).toEqual([
      'agents: duplicate "agent-id", later entries skipped: ag1',
      'agents: entries without "agent-id" skipped: #3',
      'agents: entries without fields skipped: #4 "7"',
    ])
  })
})

describe('8x8 parse: field quirks', () => {
  it('accepts both spellings of the documented agent typos (docs/vendors/8x8.md §6.3)', () => {
    const base = refAgent()
    delete base['day-avg-handling-time']
    delete base['day-rejected-count']
    const table = ok(
      parseAgents(
        JSON.stringify({ agent: { ...base, 'day-avg-processing-time': 300, 'day-rejected-count': 4 } }),
        AS_OF,
      ),
    )
    const sample = ok(
      parseAgents(
        JSON.stringify({ agent: { ...base, 'day-avg-handling-time': 301, 'day-offered-count': 5 } }),
        AS_OF,
      ),
    )
    expect(table.items[0]?.today).toMatchObject({ avgHandleSec: 300, rejected: 4 })
    expect(sample.items[0]?.today).toMatchObject({ avgHandleSec: 301, rejected: 5 })
    expect([...table.warnings, ...sample.warnings]).toEqual([])
  })

  it('accepts day- and all-day- queue counters', () => {
    const q = refQueue()
    const allDay: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(q)) allDay[k.startsWith('day-') ? `all-${k}` : k] = v
    const r = ok(parseQueues(JSON.stringify({ queue: allDay })))
    expect(r.warnings).toEqual([])
    expect(r.items[0]?.today).toEqual({
      received: 30,
      answered: 10,
      abandoned: 2,
      avgWaitSec: 566,
      avgHandleSec: 134,
      serviceLevelPct: null,
    })
  })

  it('reads numeric strings like numbers', () => {
    const q: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(refQueue())) q[k] = typeof v === 'number' ? String(v) : v
    const r = ok(parseQueues(JSON.stringify({ queue: [q] })))
    expect(r.warnings).toEqual([])
    const plain = ok(parseQueues(fixture('reference-queue-115.json'))).items[0]
    expect({ ...r.items[0], raw: null }).toEqual({ ...plain, raw: null })
  })

  it('turns -1 into null and keeps 0 a number, except sla-target 0 (not configured)', () => {
    const q = {
      ...refQueue(),
      'sla-activity': -1,
      'longest-wait-time': 0,
      'sla-target': 80,
      'queue-size': '-1',
    }
    const r = ok(parseQueues(JSON.stringify({ queue: q })))
    expect(r.items[0]).toMatchObject({
      serviceLevelPct: null,
      longestWaitSec: 0,
      serviceLevelTargetPct: 80,
      waiting: null,
    })
  })

  it('reads empty elements as no value without warnings', () => {
    const body =
      '<agents><agent><agent-id>x1</agent-id><agent-name/><agent-status>4</agent-status><agent-media-id></agent-media-id>' +
      '<status-code-item-short-code/><time-in-status/><group-id/>' +
      '<day-accepted-count/><day-rejected-count/><day-login-time/><day-available-time/><day-break-time/>' +
      '<day-wrap-up-time/><day-avg-handling-time/></agent></agents>'
    const r = ok(parseAgents(body, AS_OF))
    expect(r.warnings).toEqual([])
    expect(r.items[0]).toMatchObject({
      id: 'x1',
      name: null,
      state: 'not_ready',
      stateReason: null,
      media: null,
      timeInStateSec: null,
      stateSince: null,
      groupIds: [],
      today: {
        handled: null,
        rejected: null,
        loginSec: null,
        availableSec: null,
        breakSec: null,
        wrapUpSec: null,
      },
    })
  })

  it('keeps unknown extra fields in raw', () => {
    const q = { ...refQueue(), 'queue-type': 'inbound', 'brand-new-field': { nested: true } }
    const r = ok(parseQueues(JSON.stringify({ queue: q })))
    expect(r.warnings).toEqual([])
    expect(r.items[0]?.raw).toMatchObject({ 'queue-type': 'inbound', 'brand-new-field': { nested: true } })
  })

  it('makes an unreadable field null with a warning, and the rest of the entity still reads', () => {
    const a = {
      ...refAgent(),
      'day-accepted-count': 'lots',
      'time-in-status': { weird: 1 },
      'day-break-time': -30,
    }
    const r = ok(parseAgents(JSON.stringify({ agent: [a] }), AS_OF))
    expect(r.items[0]).toMatchObject({
      state: 'available',
      timeInStateSec: null,
      stateSince: null,
      today: { handled: null, breakSec: null, loginSec: 14400 },
    })
    expect(r.warnings).toEqual([
      'agents: "time-in-status" unreadable, shown as unknown: ag1 "{\\"weird\\":1}"',
      'agents: "day-accepted-count" unreadable, shown as unknown: ag1 "lots"',
      'agents: "day-break-time" unreadable, shown as unknown: ag1 "-30"',
    ])
  })

  it('warns once per field about missing fields, naming up to three entities', () => {
    const list = ['a', 'b', 'c', 'd', 'e'].map((id) => {
      const a: Record<string, unknown> = { ...refAgent(), 'agent-id': id }
      delete a['day-login-time']
      return a
    })
    const r = ok(parseAgents(JSON.stringify({ agent: list }), AS_OF))
    expect(r.items.every((a) => a.today?.loginSec === null)).toBe(true)
    expect(r.warnings).toEqual(['agents: "day-login-time" missing, shown as unknown: a, b, c, +2 more'])
  })

  it('maps every agent-status code, and anything else to unknown with the raw code kept', () => {
    const codes: [number | string, string, string | null][] = [
      [0, 'available', '0'],
      [1, 'offered', '1'],
      [2, 'busy', '2'],
      [3, 'wrap_up', '3'],
      [4, 'not_ready', '4'],
      [5, 'offline_work', '5'],
      [9, 'logged_out', '9'],
      [7, 'unknown', '7'],
      [-1, 'unknown', null],
      ['away', 'unknown', 'away'],
    ]
    const list = codes.map(([code], i) => ({ ...refAgent(), 'agent-id': `a${i}`, 'agent-status': code }))
    const r = ok(parseAgents(JSON.stringify({ agent: list }), AS_OF))
    expect(r.items.map((a) => [a.state, a.rawState])).toEqual(codes.map(([, s, raw]) => [s, raw]))
    expect(r.warnings).toEqual([
      'agents: undocumented "agent-status" codes, shown as unknown: a7 7',
      'agents: "agent-status" unreadable, shown as unknown: a9 "away"',
    ])
  })

  it('maps agent-media-id and media-type', () => {
    const agents = [0, 1, 2, 3, 4, 8].map((m, i) => ({
      ...refAgent(),
      'agent-id': `m${i}`,
      'agent-media-id': m,
    }))
    const ra = ok(parseAgents(JSON.stringify({ agent: agents }), AS_OF))
    expect(ra.items.map((a) => a.media)).toEqual([null, 'voice', 'chat', 'email', 'voicemail', 'other'])
    const queues = ['phone', 'chat', 'email', 'vmail', 'fax', ''].map((t, i) => ({
      ...refQueue(),
      'queue-id': i + 1,
      'media-type': t,
    }))
    const rq = ok(parseQueues(JSON.stringify({ queue: queues })))
    expect(rq.items.map((q) => q.media)).toEqual(['voice', 'chat', 'email', 'voicemail', 'other', null])
  })

  it('derives agentsLoggedIn and agentsNotReady only when both parts are known', () => {
    const q = { ...refQueue(), 'agent-count-workOffline': -1, 'enabled-agent-count': '' }
    const r = ok(parseQueues(JSON.stringify({ queue: q })))
    expect(r.items[0]).toMatchObject({ agentsNotReady: null, agentsLoggedIn: null, agentsLoggedOut: 2 })
  })

  it('falls back to the id when a queue has no name', () => {
    const r = ok(parseQueues(JSON.stringify({ queue: { ...refQueue(), 'queue-name': '' } })))
    expect(r.items[0]?.name).toBe('115')
  })
})

describe('8x8 parse: the XML reader', () => {
  it('handles the declaration, comments, CDATA, entities and attributes', () => {
    const body =
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<!DOCTYPE agents>\n<!-- generated -->\n' +
      '<agents xmlns="urn:x"><agent type="a>b"><agent-id>o&apos;neil</agent-id>' +
      '<agent-name><![CDATA[Ann <O&Neil>]]></agent-name><status-code-item-short-code>R&amp;D &#233;&#x20AC;</status-code-item-short-code>' +
      '<agent-status>4</agent-status></agent></agents>'
    const r = ok(parseAgents(body, AS_OF))
    expect(r.items[0]).toMatchObject({
      id: "o'neil",
      name: 'Ann <O&Neil>',
      stateReason: 'R&D é€',
      state: 'not_ready',
    })
  })

  it('closes elements left open when an ancestor closes, with a warning', () => {
    const r = ok(parseAgents('<agents><agent><agent-id>z</agent-id><agent-status>0</agent></agents>', AS_OF))
    expect(r.items[0]).toMatchObject({ id: 'z', state: 'available' })
    expect(r.warnings).toContain('agents XML: elements never closed: <agent-status>')
  })

  it('reads a repeated group-id as several groups', () => {
    const body =
      '<agents><agent><agent-id>g</agent-id><group-id>101</group-id><group-id>102</group-id></agent></agents>'
    expect(ok(parseAgents(body, AS_OF)).items[0]?.groupIds).toEqual(['101', '102'])
  })

  it('does not let a __proto__ element touch the prototype', () => {
    const r = ok(
      parseAgents('<agents><agent><agent-id>p</agent-id><__proto__>1</__proto__></agent></agents>', AS_OF),
    )
    expect(Object.getPrototypeOf(r.items[0]?.raw)).toBe(Object.prototype)
    expect(Object.hasOwn(r.items[0]?.raw as object, '__proto__')).toBe(true)
  })
})

describe('8x8 parse: unreadable responses', () => {
  it.each([
    ['an empty body', '', 'empty body'],
    ['truncated JSON', '{"agent": [{"agent-id": "ag1", "agent-st', 'not valid JSON'],
    [
      'truncated XML',
      '<agents>\n<agent>\n<agent-id>ag1</agent-id>\n<agent-name>John Do',
      'XML ended inside <agent-name>',
    ],
    [
      'XML cut inside a tag',
      '<agents><agent><agent-id>ag1</agent-id><agent-na',
      'XML ended inside the tag <agent-na>',
    ],
    ['an HTML page', '<html><head><title>Login</title></head><body>Sign in</body></html>', 'got <html>'],
    ['plain text', 'Service Unavailable', 'neither XML nor JSON'],
    ['a JSON object without the list', '{"error": "denied"}', 'no "agent" list in the JSON (keys: error)'],
    ['a JSON number', '42', 'neither XML nor JSON'],
    ['a list that is a number', '{"agent": 5}', '"agent" is "5", not a list'],
    [
      'the wrong list',
      '<queues><queue><queue-id>1</queue-id></queue></queues>',
      'expected <agents> or <agent> XML, got <queues>',
    ],
    ['a stray "<"', '<agents> < </agents>', 'stray "<"'],
  ])('fails on %s with the reason', (_label, body, reason) => {
    expect(failed(parseAgents(body, AS_OF))).toContain(reason)
  })

  it('fails on a queues body that is truncated JSON', () => {
    expect(failed(parseQueues('{"queue": [{"queue-id": 115, "queue-name": "outb'))).toContain(
      'not valid JSON',
    )
  })
})
