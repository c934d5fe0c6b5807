import { computed, type ComputedRef } from 'vue'
import { useI18n } from 'vue-i18n'
import type { ConnectionStatus } from '../../src-shared/live'
import { useLiveStore } from '../stores/live'
import { useWaitLinesStore } from '../stores/wait-lines'

/**
 * What a headline figure can vouch for: `fresh` (every connection that fed it is fresh), `stale` (some fed it old
 * numbers: counted in words, "3 of 5 connections stale"), `none` (nothing fed it: shown as "—", never 0, with why).
 */
export interface FigureTruth {
  state: 'fresh' | 'stale' | 'none'
  /** The words beside the figure; null when fresh. */
  text: string | null
  /** Ids of the connections that fed the figure. */
  fedBy: string[]
}

function isOld(c: ConnectionStatus): boolean {
  return c.stale || c.state === 'stale' || c.state === 'paused'
}

/** The truth of a figure fed by `fedBy` (connection ids), as the board's link and those connections stand now. */
export function useFigureTruth(fedBy: () => readonly string[]): ComputedRef<FigureTruth> {
  const { t } = useI18n()
  const live = useLiveStore()
  return computed<FigureTruth>(() => {
    const ids = [...new Set(fedBy())]
    const list = live.connectionList
    if (ids.length === 0) {
      let why: string
      if (list.length === 0) why = t('truth.noConnections')
      else if (live.link.state === 'lost') why = t('truth.linkLost')
      else if (list.every((c) => c.lastOkAt === null && c.state === 'offline')) why = t('truth.offlineNoData')
      else if (list.every((c) => c.lastOkAt === null)) why = t('truth.noDataYet')
      else why = t('truth.noSource')
      return { state: 'none', text: why, fedBy: [] }
    }
    // Without the link nothing on screen is current, however fresh it was when it came.
    if (live.link.state === 'lost') return { state: 'stale', text: t('truth.linkLost'), fedBy: ids }
    const feeders = ids.map((id) => live.connection(id)).filter((c): c is ConnectionStatus => c !== undefined)
    const old = feeders.filter(isOld)
    if (old.length === 0) return { state: 'fresh', text: null, fedBy: ids }
    const allPaused = old.every((c) => c.state === 'paused')
    return {
      state: 'stale',
      text: allPaused
        ? t('truth.paused', { k: old.length, n: feeders.length })
        : t('truth.stale', { k: old.length, n: feeders.length }),
      fedBy: ids,
    }
  })
}

/** The connections behind the live waiting figures (queues and rooms that are not backlogs) and the agent figures. */
export function useHeadlineSources() {
  const live = useLiveStore()
  const waits = useWaitLinesStore()
  const liveLines = computed(() => waits.lines.filter((l) => !l.backlog))
  return {
    waiting: () => liveLines.value.map((l) => l.connection),
    /** Connections whose agents have a live state (an agent in `unknown` state tells nothing about now). */
    agents: () => live.agents.filter((a) => a.state !== 'unknown').map((a) => a.connection),
  }
}
