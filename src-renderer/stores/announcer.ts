import { defineStore } from 'pinia'
import { ref } from 'vue'

export type Politeness = 'polite' | 'assertive'

/**
 * The board's screen-reader voice: one polite and one assertive aria-live region (LiveAnnouncer.vue). Anything
 * that should be heard without moving focus — a new urgent message, a connection problem, an alert — calls
 * `announce`. The same text twice in a row is still read (the region is cleared first).
 */
export const useAnnouncerStore = defineStore('announcer', () => {
  const polite = ref('')
  const assertive = ref('')
  /** The last few announcements, newest last (for tests and for a future history view). */
  const recent = ref<{ text: string; politeness: Politeness }[]>([])

  function announce(text: string, politeness: Politeness = 'polite'): void {
    const target = politeness === 'assertive' ? assertive : polite
    target.value = ''
    recent.value = [...recent.value.slice(-19), { text, politeness }]
    // A change of content is what screen readers announce: clear now, set on the next task.
    setTimeout(() => {
      target.value = text
    }, 50)
  }

  return { polite, assertive, recent, announce }
})
