/**
 * The desktop app in team mode (docs/TEAM.md §5) against a real nats-server and a real poller process: Settings →
 * Team checks a join with the server before keeping anything (the password only in the keychain), the app's board
 * fills from the site, a refused password is said in the server's words, and leaving forgets it all.
 */
import { mkdtempSync, readFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { validateConnection } from '../../src-shared/config'
import type { TeamSettingsView } from '../../src-shared/ipc/contract'
import { silentNotifier } from '../core/alerts/notifier'
import type { BridgeService } from '../core/bridge/types'
import { createLogger } from '../core/runtime/logger'
import { systemClock, systemRandom } from '../core/runtime/system-clock'
import { MemorySecretStore } from '../secrets/memory-secret-store'
import {
  checkTeam,
  createTeamSettings,
  loadSavedTeam,
  startDesktopTeamBoard,
  teamFileStore,
  teamKeychainAccount,
  type DesktopTeamBoard,
} from './desktop'
import {
  cleanupDir,
  natsServerMissing,
  pushConfig,
  startBroker,
  startPoller,
  waitFor,
  type Broker,
  type Proc,
} from './testing/cluster'

const missing = natsServerMissing()
const SITE = 'eu'
const log = createLogger(() => undefined)
const desk = { shell: 'electron' as const, readOnly: false }

async function invoke<T>(service: BridgeService, channel: string, args: unknown = null): Promise<T> {
  const r = await service.invoke(channel as never, args as never, desk)
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`)
  return r.value as T
}

describe.skipIf(missing !== null).sequential('the desktop app joins a team (real broker and poller)', () => {
  let broker: Broker
  let poller: Proc
  const boards: DesktopTeamBoard[] = []
  const dirs: string[] = []

  beforeAll(async () => {
    broker = await startBroker({ sites: ['eu', 'us'], supervisors: ['anna:eu'] })
    const sim = validateConnection({
      id: 'eu.sim',
      label: 'EU floor',
      provider: 'simulator',
      pollSeconds: 1,
      options: { agents: 6 },
    })
    if (!sim.ok) throw new Error('config')
    await pushConfig(broker, SITE, [sim.connection], 5000)
    poller = startPoller(broker, 'poller-1', SITE, {}, 5)
    await poller.line((l) => l['type'] === 'status' && l['state'] === 'ok', 60_000)
  }, 90_000)

  afterAll(async () => {
    for (const b of boards) await b.dispose().catch(() => undefined)
    await poller?.kill('SIGKILL')
    await broker?.kill('SIGKILL')
    if (broker) cleanupDir(broker.dir)
    for (const d of dirs) cleanupDir(d)
  }, 30_000)

  const team = (user: string, site = SITE) => ({ servers: [broker.nats], site, user, leaseTtlSec: 10 })

  it('checks a join with the server and names what is wrong', async () => {
    const anna = broker.credential('anna').password
    const wall = broker.credential('wall-eu').password
    const ok = await checkTeam({ team: team('anna'), password: anna })
    expect(ok).toEqual({ ok: true, canAcknowledge: true, connections: 1 })
    // A wallboard may read its site but the broker will not let it acknowledge.
    expect(await checkTeam({ team: team('wall-eu'), password: wall })).toMatchObject({
      ok: true,
      canAcknowledge: false,
    })
    expect(await checkTeam({ team: team('anna'), password: 'not-her-password' })).toMatchObject({
      ok: false,
      field: 'password',
    })
    expect(await checkTeam({ team: team('anna', 'us'), password: anna })).toMatchObject({
      ok: false,
      field: 'site',
      message: expect.stringContaining('may not read site "us"'),
    })
    const closed = await checkTeam({
      team: { ...team('anna'), servers: ['nats://127.0.0.1:9'] },
      password: anna,
    })
    expect(closed).toMatchObject({ ok: false, field: 'servers' })
  }, 60_000)

  it('joins from Settings → Team: password to the keychain, the rest to team.json, then a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-desk-'))
    dirs.push(dir)
    const keychain = new MemorySecretStore()
    const file = teamFileStore({ dir, now: Date.now, log })
    let relaunched = 0
    const settings = createTeamSettings({
      file,
      keychain,
      current: () => null,
      problem: () => null,
      relaunch: () => relaunched++,
      clock: systemClock,
      log,
    })
    const refused = await settings.handlers['team:join'](
      { servers: broker.nats, site: 'eu', user: 'anna', password: 'wrong-password' },
      desk,
    ).catch((e: Error) => e)
    expect(refused).toBeInstanceOf(Error)
    expect((refused as Error).message).toMatch(/^password: the team server refused user "anna"/)
    expect(existsSync(join(dir, 'team.json'))).toBe(false)
    expect(await keychain.has(teamKeychainAccount('anna'))).toBe(false)

    const password = broker.credential('anna').password
    const view: TeamSettingsView = await settings.handlers['team:join'](
      { servers: ` ${broker.nats} `, site: 'eu', user: 'anna', password },
      desk,
    )
    expect(view.restarting).toBe(true)
    await waitFor('the restart', () => relaunched === 1, 5000)
    expect(await keychain.get(teamKeychainAccount('anna'))).toBe(password)
    const text = readFileSync(join(dir, 'team.json'), 'utf8')
    expect(text).not.toContain(password)
    expect(JSON.parse(text)).toMatchObject({ servers: [broker.nats], site: 'eu', user: 'anna' })
    expect(await loadSavedTeam({ file, keychain })).toMatchObject({ kind: 'team', password })

    // A keychain that lost the password: the app starts on its own board and says why.
    await keychain.delete(teamKeychainAccount('anna'))
    expect(await loadSavedTeam({ file, keychain })).toMatchObject({
      kind: 'problem',
      message: expect.stringContaining("not in this computer's keychain"),
    })
    await keychain.set(teamKeychainAccount('anna'), password)
    await settings.handlers['team:leave'](null, desk)
    expect(existsSync(join(dir, 'team.json'))).toBe(false)
    expect(await keychain.has(teamKeychainAccount('anna'))).toBe(false)
    expect(await loadSavedTeam({ file, keychain })).toEqual({ kind: 'none' })
  }, 60_000)

  it('the desktop board shows the site from the team, polls nothing and holds no vendor secret', async () => {
    const settings = { join: async () => null as never, leave: async () => null as never }
    const board = await startDesktopTeamBoard({
      team: team('anna'),
      password: broker.credential('anna').password,
      clock: systemClock,
      random: systemRandom,
      log,
      notifier: silentNotifier,
      prefs: { current: () => ({ theme: 'system', language: 'en' }), save: async () => undefined },
      info: async () => ({ version: 't', shell: 'electron', keychain: { available: true, detail: null } }),
      settings,
    })
    boards.push(board)
    const events: string[] = []
    board.service.onEvent((e) => events.push(e))
    await waitFor(
      'the team board',
      () => board.team().connected && board.engine.getState().agents.length > 0,
      20_000,
    )
    const state = board.engine.getState()
    expect(state.connections.map((c) => c.id)).toEqual(['eu.sim'])
    const conns = await invoke<{ id: string; secret: string }[]>(board.service, 'connections:list')
    expect(conns).toEqual([expect.objectContaining({ id: 'eu.sim', secret: 'team' })])
    const info = await invoke<{ team: { site: string; canAcknowledge: boolean } }>(board.service, 'app:info')
    expect(info.team).toMatchObject({ site: 'eu', user: 'anna', connected: true, canAcknowledge: true })
    const status = await invoke<TeamSettingsView>(board.service, 'team:status')
    expect(status).toMatchObject({ canChange: true, team: { site: 'eu' } })
    // Connections belong to the team.
    const save = await board.service.invoke('connections:save', { connection: {} }, desk)
    expect(save).toMatchObject({ ok: false, error: { code: 'read_only' } })
    await waitFor('patches reach the window', () => events.includes('live:patch'), 10_000)
    expect(events).toContain('team:changed')
  }, 60_000)

  it('a refused password is said in the server’s words; the board waits, empty, instead of failing', async () => {
    const board = await startDesktopTeamBoard({
      team: team('anna'),
      password: 'changed-by-it',
      clock: systemClock,
      random: systemRandom,
      log,
      notifier: silentNotifier,
      prefs: { current: () => ({ theme: 'system', language: 'en' }), save: async () => undefined },
      info: async () => ({ version: 't', shell: 'electron', keychain: { available: true, detail: null } }),
      settings: { join: async () => null as never, leave: async () => null as never },
    })
    boards.push(board)
    const t = await waitFor('the refusal', () => (board.team().detail ? board.team() : null), 15_000)
    expect(t.connected).toBe(false)
    expect(t.detail).toMatch(/refused anna/i)
    const live = await invoke<{ connections: unknown[] }>(board.service, 'live:get')
    expect(live.connections).toEqual([])
    const ack = await board.service.invoke('alerts:acknowledge', { id: 'x|y:z' }, desk)
    expect(ack.ok).toBe(false)
  }, 30_000)
})
