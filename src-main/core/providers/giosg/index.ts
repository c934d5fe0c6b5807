/**
 * The giosg adapter (docs/vendors/giosg.md §8, §7): one cycle = every page of `/rooms` then every page of
 * `/users`.
 */
import { localTimeZone } from '../../../../src-shared/business-day'
import type { ProviderSnapshot } from '../../../../src-shared/model'
import type { GiosgOptions } from '../../../../src-shared/providers/giosg'
import type { PollResult, ProviderFactory } from '../types'
import { GIOSG_DEFAULT_ORIGIN, GiosgClient, ROOMS_PATH, USERS_PATH } from './client'
import { parseRooms, parseUsers } from './parse'

export const createGiosgAdapter: ProviderFactory = (ctx) => {
  const options = ctx.config.options as Partial<GiosgOptions>
  const log = ctx.log.child('giosg')
  const baseUrl = ctx.config.baseUrl ?? GIOSG_DEFAULT_ORIGIN
  // giosg's own default is UTC, which flips "today" at UTC midnight (docs/vendors/giosg.md §6.1): ask for ours.
  const timezone = options.timezone ?? localTimeZone()
  const roomParams: Record<string, string> = {
    timezone,
    include_shared: options.includeShared ? 'true' : 'false',
    // One comma-delimited parameter, not repeated ones (docs/vendors/giosg.md §6.2).
    room_id: (options.roomIds ?? []).join(','),
  }
  const userParams: Record<string, string> = { user_id: (options.userIds ?? []).join(',') }

  let baseUrlProblem: string | null = null
  try {
    new URL(baseUrl)
  } catch {
    baseUrlProblem = `giosg: the API origin "${baseUrl}" is not a URL`
  }

  return {
    async poll(signal: AbortSignal): Promise<PollResult> {
      if (baseUrlProblem !== null) {
        return { ok: false, failure: { code: 'config', detail: baseUrlProblem, terminal: true } }
      }
      if (ctx.secret === null || ctx.secret === '') {
        return {
          ok: false,
          failure: { code: 'auth', detail: 'giosg: no API token is set for this connection' },
        }
      }
      const client = new GiosgClient({
        baseUrl,
        token: ctx.secret,
        authScheme: options.authScheme ?? 'Token',
        http: ctx.http,
        clock: ctx.clock,
        log,
      })

      const rooms = await client.collect('rooms', client.firstUrl(ROOMS_PATH, roomParams), signal)
      if (!rooms.ok) return rooms
      const users = await client.collect('users', client.firstUrl(USERS_PATH, userParams), signal)
      if (!users.ok) return users

      const parsedRooms = parseRooms(rooms.items)
      const parsedUsers = parseUsers(users.items)
      // No timestamp in the payload (docs/vendors/giosg.md §6.7): the data is as of its arrival, on our clock; the
      // Date header only measures the vendor's clock skew (docs/ARCHITECTURE.md §3.2, "Vendor clocks").
      const asOf = ctx.clock.now()
      const snapshot: ProviderSnapshot = {
        connection: ctx.config.id,
        provider: 'giosg',
        asOf,
        health: parsedRooms.skipped + parsedUsers.skipped > 0 ? 'partial' : 'ok',
        agents: parsedUsers.agents,
        queues: [],
        chatRooms: parsedRooms.rooms,
        chatMessages: [],
        metrics: [],
        warnings: [...parsedRooms.warnings, ...parsedUsers.warnings],
      }
      log.debug('cycle', {
        rooms: snapshot.chatRooms.length,
        roomPages: rooms.pages,
        agents: snapshot.agents.length,
        userPages: users.pages,
      })
      return { ok: true, snapshot }
    },
  }
}
