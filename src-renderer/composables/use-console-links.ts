import { computed, type MaybeRefOrGetter, toValue } from 'vue'
import { buildConsoleUrl, type ConsoleTarget } from '../../src-shared/console-links'
import { PROVIDER_DESCRIPTORS } from '../../src-shared/providers'
import { useConnectionsStore } from '../stores/connections'

const started = new WeakSet<object>()

/**
 * The link to a vendor's console for an agent, queue, chat room or the console's home (src-shared/console-links.ts):
 * built from the connection's templates in effect (`connections:list` → `consoleLinks`), or null where the vendor
 * has none. The connection list is loaded once for the whole board, the first time a link is asked for.
 */
export function useConsoleLink(
  what: MaybeRefOrGetter<{
    connection: string
    target: ConsoleTarget
    id?: string | null
    name?: string | null
  }>,
) {
  const connections = useConnectionsStore()
  if (!started.has(connections)) {
    started.add(connections)
    // For the board's lifetime: every view may show links, and the list follows connections:changed.
    connections.start()
  }
  const connection = computed(() => connections.byId.get(toValue(what).connection) ?? null)
  const url = computed(() => {
    const w = toValue(what)
    const c = connection.value
    if (!c) return null
    return buildConsoleUrl(c.consoleLinks?.[w.target], w.target, {
      baseUrl: c.baseUrl,
      username: c.username,
      id: w.id ?? null,
      name: w.name ?? null,
    })
  })
  const vendor = computed(() => {
    const c = connection.value
    return c ? PROVIDER_DESCRIPTORS[c.provider].label : ''
  })
  return { url, vendor }
}
