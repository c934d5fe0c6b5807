import type { AlertChannel } from '../bridge/alert-handlers'
import type { ConnectionChannel } from '../bridge/service'
import { BridgeFailure, type ChannelHandlers } from '../bridge/types'

/** A handler for a channel a test does not exercise: it answers bad_request, "not in this test". */
export const refuse = async (): Promise<never> => {
  throw new BridgeFailure({ code: 'bad_request', message: 'not in this test' })
}

/** Every connection channel refused, for a bridge test about other channels (override the ones it uses). */
export function refusingConnections(): ChannelHandlers<ConnectionChannel> {
  return {
    'connections:list': refuse,
    'connections:save': refuse,
    'connections:remove': refuse,
    'targets:set': refuse,
    'connections:test': refuse,
    'config:export': refuse,
    'config:import': refuse,
    'secrets:set': refuse,
    'secrets:delete': refuse,
    'secrets:status': refuse,
    'prefs:set': refuse,
    'views:list': refuse,
    'views:save': refuse,
    'views:remove': refuse,
    'console:open': refuse,
    'people:get': refuse,
    'people:save': refuse,
  }
}

/** Every alert and rule channel refused, for a bridge test about other channels. */
export function refusingAlerts(): ChannelHandlers<AlertChannel> {
  return {
    'alerts:list': refuse,
    'alerts:acknowledge': refuse,
    'alerts:snooze': refuse,
    'alerts:muteRule': refuse,
    'alerts:setPrefs': refuse,
    'rules:preview': refuse,
    'rules:save': refuse,
    'rules:remove': refuse,
  }
}
