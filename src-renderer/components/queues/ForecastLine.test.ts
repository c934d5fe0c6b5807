// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import type { EntityForecast } from '../../../src-shared/alerts'
import { useAlertsStore } from '../../stores/alerts'
import { useClockStore } from '../../stores/clock'
import { alertList, ruleStatus } from '../../testing/alert-fixtures'
import { createTestApp } from '../../testing/mount'
import pl from '../../i18n/pl'
import { forecastLine, roughSpan } from './forecast-text'
import ForecastLine from './ForecastLine.vue'

const AT = Date.UTC(2026, 11, 5, 9, 35)

const fc = (over: Partial<EntityForecast> = {}): EntityForecast => ({
  connection: 'demo',
  entity: 'queue',
  entityId: '116',
  rule: 'longest-wait',
  field: 'longestWaitSec',
  op: '>',
  level: 120,
  severity: 'critical',
  inSec: 40,
  at: AT,
  basis: 'trend',
  ...over,
})

function show(forecasts: EntityForecast[], now: number, stale = false) {
  const t = createTestApp()
  useAlertsStore().apply(
    alertList({ rules: [ruleStatus('longest-wait', { name: 'Longest wait in queue' })], forecasts }),
  )
  useClockStore().now = now
  return mount(ForecastLine, {
    props: { entity: 'queue', connection: 'demo', id: '116', stale },
    global: t.global,
  })
}

describe('ForecastLine', () => {
  it('says when the level will be crossed and counts down between alert lists', async () => {
    const w = show([fc()], AT)
    expect(w.get('[data-testid="forecast-line"]').text()).toContain('Longest wait passes 2:00 in ~40 s')
    expect(w.get('[data-testid="forecast-line"]').attributes('title')).toMatch(/Rule “Longest wait in queue”/)
    useClockStore().now = AT + 22_000
    await w.vm.$nextTick()
    expect(w.text()).toContain('in ~20 s')
    // The moment has come: the alert speaks now, not the forecast.
    useClockStore().now = AT + 41_000
    await w.vm.$nextTick()
    expect(w.find('[data-testid="forecast-line"]').exists()).toBe(false)
  })

  it('shows nothing for another entity, without a forecast, or on stale numbers', () => {
    expect(
      show([fc({ entityId: '115' })], AT)
        .find('[data-testid="forecast-line"]')
        .exists(),
    ).toBe(false)
    expect(show([], AT).find('[data-testid="forecast-line"]').exists()).toBe(false)
    expect(show([fc()], AT, true).find('[data-testid="forecast-line"]').exists()).toBe(false)
  })

  it('says "if nobody becomes available" and a falling service level, in English and Polish', () => {
    const w = show([fc({ basis: 'no_agent', inSec: 170, field: 'serviceLevelPct', op: '<', level: 80 })], AT)
    expect(w.text()).toContain('Service level falls below 80 % in ~3 min if nobody becomes available')
    const tpl = (key: string, values: Record<string, unknown> = {}) => {
      const msg = key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], pl) as string
      return msg.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k]))
    }
    expect(forecastLine(fc({ basis: 'no_agent' }), 40, tpl, 'pl')).toBe(
      'Najdłuższe oczekiwanie przekroczy 2:00 za ~40 s, jeśli nikt się nie zwolni',
    )
    expect(roughSpan(2, 'en')).toBe('5 s')
    expect(roughSpan(130, 'pl')).toBe('2 min')
  })
})
