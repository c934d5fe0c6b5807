/**
 * Every sink a secret could leak through, fed every encoding of one (src-main/core/testing/secret-encodings.ts):
 * the log (stderr in headless, the log file in the app), connection statuses shown on the board, failure events,
 * catch-up summaries, config exports, connection test reports, and the headless runner's stdout (NDJSON) and stderr
 * as a child process. None of them may show the secret in any encoding.
 */
import { spawn } from 'node:child_process'
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { validateConfig, type Config } from '../../../src-shared/config'
import { blankQueue } from '../../../src-shared/model'
import { createConnectionHandlers } from '../bridge/connection-handlers'
import type { EngineEvent } from '../engine'
import { createMemorySettingsStore } from '../settings/settings-store'
import { FakeClock } from '../testing/fake-clock'
import { createOfflineEngine } from '../testing/offline-engine'
import { ScriptedAdapter, emptySnapshot } from '../testing/scripted-adapter'
import { leakOf, secretEncodings } from '../testing/secret-encodings'
import { createLogger } from './logger'
import { Redactor } from './redact'

const SECRET = 'tk_9f8e7d6c/5b4a+3928 1706'
const ENCODINGS = secretEncodings(SECRET)
/** Every encoding in one vendor text, as a hostile or careless server might echo a request. */
const ECHO = ENCODINGS.map(([label, text]) => `${label}=<${text}>`).join(' ')

function expectClean(sink: string, text: string): void {
  for (const [label, enc] of ENCODINGS) {
    expect(text.includes(leakOf(enc)), `${sink} shows the secret ${label}: ${text}`).toBe(false)
  }
}

function config(connections: unknown[]): Config {
  const r = validateConfig({ connections, rules: [] })
  if (!r.ok) throw new Error(JSON.stringify(r.issues))
  return r.config
}

describe('every sink, every encoding', () => {
  it('the log: stderr and the log file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-redact-'))
    const file = join(dir, 'main.log')
    const redactor = new Redactor([SECRET])
    const log = createLogger((line) => appendFileSync(file, line + '\n'), { level: 'debug', redactor })
    for (const [label, text] of ENCODINGS) {
      log
        .child('vendor')
        .warn(`request failed: ${text}`, { label, body: `{"echo":"${text}"}`, nested: { list: [text] } })
    }
    const written = readFileSync(file, 'utf8')
    expect(written.split('\n').filter(Boolean)).toHaveLength(ENCODINGS.length)
    expectClean('the log file', written)
  })

  it('statuses on the board, failure events and catch-up summaries (the engine learns the secret it reads)', async () => {
    const clock = new FakeClock()
    const events: EngineEvent[] = []
    const queue = (received: number) =>
      blankQueue('q1', `Sales ${ECHO}`, {
        today: {
          received,
          answered: 0,
          abandoned: 0,
          avgWaitSec: null,
          avgHandleSec: null,
          serviceLevelPct: null,
        },
      })
    const lines: string[] = []
    const redactor = new Redactor()
    const engine = createOfflineEngine(clock, {
      secrets: { get: async () => SECRET },
      log: createLogger((l) => lines.push(l), { level: 'debug', redactor }),
      redactor,
      factories: {
        giosg: (ctx) =>
          new ScriptedAdapter(ctx.clock, ctx.config.id, [
            () => ({
              ok: true,
              snapshot: emptySnapshot('v', clock.now(), { queues: [queue(1)], warnings: [ECHO] }),
            }),
            {
              code: 'auth',
              status: 401,
              detail: `giosg rejected the token (HTTP 401): ${ECHO}`,
              vendorMessage: ECHO,
            },
            () => ({ ok: true, snapshot: emptySnapshot('v', clock.now(), { queues: [queue(9)] }) }),
          ]),
      },
    })
    engine.onEvent((e) => events.push(e))
    engine.setConfig(
      config([
        {
          id: 'v',
          provider: 'giosg',
          baseUrl: 'https://api.example.com',
          pollSeconds: 5,
          options: { timezone: 'UTC' },
        },
      ]),
    )
    engine.start()
    await clock.advance(100)
    const warned = engine.statuses()[0]!
    await clock.advance(5_000)
    const failed = engine.statuses()[0]!
    expect(failed.state).not.toBe('ok')
    // The failure holds for minutes: the next good poll brings a catch-up summary.
    engine.setPaused(true)
    await clock.advance(180_000)
    engine.setPaused(false)
    await clock.advance(60_000)
    const catchUps = engine.catchUps()
    expect(catchUps.length).toBeGreaterThan(0)
    expect(JSON.stringify(catchUps)).toContain('Sales')
    expect(failed.detail).toContain('giosg rejected the token (HTTP 401)')
    expectClean('a status with warnings', JSON.stringify(warned))
    expectClean('a failed status', JSON.stringify(failed))
    // The connections as the board gets them (entity rows are vendor data, shown as the vendor named them).
    expectClean('the live state', JSON.stringify(engine.getState().connections))
    expectClean('catch-up summaries', JSON.stringify(catchUps))
    const nonSnapshot = events.filter((e) => e.type !== 'snapshot' && e.type !== 'patch')
    expect(nonSnapshot.some((e) => e.type === 'failure')).toBe(true)
    expectClean('failure, status and catch-up events', JSON.stringify(nonSnapshot))
    expectClean('the engine log', lines.join('\n'))
    await engine.dispose()
  })

  it('exports and connection test reports (a secret typed in the form joins the redactor)', async () => {
    const redactor = new Redactor()
    const settings = createMemorySettingsStore(config([]))
    const stored = new Map<string, string>()
    const lines: string[] = []
    const { handlers } = createConnectionHandlers({
      settings,
      secrets: {
        get: async (id) => stored.get(id) ?? null,
        where: async (id) => (stored.has(id) ? 'session' : null),
        set: async (id, s) => {
          stored.set(id, s)
          return 'session'
        },
        delete: async (id) => void stored.delete(id),
      },
      engine: { setConfig: () => undefined, reload: () => undefined },
      http: { request: async () => ({ ok: false, code: 'network', detail: 'unused' }) },
      clock: new FakeClock(),
      sockets: { open: async () => ({ ok: false, status: null, detail: 'unused' }) },
      log: createLogger((l) => lines.push(l), { level: 'debug', redactor }),
      redactor,
      factories: {
        giosg: (ctx) => {
          ctx.log.warn(`echo ${ECHO}`)
          return new ScriptedAdapter(ctx.clock, ctx.config.id, [
            { code: 'auth', status: 401, detail: `HTTP 401: ${ECHO}`, vendorMessage: ECHO },
          ])
        },
      },
    })
    const caller = { shell: 'electron' as const, readOnly: false }
    // A label that (by mistake) holds the secret, and every encoding of it in the user name's place.
    const connection = {
      id: 'chat',
      provider: 'giosg',
      label: `Chat ${SECRET}`,
      username: ECHO.replace(/[<>]/g, '').slice(0, 200),
      baseUrl: 'https://api.example.com',
      options: { timezone: 'UTC' },
    }
    const report = await handlers['connections:test']({ connection, secret: SECRET }, caller)
    expect(report.ok).toBe(false)
    expectClean('a connection test report', JSON.stringify(report))
    await handlers['connections:save']({ connection, secret: SECRET }, caller)
    const exported = await handlers['config:export'](null, caller)
    expect(exported.text).toContain('"label": "Chat [redacted]"')
    expectClean('a config export', exported.text)
    expectClean('the adapter log during a test', lines.join('\n'))
  })
})

describe('the headless runner as a child process', () => {
  const servers: Server[] = []
  afterAll(async () => {
    await Promise.all(servers.map((s) => new Promise((res) => s.close(res))))
  })

  it('stdout (NDJSON) and stderr never show the secret, whatever the vendor echoes', async () => {
    // One connection per encoding (giosg: a JSON error body), so every encoding reaches a status line on its own.
    const server = createServer((req, res) => {
      const i = Number(/\/e(\d+)\//.exec(req.url ?? '')?.[1] ?? 0)
      const [, text] = ENCODINGS[i] ?? ENCODINGS[0]!
      res.writeHead(401, { 'content-type': 'application/json' })
      res.end(
        JSON.stringify({ detail: `bad token ${text} (you sent ${req.headers.authorization ?? 'nothing'})` }),
      )
    })
    servers.push(server)
    await new Promise<void>((res) => server.listen(0, '127.0.0.1', res))
    const port = (server.address() as { port: number }).port
    const dir = mkdtempSync(join(tmpdir(), 'fw-redact-cli-'))
    const file = join(dir, 'config.json')
    writeFileSync(
      file,
      JSON.stringify({
        connections: ENCODINGS.map((_, i) => ({
          id: `e${i}`,
          provider: 'giosg',
          baseUrl: `http://127.0.0.1:${port}/e${i}`,
          secretEnv: 'FW_SINK_SECRET',
          options: { timezone: 'UTC' },
        })),
        rules: [],
      }),
    )
    const root = join(import.meta.dirname, '..', '..', '..')
    const run = await new Promise<{ out: string; err: string; code: number | null }>((resolve) => {
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          'src-main/headless/cli.ts',
          '--config',
          file,
          '--once',
          '--timeout',
          '20',
          '--verbose',
        ],
        { cwd: root, env: { ...process.env, FW_SINK_SECRET: SECRET } },
      )
      let out = ''
      let err = ''
      child.stdout.on('data', (d) => (out += String(d)))
      child.stderr.on('data', (d) => (err += String(d)))
      child.on('close', (code) => resolve({ out, err, code }))
    })
    expect(run.code).toBe(2)
    const statuses = run.out
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { type: string; detail?: string })
      .filter((l) => l.type === 'status' && l.detail?.includes('bad token'))
    expect(statuses.length).toBeGreaterThanOrEqual(ENCODINGS.length)
    expectClean('NDJSON on stdout', run.out)
    expectClean('stderr', run.err)
  }, 60_000)
})
