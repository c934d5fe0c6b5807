/**
 * The rules a new install starts with (issue "Alerts": longest wait, waiting count, service level, break over
 * 15 min, wrap-up too long, connection down). They watch every connection, so they work on the demo board and on
 * whatever the user connects next; all of them are ordinary rules the user can edit or remove.
 *
 * Levels follow common contact-center targets: callers start hanging up after about a minute in queue, 80/20 is
 * the usual service-level goal, breaks are planned at 15 minutes and wrap-up at well under two.
 */
import type { RuleConfig } from '../config'

export const DEFAULT_RULE_PACK: readonly RuleConfig[] = [
  {
    id: 'longest-wait',
    name: 'Longest wait in queue',
    enabled: true,
    entity: 'queue',
    // Email backlogs wait hours by design: only live contacts.
    media: ['voice', 'chat'],
    field: 'longestWaitSec',
    op: '>',
    warn: 60,
    critical: 120,
    clearBelow: 45,
    forSec: 10,
    notify: ['desktop', 'tray', 'sound'],
  },
  {
    id: 'waiting-count',
    name: 'Contacts waiting',
    enabled: true,
    entity: 'queue',
    media: ['voice', 'chat'],
    field: 'waiting',
    op: '>',
    warn: 5,
    critical: 10,
    clearBelow: 3,
    forSec: 20,
    notify: ['desktop', 'tray'],
  },
  {
    id: 'service-level',
    name: 'Service level',
    enabled: true,
    entity: 'queue',
    field: 'serviceLevelPct',
    op: '<',
    warn: 70,
    critical: 50,
    clearAbove: 75,
    // Early in the day a handful of contacts swing the percentage: it must stay low for a while.
    forSec: 120,
    notify: ['desktop', 'tray'],
  },
  {
    id: 'chat-wait',
    name: 'Longest chat wait',
    enabled: true,
    entity: 'chatRoom',
    field: 'maxWaitNowSec',
    op: '>',
    warn: 60,
    critical: 120,
    clearBelow: 45,
    forSec: 10,
    notify: ['desktop', 'tray', 'sound'],
  },
  {
    id: 'break-over-15',
    name: 'Break over 15 min',
    enabled: true,
    entity: 'agent',
    state: 'not_ready',
    field: 'timeInStateSec',
    op: '>',
    warn: 900,
    critical: 1200,
    forSec: 0,
    notify: ['desktop', 'tray'],
  },
  {
    id: 'wrap-up-long',
    name: 'Wrap-up too long',
    enabled: true,
    entity: 'agent',
    state: 'wrap_up',
    field: 'timeInStateSec',
    op: '>',
    warn: 120,
    critical: 300,
    forSec: 0,
    notify: ['desktop', 'tray'],
  },
  {
    id: 'connection-down',
    name: 'Connection down',
    enabled: true,
    entity: 'connection',
    field: 'dataAgeSec',
    op: '>',
    // Above the slowest vendor cadence (Thulium, 60 s); the pending period rides out a laptop waking up.
    warn: 90,
    critical: 300,
    forSec: 30,
    notify: ['desktop', 'tray', 'sound'],
  },
]
