import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import type { AlertSeverity } from '../../src-shared/alerts'
import {
  decideNotifications,
  observeAlerts,
  rememberMarks,
  type ObservedAlert,
} from '../../src-shared/notify-policy'
import { buildGroup, textAlertOf, type NotificationGroup, type TextAlert } from '../../src-shared/notify-text'
import { useAlertsStore } from './alerts'
import { useAppStore } from './app'
import { useClockStore } from './clock'
import { hashFor } from '../router'
import { loadObject, saveObject } from './local-storage'

export const ATTENTION_STORAGE_KEY = 'floorwalker.attention.v1'

/** Whether this browser may show notifications: the Notification API's answer, or `unsupported`. */
export type NotifyPermission = 'default' | 'granted' | 'denied' | 'unsupported'

/** The browser's Notification API, where it has one (absent in old browsers, some kiosks and tests). */
function notificationApi(): typeof Notification | null {
  return typeof Notification === 'undefined' ? null : Notification
}

/**
 * How a board served to a browser (the headless runner's --serve: a laptop, a TV) calls for attention, as the
 * desktop app does through main: the critical sound (after the browser's first user gesture, with the per-browser
 * sound switch of the alerts store), notifications through the Notification API (asked for only on a user's
 * click, grouped per severity like the desktop's: "3 queues breaching"), and the number of firing alerts in the
 * tab's title and on its icon. One repeat policy for all (src-shared/notify-policy.ts), applied here to the list
 * main sends, remembering what this browser told. In the desktop app main does all of this (OS notifications,
 * the tray, `alerts:sound`), so this does nothing there: a board never tells twice.
 */
export const useAttentionStore = defineStore('attention', () => {
  const alerts = useAlertsStore()
  const app = useAppStore()
  const clock = useClockStore()

  /** A browser board: this store's job. The desktop app (main tells) or an unknown shell: nothing. */
  const served = computed(() => app.info?.shell === 'web')

  const stored = loadObject(ATTENTION_STORAGE_KEY) ?? {}
  const permission = ref<NotifyPermission>(notificationApi()?.permission ?? 'unsupported')
  /** This browser's own choice, once the browser allows notifications (a TV may want the sound only). */
  const notificationsOn = ref(stored.notificationsOn !== false)
  /** The page has had a user gesture, so the browser lets it play sound (Chromium's sticky activation). */
  const activated = ref(pageActivated())
  /** Notifications shown and not yet closed, one per severity (a newer one replaces it, as its tag says). */
  const shown = new Map<AlertSeverity, Notification>()
  /** What this browser told, per alert. */
  const memory = new Map<string, ObservedAlert>()
  /** Main's clock when this board first saw the list: alerts firing before were announced then. */
  let openedAt: number | null = null
  /** The last group told per severity, for the page (and tests) to show what was sent. */
  const lastGroups = ref<NotificationGroup[]>([])

  /** Firing alerts: the number in the title and on the icon (the same count as the Alerts badge in the nav). */
  const count = computed(() => alerts.firing.length)
  const worst = computed<AlertSeverity | null>(() =>
    alerts.firing.some((a) => a.severity === 'critical')
      ? 'critical'
      : alerts.firing.length > 0
        ? 'warning'
        : null,
  )

  function saveChoice(): void {
    saveObject(ATTENTION_STORAGE_KEY, { notificationsOn: notificationsOn.value })
  }

  /** Ask the browser for notifications; call it from a click (browsers ignore or block requests without one). */
  async function askNotifications(): Promise<NotifyPermission> {
    const api = notificationApi()
    if (!api) return (permission.value = 'unsupported')
    activated.value = true
    try {
      permission.value = await api.requestPermission()
    } catch {
      // An old browser's callback-only requestPermission, or a kiosk that refuses: read what it decided.
      permission.value = api.permission
    }
    if (permission.value === 'granted') {
      notificationsOn.value = true
      saveChoice()
    }
    return permission.value
  }

  function setNotificationsOn(on: boolean): void {
    notificationsOn.value = on
    saveChoice()
  }

  function show(group: NotificationGroup): void {
    lastGroups.value = [...lastGroups.value.filter((g) => g.severity !== group.severity), group]
    const api = notificationApi()
    if (!api || permission.value !== 'granted' || !notificationsOn.value) return
    try {
      shown.get(group.severity)?.close()
      const n = new api(group.title, {
        body: group.body,
        // One per severity on screen, as the desktop shows them; the sound is ours, with its repeat policy.
        tag: `floorwalker-${group.severity}`,
        requireInteraction: group.severity === 'critical',
        silent: true,
        data: { alerts: group.alerts },
      })
      n.onclick = () => {
        window.focus()
        alerts.focus(group.focus.alert)
        // The board's router follows the hash (back, forward and bookmarks work the same way).
        window.location.hash = hashFor('alerts')
        n.close()
      }
      n.onclose = () => {
        if (shown.get(group.severity) === n) shown.delete(group.severity)
      }
      shown.set(group.severity, n)
    } catch {
      // Chromium on Android allows notifications only from a service worker: the board still shows the alert.
      permission.value = 'unsupported'
    }
  }

  /** One pass of the policy at main's time `now`: tell what is due, sound what is due. */
  function evaluate(now: number): void {
    const list = alerts.list
    if (!served.value || list === null) return
    openedAt ??= list.now
    const rules = list.rules.map((r) => ({ id: r.rule, notify: r.notify, soundRepeat: r.soundRepeat }))
    const decision = decideNotifications(
      observeAlerts(memory, list.active, openedAt),
      rules,
      alerts.prefs.soundRepeat,
      now,
    )
    rememberMarks(memory, decision.marks)
    const byId = new Map(list.active.map((a) => [a.id, a]))
    const ruleOf = new Map(list.rules.map((r) => [r.rule, r]))
    for (const severity of ['critical', 'warning'] as const) {
      const items = decision.notify[severity].flatMap((id): TextAlert[] => {
        const a = byId.get(id)
        if (!a) return []
        const rule = ruleOf.get(a.rule)
        return [textAlertOf(a, { state: rule?.agentState ?? null, op: rule?.op ?? '>' })]
      })
      const group = buildGroup(severity, items, alerts.prefs.notificationDetail)
      if (group) show(group)
    }
    if (decision.sound) alerts.playSound()
  }

  /** Follow the alert list and the clock (a repeating sound is due with time); returns the disposer. */
  function start(): () => void {
    const onGesture = (): void => {
      activated.value = true
      if (!alerts.soundBlocked) return
      // The browser refused a sound before this first gesture: it is owed while a critical alert still fires
      // unacknowledged (and plays now, which also clears the "blocked" note); otherwise there is nothing to play.
      alerts.soundBlocked = false
      if (served.value && alerts.firing.some((a) => a.severity === 'critical' && a.ack === null))
        alerts.playSound()
    }
    // Bubbling, so a control's own click handler still sees the page as it was before this first gesture.
    window.addEventListener('click', onGesture)
    window.addEventListener('keydown', onGesture)
    const stops = [
      watch(
        () => alerts.list,
        () => evaluate(clock.now),
      ),
      watch(
        () => clock.now,
        (now) => evaluate(now),
      ),
      watch(
        () => served.value,
        (on) => {
          if (on) evaluate(clock.now)
        },
      ),
    ]
    return () => {
      for (const stop of stops.splice(0)) stop()
      window.removeEventListener('click', onGesture)
      window.removeEventListener('keydown', onGesture)
      for (const n of shown.values()) n.close()
      shown.clear()
    }
  }

  return {
    served,
    permission,
    notificationsOn,
    activated,
    count,
    worst,
    lastGroups,
    askNotifications,
    setNotificationsOn,
    evaluate,
    start,
  }
})

/** Whether the user has interacted with this page yet (browsers allow sound only after that). */
function pageActivated(): boolean {
  const nav = typeof navigator === 'undefined' ? undefined : navigator
  const activation = (nav as { userActivation?: { hasBeenActive: boolean } } | undefined)?.userActivation
  return activation?.hasBeenActive ?? false
}
