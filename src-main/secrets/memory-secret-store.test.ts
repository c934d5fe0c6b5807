import { describe, expect, it } from 'vitest'
import { MemorySecretStore } from './memory-secret-store'

describe('MemorySecretStore', () => {
  it('sets, reads, overwrites and deletes per account', async () => {
    const s = new MemorySecretStore()
    expect(await s.get('a')).toBeNull()
    expect(await s.has('a')).toBe(false)
    await s.set('a', 'one')
    await s.set('b', 'two')
    await s.set('a', 'three')
    expect(await s.get('a')).toBe('three')
    expect(await s.get('b')).toBe('two')
    expect(await s.delete('a')).toBe(true)
    expect(await s.delete('a')).toBe(false)
    expect(await s.has('a')).toBe(false)
    s.clear()
    expect(await s.has('b')).toBe(false)
  })
})
