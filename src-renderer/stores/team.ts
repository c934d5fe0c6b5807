import { messageOf } from '../../src-shared/result'
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { TeamInfo, TeamSettingsView } from '../../src-shared/ipc/contract'
import { useClient } from '../api'
import { useAppStore } from './app'

export interface TeamForm {
  servers: string
  site: string
  user: string
  password: string
}

/**
 * Settings → Team (docs/TEAM.md §5): whether this board shows a team's site, whether the team server answers, and
 * joining or leaving (the desktop app; main checks the server, keeps the password in the keychain and restarts).
 * The team's state also lives in `app.info.team`, kept current here from `team:changed`, for the board's banner.
 */
export const useTeamStore = defineStore('team', () => {
  const client = useClient()
  const app = useAppStore()

  const view = shallowRef<TeamSettingsView | null>(null)
  const loadError = ref<string | null>(null)
  const busy = ref(false)
  const actionError = ref<string | null>(null)

  /** The team this board shows (from the settings view, else from app info), or null. */
  const team = computed<TeamInfo | null>(() => view.value?.team ?? app.info?.team ?? null)

  function setTeam(info: TeamInfo): void {
    if (view.value) view.value = { ...view.value, team: info }
    if (app.info) app.info = { ...app.info, team: info }
  }

  async function load(): Promise<void> {
    try {
      view.value = await client.invoke('team:status', null)
      loadError.value = null
    } catch (err) {
      loadError.value = messageOf(err)
    }
  }

  async function join(form: TeamForm): Promise<boolean> {
    busy.value = true
    actionError.value = null
    try {
      view.value = await client.invoke('team:join', { ...form })
      return true
    } catch (err) {
      actionError.value = messageOf(err)
      return false
    } finally {
      busy.value = false
    }
  }

  async function leave(): Promise<boolean> {
    busy.value = true
    actionError.value = null
    try {
      view.value = await client.invoke('team:leave', null)
      return true
    } catch (err) {
      actionError.value = messageOf(err)
      return false
    } finally {
      busy.value = false
    }
  }

  /** Follow `team:changed`; returns the disposer. */
  function start(): () => void {
    return client.on('team:changed', (info) => setTeam(info))
  }

  return { view, team, loadError, busy, actionError, load, join, leave, start }
})
