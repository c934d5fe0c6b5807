import { describe, expect, it } from 'vitest'
import { EVENT_NAMES, INVOKE_CHANNELS, isEventName, isInvokeChannel } from './contract'
import { invokeArgs, parseInvokeArgs } from './schemas'

describe('IPC contract', () => {
  it('names channels <domain>:<verb> and events <domain>:<noun>', () => {
    for (const c of [...INVOKE_CHANNELS, ...EVENT_NAMES]) expect(c).toMatch(/^[a-z]+:[a-zA-Z]+$/)
  })

  it('allow-lists exactly the contract', () => {
    expect(isInvokeChannel('live:get')).toBe(true)
    expect(isInvokeChannel('toString')).toBe(false)
    expect(isInvokeChannel('__proto__')).toBe(false)
    expect(isEventName('live:patch')).toBe(true)
    expect(isEventName('constructor')).toBe(false)
  })

  it('has exactly one schema per channel', () => {
    expect(Object.keys(invokeArgs).sort()).toEqual([...INVOKE_CHANNELS].sort())
  })

  it('validates arguments and says which channel and field is wrong', () => {
    expect(parseInvokeArgs('live:get', undefined)).toEqual({ ok: true, args: null })
    const bad = parseInvokeArgs('connections:refresh', { id: 5 })
    expect(bad.ok).toBe(false)
    if (!bad.ok) expect(bad.error.message).toMatch(/^connections:refresh: id: /)
    const extra = parseInvokeArgs('polling:setPaused', { paused: true, evil: 1 })
    expect(extra.ok).toBe(false)
  })

  it('checks a past span of history and a preview day, naming the field', () => {
    const keys = ['queue|demo:101|waiting']
    expect(parseInvokeArgs('history:past', { keys, from: 0, to: 3_600_000 }).ok).toBe(true)
    const backwards = parseInvokeArgs('history:past', { keys, from: 10, to: 5 })
    expect(backwards.ok).toBe(false)
    if (!backwards.ok) expect(backwards.error.message).toMatch(/^history:past: to: to must be after from/)
    expect(parseInvokeArgs('history:past', { keys, from: 0, to: 27 * 3_600_000 }).ok).toBe(false)
    expect(parseInvokeArgs('history:days', null).ok).toBe(true)
    const day = parseInvokeArgs('rules:preview', { rule: {}, day: '26 Nov' })
    expect(day.ok).toBe(false)
    if (!day.ok) expect(day.error.message).toMatch(/^rules:preview: day: must be a business date, YYYY-MM-DD/)
  })

  it('never echoes a rejected secret back in the error', () => {
    const secret = 'x'.repeat(20_000)
    const r = parseInvokeArgs('secrets:set', { connection: 'c', secret })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.message).not.toContain('xxxxxxxx')
  })
})
