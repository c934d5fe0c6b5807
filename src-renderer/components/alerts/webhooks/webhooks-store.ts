import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { WebhookTestResult, WebhookView } from '../../../../src-shared/ipc/contract'
import { messageOf } from '../../../../src-shared/result'
import { useClient } from '../../../api'

/**
 * Alerts → Settings → Webhooks (docs/ARCHITECTURE.md §3.6): the outgoing webhooks escalation ladders post to, through
 * the `webhooks:*` channels. Main never sends a URL back, only where it is kept and its scheme and host; a URL typed
 * here travels inwards once, on save. Shared by the settings section and the ladder editors (which pick a webhook
 * by name).
 */
export const useWebhooksStore = defineStore('webhooks', () => {
  const client = useClient()
  /** null until loaded. */
  const list = shallowRef<WebhookView[] | null>(null)
  const loadError = ref<string | null>(null)
  const loading = ref(false)

  async function load(): Promise<void> {
    loading.value = true
    try {
      list.value = await client.invoke('webhooks:list', null)
      loadError.value = null
    } catch (err) {
      loadError.value = messageOf(err)
    } finally {
      loading.value = false
    }
  }

  /** Load once (the ladder editors): the settings section reloads itself when shown. */
  async function ensure(): Promise<void> {
    if (list.value === null && !loading.value) await load()
  }

  /** Add or change a webhook; `url` (when typed) replaces the stored one. Throws BridgeCallError. */
  async function save(
    webhook: Record<string, unknown>,
    url: string | null,
    sessionOnly: boolean,
  ): Promise<WebhookView> {
    const args: { webhook: Record<string, unknown>; url?: string; sessionOnly?: boolean } = { webhook }
    if (url !== null) {
      args.url = url
      if (sessionOnly) args.sessionOnly = true
    }
    const view = await client.invoke('webhooks:save', args)
    const current = list.value ?? []
    list.value = current.some((w) => w.id === view.id)
      ? current.map((w) => (w.id === view.id ? view : w))
      : [...current, view]
    return view
  }

  async function remove(id: string): Promise<void> {
    await client.invoke('webhooks:remove', { id })
    list.value = (list.value ?? []).filter((w) => w.id !== id)
  }

  function test(id: string): Promise<WebhookTestResult> {
    return client.invoke('webhooks:test', { id })
  }

  /** Bumped to bring the Webhooks section into view (a ladder's "manage webhooks"); the section follows it. */
  const focusSeq = ref(0)
  function requestFocus(): void {
    focusSeq.value++
  }

  return { list, loadError, loading, load, ensure, save, remove, test, focusSeq, requestFocus }
})
