import { nextTick, onBeforeUnmount, onMounted, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import { useRoute, useRouter } from 'vue-router'
import { useClient } from '../api'
import type { ViewId } from '../router'
import { useAnnouncerStore } from '../stores/announcer'
import { useAppStore } from '../stores/app'
import { useCatchUpStore } from '../stores/catch-up'
import { useConnectivityStore } from '../stores/connectivity'
import { useLiveStore } from '../stores/live'
import { useMessagesStore } from '../stores/messages'
import { useShortcutsStore } from '../stores/shortcuts'
import { useStateLimitsStore } from '../stores/state-limits'
import { useTeamStore } from '../stores/team'
import { useWallboardStore } from '../stores/wallboard'

/** Views with a "g <key>" shortcut. */
const GO_KEYS: [string, ViewId][] = [
  ['o', 'overview'],
  ['a', 'agents'],
  ['q', 'queues'],
  ['m', 'messages'],
  ['c', 'connections'],
  ['r', 'report'],
]

/**
 * What the board runs for as long as it is open, beside the views: catch-up notices, the keyboard shortcuts and
 * their one listener, the agents' time-in-state limits from the alert rules, and the screen-reader announcements
 * of new urgent messages and connection problems.
 */
export function useBoardServices(): void {
  const { t } = useI18n()
  const client = useClient()
  const live = useLiveStore()
  const route = useRoute()
  const router = useRouter()
  const shortcuts = useShortcutsStore()
  const wallboard = useWallboardStore()
  const announcer = useAnnouncerStore()
  const messages = useMessagesStore()
  const connectivity = useConnectivityStore()
  const catchUp = useCatchUpStore()
  const app = useAppStore()
  const limits = useStateLimitsStore()
  const team = useTeamStore()

  const viewLabel = (view: ViewId): string =>
    view === 'connections'
      ? t('connections.nav')
      : view === 'report'
        ? t('report.nav')
        : t(`nav.${view as Exclude<ViewId, 'connections' | 'report'>}`)

  function focusSearch(): void {
    const find = () => document.querySelector<HTMLInputElement>('main [data-shortcut="search"]')
    const here = find()
    if (here) {
      here.focus()
      here.select()
      return
    }
    // The field is there once the Agents view (its own chunk) has loaded and rendered.
    void router
      .push({ name: 'agents' })
      .then(() => nextTick())
      .then(() => find()?.focus())
  }

  // Agents' time-in-state limits come from the alert rules where main lets this board read them.
  let rulesSignature = ''
  watch(
    () => app.info !== null && !app.readOnly,
    (canRead) => {
      if (canRead) void limits.load()
    },
    { immediate: true },
  )

  const disposers: (() => void)[] = []
  onMounted(() => {
    disposers.push(
      catchUp.start(),
      // A team board's server comes and goes: the banner and Settings → Team follow it.
      team.start(),
      shortcuts.listen(window),
      // Rules change from the Alerts view and by import: reload the limits when the list of rules changes.
      client.on('alerts:changed', (list) => {
        const signature = list.rules.map((r) => `${r.rule}:${r.name}:${r.state === 'disabled'}`).join('|')
        if (signature !== rulesSignature && !app.readOnly) {
          rulesSignature = signature
          void limits.load()
        }
      }),
      ...GO_KEYS.map(([key, view]) =>
        shortcuts.register({
          id: `go.${view}`,
          keys: ['g', key],
          group: 'navigation',
          label: () => t('shortcuts.goTo', { view: viewLabel(view) }),
          run: () => void router.push({ name: view }),
        }),
      ),
      shortcuts.register({
        id: 'search',
        keys: ['/'],
        group: 'general',
        label: () => t('shortcuts.search'),
        run: focusSearch,
      }),
      shortcuts.register({
        id: 'help',
        keys: ['?'],
        group: 'general',
        label: () => t('shortcuts.help'),
        run: () => (shortcuts.helpOpen = true),
      }),
      shortcuts.register({
        id: 'wallboard',
        keys: ['w'],
        group: 'general',
        label: () => t('shortcuts.wallboard'),
        run: () => void (route.name === 'wallboard' ? wallboard.exit() : wallboard.enter()),
      }),
      shortcuts.register({
        id: 'wallboard.exit',
        keys: ['Escape'],
        group: 'general',
        label: () => t('shortcuts.leaveWallboard'),
        enabled: () => route.name === 'wallboard',
        run: () => void wallboard.exit(),
      }),
    )
  })
  onBeforeUnmount(() => {
    for (const dispose of disposers.splice(0).reverse()) dispose()
  })

  // New messages, heard without looking: urgent ones interrupt, others wait their turn. What is there when the
  // board first loads is not "new".
  let known: Set<string> | null = null
  watch(
    () => (live.seq === null ? null : messages.all),
    (list) => {
      if (list === null) return
      const keys = new Set(list.map((m) => m.key))
      if (known === null) {
        known = keys
        return
      }
      for (const m of list) {
        if (known.has(m.key) || messages.isRead(m.key)) continue
        const sender = m.senderName ?? m.senderLogin ?? t('messages.unknownSender')
        if (m.urgent) announcer.announce(t('announce.urgentMessage', { sender, text: m.text }), 'assertive')
        else announcer.announce(t('announce.newMessage', { sender }), 'polite')
      }
      known = keys
    },
  )

  // Connection problems as they start, and the all-clear when they end.
  let previous: Map<string, Set<string>> | null = null
  watch(
    () => (live.seq === null ? null : connectivity.signature),
    (signature) => {
      if (signature === null) return
      const now = new Map(connectivity.problems.map((p) => [p.kind, new Set(p.connections.map((c) => c.id))]))
      const before = previous ?? new Map<string, Set<string>>()
      for (const p of connectivity.problems) {
        const fresh = p.connections.filter((c) => !before.get(p.kind)?.has(c.id))
        if (fresh.length === 0) continue
        // A pause is said once, calmly, for the whole board: it is a choice, not a problem per connection.
        if (p.kind === 'paused' && (before.get('paused')?.size ?? 0) > 0) continue
        const names = fresh.map((c) => c.label).join(', ')
        announcer.announce(
          t(`announce.problem.${p.kind}`, { names }),
          p.kind === 'offline' || p.kind === 'paused' ? 'polite' : 'assertive',
        )
      }
      const hadFailures = previous !== null && [...previous].some(([k, s]) => k !== 'paused' && s.size > 0)
      const wasPaused = (previous?.get('paused')?.size ?? 0) > 0
      if (hadFailures && now.size === 0) announcer.announce(t('announce.allClear'), 'polite')
      else if (wasPaused && !now.has('paused')) announcer.announce(t('announce.resumed'), 'polite')
      previous = now
    },
    { immediate: true },
  )
}
