/**
 * The rules a new install starts with, and any config that does not say `"rules"` (docs/ARCHITECTURE.md §5):
 * longest wait, waiting count, service level, backlog age, chat wait, break over 15 min, wrap-up too long,
 * connection down. They watch every connection and, between them, every queue and chat room of every vendor: live
 * queues (voice, chat, other, and queues whose media nobody could tell) on waits measured in seconds, backlogs
 * (email, voicemail, back office) on an age measured in hours (src-shared/media.ts). All of them are ordinary rules
 * the user can edit or remove.
 *
 * Levels follow common contact-center targets: callers start hanging up after about a minute in queue, email is
 * answered the same working day, breaks are planned at 15 minutes and wrap-up at well under two. Service level is
 * judged against each queue's and room's own target (the vendor's, or the one the supervisor set): 10 points
 * under it warns, 30 points is critical (for the usual 80/20 goal, under 70 % and under 50 %).
 */
import type { RuleConfig } from '../config'
import { BACKLOG_RULE_MEDIA, LIVE_RULE_MEDIA } from '../media'

export const DEFAULT_RULE_PACK: readonly RuleConfig[] = [
  {
    id: 'longest-wait',
    name: 'Longest wait in queue',
    enabled: true,
    entity: 'queue',
    // Backlogs wait hours by design (their own rule below); a queue nobody could class is taken as live.
    media: [...LIVE_RULE_MEDIA],
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
    media: [...LIVE_RULE_MEDIA],
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
    name: 'Service level below target',
    enabled: true,
    entity: 'queue',
    // Points below each queue's own target (the vendor's or the supervisor's, src-shared/targets.ts): an 80 %
    // target warns under 70 % and is critical under 50 %; a queue without a target is not judged.
    field: 'serviceLevelGapPct',
    op: '>',
    warn: 10,
    critical: 30,
    clearBelow: 5,
    // Early in the day a handful of contacts swing the percentage: it must stay low for a while.
    forSec: 120,
    notify: ['desktop', 'tray'],
  },
  {
    id: 'backlog-age',
    name: 'Oldest item in a backlog',
    enabled: true,
    entity: 'queue',
    media: [...BACKLOG_RULE_MEDIA],
    field: 'longestWaitSec',
    op: '>',
    // Same working day: half a day old is late, a whole working day is a miss.
    warn: 4 * 3600,
    critical: 8 * 3600,
    clearBelow: 3.5 * 3600,
    forSec: 60,
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
    id: 'chat-service-level',
    name: 'Chat service level below target',
    enabled: true,
    entity: 'chatRoom',
    field: 'serviceLevelGapPct',
    op: '>',
    warn: 10,
    critical: 30,
    clearBelow: 5,
    forSec: 120,
    notify: ['desktop', 'tray'],
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
