/**
 * The shift report's side of main (docs/ARCHITECTURE.md §3.10): keeps the engine's latest snapshot per connection,
 * reads the agents' states over time from the log the alert service observes (state-log.ts), remembers when a
 * report was last exported, and answers the report channels. The sums are `buildShiftReport` (pure); this file only
 * gathers its inputs.
 */
import type { AlertList } from '../../../src-shared/alerts'
import { localTimeZone } from '../../../src-shared/business-day'
import type { ReportPeriod } from '../../../src-shared/ipc/contract'
import type { ProviderSnapshot } from '../../../src-shared/model'
import { reportFileName, type ShiftReport } from '../../../src-shared/report'
import { BridgeFailure, type ChannelHandlers } from '../bridge/types'
import type { Engine } from '../engine'
import type { Clock, Disposer } from '../ports'
import { buildShiftReport } from './build'
import { shiftReportCsv } from './csv'
import type { ObservedAgentStates } from './state-log'

export type ReportChannel = 'report:get' | 'report:csv' | 'report:exported' | 'report:savePdf'

export interface ReportServiceDeps {
  engine: Pick<Engine, 'onEvent' | 'config' | 'history'>
  /** The alert list, and the agents' states the alert service observes (one log for the app). */
  alerts: { list(): AlertList; agentStates: Omit<ObservedAgentStates, 'dispose'> }
  clock: Clock
  /** The zone of a business day that names none (default: this computer's). */
  timeZone?: string
}

export interface ReportService {
  report(period: ReportPeriod): ShiftReport
  csv(period: ReportPeriod): { fileName: string; text: string }
  /** A report up to `to` was exported: "this shift" starts there from now on. */
  exported(to: number): { lastExportAt: number }
  dispose: Disposer
}

export function createReportService(deps: ReportServiceDeps): ReportService {
  const { engine, clock } = deps
  const zone = deps.timeZone ?? localTimeZone()
  const states = deps.alerts.agentStates
  const snapshots = new Map<string, ProviderSnapshot>()
  let lastExportAt: number | null = null

  const off = engine.onEvent((e) => {
    if (e.type === 'snapshot') snapshots.set(e.snapshot.connection, e.snapshot)
  })

  const report = (period: ReportPeriod): ShiftReport => {
    const connections = engine.config()?.connections ?? []
    const ids = new Set(connections.map((c) => c.id))
    for (const id of snapshots.keys()) {
      if (!ids.has(id)) {
        snapshots.delete(id)
        states.drop(id)
      }
    }
    return buildShiftReport({
      now: clock.now(),
      requested: { from: period.from ?? null, to: period.to ?? null },
      lastExportAt,
      connections,
      snapshots,
      history: (keys, since) => engine.history(keys, since),
      states,
      alerts: deps.alerts.list(),
      localTimeZone: zone,
    })
  }

  return {
    report,
    csv(period) {
      const r = report(period)
      return { fileName: reportFileName(r, 'csv'), text: shiftReportCsv(r, zone) }
    },
    exported(to) {
      lastExportAt = Math.max(lastExportAt ?? 0, Math.min(to, clock.now()))
      return { lastExportAt }
    },
    dispose: off,
  }
}

/**
 * The report channels. `savePdf` is the shell's (the desktop app prints its window to PDF); without it the channel
 * answers that this board prints from the browser.
 */
export function createReportHandlers(
  service: ReportService,
  savePdf?: ChannelHandlers<'report:savePdf'>['report:savePdf'],
): ChannelHandlers<ReportChannel> {
  return {
    'report:get': async (a) => service.report(a),
    'report:csv': async (a) => service.csv(a),
    'report:exported': async (a) => service.exported(a.to),
    'report:savePdf':
      savePdf ??
      (async () => {
        throw new BridgeFailure({
          code: 'bad_request',
          message:
            'report:savePdf: only the desktop app saves PDFs; print the Report view from the browser instead',
        })
      }),
  }
}
