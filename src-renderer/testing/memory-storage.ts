import { afterEach, beforeEach } from 'vitest'

/**
 * A Map-backed localStorage for store tests under plain Node (which has none): installed empty before each test
 * of the suite it is called in, removed after. The Map is returned, so a test can seed what is stored or read it.
 */
export function useMemoryStorage(): Map<string, string> {
  const memory = new Map<string, string>()
  const storage = {
    getItem: (k: string) => memory.get(k) ?? null,
    setItem: (k: string, v: string) => void memory.set(k, v),
    removeItem: (k: string) => void memory.delete(k),
    clear: () => memory.clear(),
    key: () => null,
    length: 0,
  } as Storage
  beforeEach(() => {
    memory.clear()
    globalThis.localStorage = storage
  })
  afterEach(() => {
    Reflect.deleteProperty(globalThis, 'localStorage')
  })
  return memory
}
