import { messageOf } from '../../src-shared/result'
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { AppInfo } from '../../src-shared/ipc/contract'
import { useClient } from '../api'
import { useLiveStore } from './live'

/** What the app is (Electron or a browser, read-only or not, preferences) and the few app-wide actions. */
export const useAppStore = defineStore('app', () => {
  const client = useClient()
  const live = useLiveStore()

  const info = shallowRef<AppInfo | null>(null)
  const actionError = ref<string | null>(null)
  const busy = ref(false)

  /** A web client without a token may only look; until told otherwise, assume it may not change anything. */
  const readOnly = computed(() => info.value?.readOnly ?? live.link.readOnly ?? true)
  const theme = computed(() => info.value?.prefs.theme ?? 'system')
  const language = computed(() => info.value?.prefs.language ?? 'en')

  async function load(): Promise<void> {
    try {
      info.value = await client.invoke('app:info', null)
    } catch {
      // Without app info the board still works: read-only, system theme, English.
    }
  }

  async function setPaused(paused: boolean): Promise<void> {
    busy.value = true
    actionError.value = null
    try {
      await client.invoke('polling:setPaused', { paused })
      live.paused = paused
    } catch (err) {
      actionError.value = messageOf(err)
    } finally {
      busy.value = false
    }
  }

  return { info, readOnly, theme, language, actionError, busy, load, setPaused }
})
