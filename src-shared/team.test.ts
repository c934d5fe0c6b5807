import { describe, expect, it } from 'vitest'
import { commandParts, decodeToken, encodeToken, teamSubjects, validateTeamFile } from './team'

describe('team names', () => {
  it('encodes connection ids as one subject token and back', () => {
    for (const id of ['eu-voice', 'sim.1', 'a_b', 'x.y.z', 'ünï']) {
      const t = encodeToken(id)
      expect(t).toMatch(/^[A-Za-z0-9_=-]+$/)
      expect(decodeToken(t)).toBe(id)
    }
    expect(encodeToken('sim.1')).toBe('sim=2e1')
  })

  it('reads the user of a command from its subject, not its body', () => {
    expect(commandParts(teamSubjects.ack('eu', 'sim.1', 'anna'))).toEqual({ conn: 'sim.1', user: 'anna' })
    expect(commandParts('fw.eu.live.x')).toBeNull()
  })
})

describe('team file', () => {
  it('accepts a good file and defaults the lease TTL', () => {
    const r = validateTeamFile({
      servers: ['tls://fw1.corp:4222', 'nats://10.0.0.2:4222'],
      site: 'eu',
      user: 'anna',
    })
    expect(r).toEqual({
      ok: true,
      team: {
        servers: ['tls://fw1.corp:4222', 'nats://10.0.0.2:4222'],
        site: 'eu',
        user: 'anna',
        leaseTtlSec: 10,
      },
    })
  })

  it('names every bad field', () => {
    const r = validateTeamFile({ servers: ['http://x'], site: 'EU!', user: 'a b', leaseTtlSec: 1, extra: 1 })
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.issues.map((i) => i.field).sort()).toEqual([
      'extra',
      'leaseTtlSec',
      'servers[0]',
      'site',
      'user',
    ])
  })
})
