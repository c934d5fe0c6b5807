/**
 * Alert latency (issue "Alerts": under 1 s): with the real clock, the time from the poll that crosses a threshold
 * (the adapter handing back the snapshot) to the Notifier's `notify` call. The poll carries a busy tenant (2,000
 * agents, 8 queues) and the default rule pack plus the rule that trips, so evaluation cost is included.
 *
 *   npx tsx bench/alert-latency.ts
 */
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import { alertPrefsOf, validateConfig } from '../src-shared/config'
import { DEFAULT_RULE_PACK } from '../src-shared/rules/default-pack'
import type { Agent, ProviderSnapshot, Queue } from '../src-shared/model'
import { blankAgent, blankQueue } from '../src-shared/model'
import type { NotificationGroup, Notifier } from '../src-main/core/alerts/notifier'
import { createAlertService } from '../src-main/core/alerts/service'
import { createMemoryAlertStore } from '../src-main/core/alerts/store'
import { createOfflineEngine } from '../src-main/core/testing/offline-engine'
import { memoryLogger } from '../src-main/core/runtime/logger'
import { systemClock } from '../src-main/core/runtime/system-clock'
import { percentile, type BenchResult } from './report'

const TRIALS = 30
const AGENTS = 2_000
const TARGET_MS = 1_000

function queueRow(id: string, waiting: number): Queue {
  return blankQueue(id, `Queue ${id}`, {
    media: 'voice',
    waiting,
    longestWaitSec: waiting * 10,
    agentsAvailable: 3,
    agentsBusy: 10,
    agentsWrapUp: 1,
    agentsNotReady: 1,
    agentsLoggedIn: 15,
    agentsLoggedOut: 0,
    serviceLevelPct: 90,
    serviceLevelTargetPct: 80,
  })
}

function agentRows(now: number): Agent[] {
  return Array.from({ length: AGENTS }, (_, i) =>
    blankAgent(`a${i}`, {
      name: `Agent ${i}`,
      state: i % 4 === 0 ? 'busy' : 'available',
      timeInStateSec: 30,
      stateSince: now - 30_000,
      media: 'voice',
      groupIds: [`g${i % 12}`],
      queueIds: [`q${i % 8}`],
    }),
  )
}

export async function benchAlertLatency(): Promise<BenchResult> {
  const r = validateConfig({
    connections: [{ id: 'bench', provider: 'simulator', pollSeconds: 60 }],
    rules: [
      ...DEFAULT_RULE_PACK,
      {
        id: 'trip',
        name: 'Bench trip',
        entity: 'queue',
        ids: ['q0'],
        field: 'waiting',
        op: '>',
        critical: 50,
        clearBelow: 10,
      },
    ],
  })
  if (!r.ok) throw new Error(JSON.stringify(r.issues))
  const config = r.config

  let waiting = 0
  let returnedAt = 0
  const engine = createOfflineEngine(systemClock, {
    random: Math.random,
    factories: {
      simulator: () => ({
        async poll() {
          const now = systemClock.now()
          const snapshot: ProviderSnapshot = {
            connection: 'bench',
            provider: 'simulator',
            asOf: now,
            health: 'ok',
            agents: agentRows(now),
            queues: Array.from({ length: 8 }, (_, i) => queueRow(`q${i}`, i === 0 ? waiting : 1)),
            chatRooms: [],
            chatMessages: [],
            metrics: [],
            warnings: [],
          }
          returnedAt = performance.now()
          return { ok: true, snapshot }
        },
      }),
    },
  })

  let onNotify: ((g: NotificationGroup) => void) | null = null
  const notifier: Notifier = {
    notify: (g) => onNotify?.(g),
    setTray: () => undefined,
    playSound: () => undefined,
  }
  const alerts = await createAlertService({
    engine,
    clock: systemClock,
    notifier,
    store: createMemoryAlertStore(),
    rules: () => config.rules,
    prefs: () => alertPrefsOf(config.prefs),
    log: memoryLogger(),
  })
  let onResolved: (() => void) | null = null
  alerts.events.subscribe((e) => {
    if (e.rule === 'trip' && e.state === 'resolved') onResolved?.()
  })
  engine.setConfig(config)
  engine.start()
  await new Promise<void>((res) => {
    const off = engine.onEvent((e) => {
      if (e.type === 'snapshot') {
        off()
        res()
      }
    })
  })

  const samples: number[] = []
  for (let i = 0; i < TRIALS; i++) {
    waiting = 60
    const notified = new Promise<number>((res) => {
      onNotify = (g) => {
        if (g.focus.rule === 'trip') res(performance.now())
      }
    })
    engine.refresh('bench')
    const at = await notified
    samples.push(at - returnedAt)
    waiting = 0
    const resolved = new Promise<void>((res) => (onResolved = res))
    engine.refresh('bench')
    await resolved
  }
  await alerts.dispose()
  await engine.dispose()

  const p50 = percentile(samples, 50)
  const p95 = percentile(samples, 95)
  const max = Math.max(...samples)
  return {
    name: 'alert latency',
    what: `poll that crosses a threshold → Notifier.notify, real clock, ${AGENTS} agents, ${config.rules.length} rules, ${TRIALS} crossings`,
    target: `< ${TARGET_MS} ms`,
    measured: `p50 ${p50.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms, max ${max.toFixed(2)} ms`,
    pass: max < TARGET_MS,
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = await benchAlertLatency()
  process.stdout.write(
    `${r.pass ? 'ok  ' : 'MISS'} ${r.name}: ${r.measured} (target ${r.target}; ${r.what})\n`,
  )
}
