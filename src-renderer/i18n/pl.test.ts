import { describe, expect, it } from 'vitest'
import { createAppI18n, polishPlural } from './index'

/** Every leaf key of a messages object, as dotted paths. */
function leafKeys(messages: unknown, prefix = ''): string[] {
  if (typeof messages !== 'object' || messages === null) return [prefix]
  return Object.entries(messages as Record<string, unknown>).flatMap(([k, v]) =>
    leafKeys(v, prefix ? `${prefix}.${k}` : k),
  )
}

/** The distinct `{name}` placeholders of a message (plural forms repeat them). */
function placeholders(message: string): string[] {
  return [...new Set([...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? ''))].sort()
}

function at(messages: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], messages)
}

describe('Polish messages', () => {
  // The messages as the app registers them, so keys merged in from other files (en-connections, en-board) count.
  const i18n = createAppI18n()
  const en = i18n.global.getLocaleMessage('en')
  const pl = i18n.global.getLocaleMessage('pl')

  it('translate every English key', () => {
    const missing = leafKeys(en).filter((k) => typeof at(pl, k) !== 'string')
    expect(missing).toEqual([])
  })

  it('have no keys English does not have', () => {
    const extra = leafKeys(pl).filter((k) => typeof at(en, k) !== 'string')
    expect(extra).toEqual([])
  })

  it('use the same placeholders as English', () => {
    const differ = leafKeys(en).filter((k) => {
      const e = at(en, k)
      const p = at(pl, k)
      return (
        typeof e === 'string' && typeof p === 'string' && placeholders(e).join() !== placeholders(p).join()
      )
    })
    expect(differ).toEqual([])
  })

  it('pick Polish plural forms: one, few, many', () => {
    const forms = [1, 2, 3, 4, 5, 11, 12, 14, 21, 22, 25, 101, 102, 112].map((n) => polishPlural(n, 3))
    expect(forms).toEqual([0, 1, 1, 1, 2, 2, 2, 2, 2, 1, 2, 2, 1, 2])
    expect([0, 1, 2, 5].map((n) => polishPlural(n, 4))).toEqual([0, 1, 2, 3])
    expect([1, 2].map((n) => polishPlural(n, 2))).toEqual([0, 1])
  })

  it('format plurals in Polish through vue-i18n', () => {
    const { t } = createAppI18n('pl').global
    expect(t('connection.queues', { n: 1 }, 1)).toBe('1 kolejka')
    expect(t('connection.queues', { n: 3 }, 3)).toBe('3 kolejki')
    expect(t('connection.queues', { n: 5 }, 5)).toBe('5 kolejek')
    expect(t('connection.queues', { n: 22 }, 22)).toBe('22 kolejki')
    expect(t('header.allOk', { n: 0 }, 0)).toBe('Brak połączeń')
    expect(t('header.allOk', { n: 3 }, 3)).toBe('Wszystkie 3 połączenia OK')
    expect(t('header.allOk', { n: 7 }, 7)).toBe('Wszystkie 7 połączeń OK')
  })
})
