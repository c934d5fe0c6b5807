import { describe, expect, it, vi } from 'vitest'
import { createTestApp } from '../testing/mount'
import type { Shortcut } from './shortcuts'
import { SEQUENCE_TIMEOUT_MS, isEditable, matchKey, useShortcutsStore } from './shortcuts'

const sc = (id: string, keys: string[], enabled?: () => boolean): Shortcut => ({
  id,
  keys,
  group: 'general',
  label: () => id,
  run: vi.fn(),
  enabled,
})

/** A keydown as the store reads it. */
function key(k: string, over: Partial<KeyboardEvent> = {}) {
  let prevented = false
  const e = {
    key: k,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    isComposing: false,
    defaultPrevented: false,
    target: null,
    preventDefault: () => (prevented = true),
    ...over,
  } as unknown as KeyboardEvent
  return { e, prevented: () => prevented }
}

describe('matchKey', () => {
  const list = [
    sc('go.o', ['g', 'o']),
    sc('go.a', ['g', 'a']),
    sc('help', ['?']),
    sc('off', ['x'], () => false),
  ]

  it('runs single keys and completes sequences', () => {
    expect(matchKey([], '?', list)).toEqual({ run: list[2], pending: [] })
    expect(matchKey([], 'g', list)).toEqual({ run: null, pending: ['g'] })
    expect(matchKey(['g'], 'a', list)).toEqual({ run: list[1], pending: [] })
  })

  it('starts over with a key that does not continue the sequence, and ignores disabled shortcuts', () => {
    expect(matchKey(['g'], '?', list)).toEqual({ run: list[2], pending: [] })
    expect(matchKey(['g'], 'z', list)).toEqual({ run: null, pending: [] })
    expect(matchKey([], 'x', list)).toEqual({ run: null, pending: [] })
  })
})

describe('isEditable', () => {
  it('treats text fields as typing and buttons or checkboxes as not', () => {
    const el = (tagName: string, extra: Record<string, unknown> = {}) =>
      ({ tagName, ...extra }) as unknown as EventTarget
    expect(isEditable(el('INPUT', { type: 'search' }))).toBe(true)
    expect(isEditable(el('TEXTAREA'))).toBe(true)
    expect(isEditable(el('SELECT'))).toBe(true)
    expect(isEditable(el('INPUT', { type: 'checkbox' }))).toBe(false)
    expect(isEditable(el('DIV', { isContentEditable: true }))).toBe(true)
    expect(isEditable(el('BUTTON', { isContentEditable: false }))).toBe(false)
    expect(isEditable(null)).toBe(false)
  })
})

describe('useShortcutsStore', () => {
  it('runs registered shortcuts, prevents the default, and forgets a half sequence after a pause', () => {
    createTestApp()
    const s = useShortcutsStore()
    const go = sc('go.o', ['g', 'o'])
    const dispose = s.register(go)

    const g = key('g')
    expect(s.handle(g.e, 1000)).toBe(true)
    expect(g.prevented()).toBe(true)
    expect(s.handle(key('o').e, 1500)).toBe(true)
    expect(go.run).toHaveBeenCalledTimes(1)

    s.handle(key('g').e, 2000)
    expect(s.handle(key('o').e, 2000 + SEQUENCE_TIMEOUT_MS + 1)).toBe(false)
    expect(go.run).toHaveBeenCalledTimes(1)

    dispose()
    s.handle(key('g').e, 9000)
    expect(s.handle(key('o').e, 9001)).toBe(false)
    expect(go.run).toHaveBeenCalledTimes(1)
  })

  it('leaves typing, modified keys and keys others handled alone', () => {
    createTestApp()
    const s = useShortcutsStore()
    const help = sc('help', ['?'])
    s.register(help)
    expect(
      s.handle(key('?', { target: { tagName: 'INPUT', type: 'text' } as unknown as EventTarget }).e),
    ).toBe(false)
    expect(s.handle(key('?', { ctrlKey: true }).e)).toBe(false)
    expect(s.handle(key('?', { defaultPrevented: true }).e)).toBe(false)
    expect(help.run).not.toHaveBeenCalled()
    expect(s.handle(key('?').e)).toBe(true)
    expect(help.run).toHaveBeenCalledTimes(1)
  })

  it('replaces a shortcut registered again under the same id', () => {
    createTestApp()
    const s = useShortcutsStore()
    s.register(sc('ack', ['a']))
    const second = sc('ack', ['a'])
    s.register(second)
    expect(s.shortcuts).toHaveLength(1)
    s.handle(key('a').e)
    expect(second.run).toHaveBeenCalledTimes(1)
  })
})
