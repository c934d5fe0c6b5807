import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'

/** How long the second key of a sequence (the "o" of "g o") may follow the first, ms. */
export const SEQUENCE_TIMEOUT_MS = 1_500

export type ShortcutGroup = 'navigation' | 'actions' | 'general'

export interface Shortcut {
  /** Unique id; registering the same id again replaces the shortcut. */
  id: string
  /** Keys pressed one after another, as KeyboardEvent.key: ['g', 'o'], ['/'], ['?']. */
  keys: string[]
  group: ShortcutGroup
  /** What it does, in the UI language (called when the help dialog shows it). */
  label: () => string
  run: () => void
  /** Inactive while this returns false (e.g. an action only the Alerts view offers). */
  enabled?: () => boolean
}

/**
 * Match one key press against the shortcuts, given the keys pressed so far in a sequence. Returns the shortcut
 * to run (if the sequence is complete) and the sequence to remember (a prefix of some longer shortcut, else []).
 */
export function matchKey(
  pending: readonly string[],
  key: string,
  shortcuts: readonly Shortcut[],
): { run: Shortcut | null; pending: string[] } {
  const active = shortcuts.filter((s) => s.enabled?.() ?? true)
  const attempt = (seq: string[]): { run: Shortcut | null; pending: string[] } | null => {
    const exact = active.find((s) => s.keys.length === seq.length && s.keys.every((k, i) => k === seq[i]))
    if (exact) return { run: exact, pending: [] }
    const prefix = active.some((s) => s.keys.length > seq.length && seq.every((k, i) => s.keys[i] === k))
    return prefix ? { run: null, pending: seq } : null
  }
  // A key that does not continue the sequence may start a new one.
  return attempt([...pending, key]) ?? (pending.length ? attempt([key]) : null) ?? { run: null, pending: [] }
}

/** Typing in a field is typing, not a shortcut. */
export function isEditable(target: EventTarget | null): boolean {
  if (!target || typeof (target as HTMLElement).tagName !== 'string') return false
  const el = target as HTMLElement
  const tag = el.tagName.toLowerCase()
  if (tag === 'textarea' || tag === 'select') return true
  if (tag === 'input') {
    const type = (el as HTMLInputElement).type
    return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color'].includes(type)
  }
  return el.isContentEditable
}

/**
 * The keyboard shortcut registry. Views and features register their shortcuts (and get a disposer back); one
 * keydown listener (installed by the board) runs them; the help dialog ("?") lists whatever is registered.
 */
export const useShortcutsStore = defineStore('shortcuts', () => {
  const shortcuts = shallowRef<Shortcut[]>([])
  const helpOpen = ref(false)
  let pending: string[] = []
  let pendingAt = 0

  function register(shortcut: Shortcut): () => void {
    shortcuts.value = [...shortcuts.value.filter((s) => s.id !== shortcut.id), shortcut]
    return () => {
      shortcuts.value = shortcuts.value.filter((s) => s !== shortcut)
    }
  }

  /** Handle a keydown; true when it was a shortcut (or the start of one) and the default was prevented. */
  function handle(event: KeyboardEvent, now = Date.now()): boolean {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing)
      return false
    if (isEditable(event.target)) return false
    if (now - pendingAt > SEQUENCE_TIMEOUT_MS) pending = []
    const result = matchKey(pending, event.key, shortcuts.value)
    pending = result.pending
    pendingAt = now
    if (!result.run && pending.length === 0) return false
    event.preventDefault()
    result.run?.run()
    return true
  }

  /** Listen on `target` (the window); returns the disposer. */
  function listen(target: Window): () => void {
    const onKeydown = (e: KeyboardEvent): void => void handle(e)
    target.addEventListener('keydown', onKeydown)
    return () => target.removeEventListener('keydown', onKeydown)
  }

  return { shortcuts, helpOpen, register, handle, listen }
})
