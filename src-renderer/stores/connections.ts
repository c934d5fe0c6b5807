import { messageOf } from '../../src-shared/result'
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { ConnectionTestReport, ConnectionView, SecretStatus } from '../../src-shared/ipc/contract'
import { useClient } from '../api'

/** The connection as `connections:save` takes it, from what `connections:list` shows (no secret, ever). */
export function rawFromView(view: ConnectionView, secretEnv: string | null = null): Record<string, unknown> {
  const raw: Record<string, unknown> = {
    id: view.id,
    label: view.label,
    provider: view.provider,
    // The number the user asked for: the config raises it to the vendor's minimum again and keeps explaining why.
    pollSeconds: view.requestedPollSeconds ?? view.pollSeconds,
    enabled: view.enabled,
    options: view.options,
  }
  if (view.baseUrl !== null) raw.baseUrl = view.baseUrl
  if (view.username !== null) raw.username = view.username
  if (secretEnv !== null) raw.secretEnv = secretEnv
  if (view.businessDay) {
    raw.businessDay =
      view.businessDay.timeZone === null
        ? { start: view.businessDay.start }
        : { start: view.businessDay.start, timeZone: view.businessDay.timeZone }
  }
  // What the user set beside the vendor's fields stays when the connection is switched on or off.
  if (Object.keys(view.queueMedia).length > 0) raw.queueMedia = view.queueMedia
  if (view.teamNames && Object.keys(view.teamNames).length > 0) raw.teamNames = view.teamNames
  if (view.consoleUrls && Object.keys(view.consoleUrls).length > 0) raw.consoleUrls = view.consoleUrls
  if (Object.keys(view.targets).length > 0) raw.targets = view.targets
  return raw
}

/**
 * The configured connections (`connections:list`, kept current by `connections:changed`) and every change to
 * them. Secrets go one way: they are passed to main on save, test and set, and never come back; what the list
 * knows is only where each one is kept.
 */
export const useConnectionsStore = defineStore('connections', () => {
  const client = useClient()

  const list = shallowRef<ConnectionView[]>([])
  const loaded = ref(false)
  const loading = ref(false)
  const loadError = ref<string | null>(null)

  const byId = computed(() => new Map(list.value.map((c) => [c.id, c])))
  const ids = computed(() => list.value.map((c) => c.id))

  async function load(): Promise<void> {
    loading.value = true
    try {
      list.value = await client.invoke('connections:list', null)
      loadError.value = null
      loaded.value = true
    } catch (err) {
      loadError.value = messageOf(err)
    } finally {
      loading.value = false
    }
  }

  /** Follow `connections:changed` and load the list; returns the disposer. */
  function start(): () => void {
    const off = client.on('connections:changed', (payload) => {
      list.value = payload.connections
      loaded.value = true
    })
    const offLink = client.link.onChange((status) => {
      // Changes made while the link was down were not heard: ask again.
      if (status.state === 'open') void load()
    })
    void load()
    return () => {
      off()
      offLink()
    }
  }

  function replace(view: ConnectionView): void {
    const next = list.value.filter((c) => c.id !== view.id)
    const at = list.value.findIndex((c) => c.id === view.id)
    next.splice(at < 0 ? next.length : at, 0, view)
    list.value = next
  }

  /**
   * ConnectionView leaves out `secretEnv` (a headless config's "take the secret from this variable"); the
   * exported config has it, so a save keeps it instead of silently dropping it.
   */
  async function secretEnvOf(id: string): Promise<string | null> {
    if (!byId.value.has(id)) return null
    const { text } = await client.invoke('config:export', null)
    try {
      const file = JSON.parse(text) as { connections?: { id?: unknown; secretEnv?: unknown }[] }
      const entry = file.connections?.find((c) => c.id === id)
      return typeof entry?.secretEnv === 'string' ? entry.secretEnv : null
    } catch {
      return null
    }
  }

  /** Add or replace a connection; `secret` (when typed) goes to the keychain, or memory with `sessionOnly`. */
  async function save(
    connection: Record<string, unknown>,
    secret?: string,
    sessionOnly = false,
  ): Promise<ConnectionView> {
    const args: { connection: Record<string, unknown>; secret?: string; sessionOnly?: boolean } = {
      connection,
    }
    if (secret !== undefined && secret !== '') {
      args.secret = secret
      args.sessionOnly = sessionOnly
    }
    const view = await client.invoke('connections:save', args)
    replace(view)
    return view
  }

  async function setEnabled(view: ConnectionView, enabled: boolean): Promise<ConnectionView> {
    const secretEnv = await secretEnvOf(view.id)
    return save({ ...rawFromView(view, secretEnv), enabled })
  }

  /**
   * Set the supervisor's service-level target of one queue or chat room (`null` removes it), through `targets:set`;
   * main checks the values and names what is wrong (src-shared/targets.ts).
   */
  async function setTarget(
    connection: string,
    id: string,
    target: Record<string, unknown> | null,
  ): Promise<ConnectionView> {
    const view = await client.invoke('targets:set', { connection, id, target })
    replace(view)
    return view
  }

  /** Remove the connection and its keychain entry. */
  async function remove(id: string): Promise<void> {
    await client.invoke('connections:remove', { id })
    list.value = list.value.filter((c) => c.id !== id)
  }

  /** One real poll with these values; without `secret`, main uses the stored one. */
  function test(connection: Record<string, unknown>, secret?: string): Promise<ConnectionTestReport> {
    return client.invoke(
      'connections:test',
      secret !== undefined && secret !== '' ? { connection, secret } : { connection },
    )
  }

  function patchSecret(status: SecretStatus): void {
    const view = byId.value.get(status.connection)
    if (view) replace({ ...view, secret: status.where })
  }

  async function deleteSecret(id: string): Promise<SecretStatus> {
    const status = await client.invoke('secrets:delete', { connection: id })
    patchSecret(status)
    return status
  }

  /** The whole config as JSON text, without secrets. */
  async function exportConfig(): Promise<string> {
    return (await client.invoke('config:export', null)).text
  }

  /** Replace connections and rules; an invalid file throws with its issues and changes nothing. */
  async function importConfig(text: string): Promise<{ connections: number; rules: number }> {
    const result = await client.invoke('config:import', { text })
    await load()
    return result
  }

  return {
    list,
    loaded,
    loading,
    loadError,
    byId,
    ids,
    load,
    start,
    secretEnvOf,
    save,
    setEnabled,
    remove,
    setTarget,
    test,
    deleteSecret,
    exportConfig,
    importConfig,
  }
})
