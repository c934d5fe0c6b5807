import { describe, expect, it } from 'vitest'
import { validateConfig, validatePeople } from './config'
import {
  linkPeople,
  normalizeEmail,
  normalizeLogin,
  normalizeName,
  prunePeople,
  type PersonAgentInput,
} from './people'

const agent = (
  connection: string,
  id: string,
  name: string | null,
  email: string | null = null,
): PersonAgentInput => ({ connection, id, name, email })

const groups = (agents: PersonAgentInput[], links = [] as Parameters<typeof linkPeople>[1]) =>
  linkPeople(agents, links).people.map((p) => p.agents.map((a) => `${a.connection}:${a.id}`))

describe('normalizing', () => {
  it('folds names: case, accents, punctuation and word order', () => {
    expect(normalizeName('Łukasz Nowak')).toBe('lukasz nowak')
    expect(normalizeName('NOWAK, Lukasz')).toBe('lukasz nowak')
    expect(normalizeName('  Zófia   Kowalska ')).toBe(normalizeName('kowalska zofia'))
    expect(normalizeName('x')).toBeNull()
    expect(normalizeName('a@b.com')).toBeNull()
  })
  it('takes e-mails and logins only where they are one', () => {
    expect(normalizeEmail(' Anna.K@Example.COM ')).toBe('anna.k@example.com')
    expect(normalizeEmail('Anna K')).toBeNull()
    expect(normalizeLogin('jsmith')).toBe('jsmith')
    expect(normalizeLogin('1001')).toBeNull()
    expect(normalizeLogin('3f2a8c10-1b2c-4d5e-8f90-aabbccddeeff')).toBeNull()
  })
})

describe('linkPeople', () => {
  it('links the same floor served by several vendors: by name, and by the name an e-mail spells', () => {
    const index = linkPeople([
      agent('bp', '1001', 'Veera Laurent'),
      agent('bp', '1002', 'Daniel Moreau'),
      agent('giosg', 'u-1', 'veera.laurent@example.com', 'veera.laurent@example.com'),
      agent('thulium', 'Daniel Moreau', 'Daniel Moreau'),
      agent('chronicall', '1001', 'Laurent, Veera'),
    ])
    expect(index.people.map((p) => [p.name, p.agents.map((a) => a.connection)])).toEqual([
      ['Veera Laurent', ['bp', 'giosg', 'chronicall']],
      ['Daniel Moreau', ['bp', 'thulium']],
    ])
    expect(index.byAgent.get('giosg:u-1')?.name).toBe('Veera Laurent')
    expect(index.people[1]?.linkedBy).toEqual(['name'])
  })

  it('links by e-mail first, and never by a bare number id', () => {
    expect(
      groups([
        agent('a', '7', 'Anna K', 'anna@x.com'),
        agent('b', '7', 'Someone Else'),
        agent('c', 'anna@x.com', 'A. Kowalska'),
      ]),
    ).toEqual([['a:7', 'c:anna@x.com'], ['b:7']])
  })

  it('does not link by a key two agents of one connection share', () => {
    expect(
      groups([
        agent('a', '1', 'Anna Kowalska'),
        agent('a', '2', 'Anna Kowalska'),
        agent('b', '9', 'Anna Kowalska'),
      ]),
    ).toEqual([['a:1'], ['a:2'], ['b:9']])
  })

  it('never puts two agents of one connection in one person, even through a chain of keys', () => {
    // a:1 ~ b:1 by e-mail, b:1 ~ a:2 by name: a:2 would join a person that already has an agent of "a".
    expect(
      groups([
        agent('a', '1', 'Ann One', 'ann@x.com'),
        agent('b', '1', 'Ann Two', 'ann@x.com'),
        agent('a', '2', 'Ann Two'),
      ]),
    ).toEqual([['a:1', 'b:1'], ['a:2']])
  })

  it('follows the user map over automatic links; a single-agent entry keeps that agent apart', () => {
    const agents = [
      agent('a', '1', 'Jan Nowak'),
      agent('b', '1', 'Jan Nowak'),
      agent('c', 'x9', 'J. N.'),
      agent('a', '2', 'Ola Lis'),
      agent('b', '2', 'Ola Lis'),
    ]
    const index = linkPeople(agents, [
      {
        id: 'jan',
        name: 'Jan Nowak (PL)',
        agents: [
          { connection: 'a', id: '1' },
          { connection: 'c', id: 'x9' },
        ],
      },
      { id: 'ola-b', agents: [{ connection: 'b', id: '2' }] },
    ])
    expect(index.people.map((p) => [p.id, p.name, p.agents.map((a) => `${a.connection}:${a.id}`)])).toEqual([
      ['map:jan', 'Jan Nowak (PL)', ['a:1', 'c:x9']],
      ['auto:b:1', 'Jan Nowak', ['b:1']],
      ['auto:a:2', 'Ola Lis', ['a:2']],
      ['map:ola-b', 'Ola Lis', ['b:2']],
    ])
    expect(index.people[0]?.linkedBy).toEqual(['map'])
  })

  it('prunes a removed connection from the map, dropping people left with no agent', () => {
    expect(
      prunePeople(
        [
          {
            id: 'p1',
            agents: [
              { connection: 'a', id: '1' },
              { connection: 'gone', id: '1' },
            ],
          },
          { id: 'p2', agents: [{ connection: 'gone', id: '2' }] },
        ],
        new Set(['a']),
      ),
    ).toEqual([{ id: 'p1', agents: [{ connection: 'a', id: '1' }] }])
  })
})

describe('the map of people in the config', () => {
  const connections = [
    { id: 'a', provider: 'simulator' },
    { id: 'b', provider: 'simulator' },
  ]

  it('is kept, exported and read back', () => {
    const people = [
      {
        id: 'jan',
        name: 'Jan',
        agents: [
          { connection: 'a', id: '1' },
          { connection: 'b', id: 'j' },
        ],
      },
    ]
    const r = validateConfig({ connections, rules: [], people })
    expect(r.ok && r.config.people).toEqual(people)
    const none = validateConfig({ connections, rules: [] })
    expect(none.ok && none.config.people).toBeUndefined()
  })

  it('names each bad entry: unknown connection, two agents of one connection, an agent twice, a duplicate id', () => {
    const r = validateConfig({
      connections,
      rules: [],
      people: [
        { id: 'p1', agents: [{ connection: 'zz', id: '1' }] },
        {
          id: 'p2',
          agents: [
            { connection: 'a', id: '1' },
            { connection: 'a', id: '2' },
          ],
        },
        { id: 'p3', agents: [{ connection: 'a', id: '3' }] },
        { id: 'p4', agents: [{ connection: 'a', id: '3' }] },
        { id: 'p3', agents: [{ connection: 'b', id: '3' }] },
        { id: 'p5', agents: [] },
        { id: 'p6', agents: [{ connection: 'a', id: '6' }], extra: 1 },
      ],
    })
    expect(r.ok).toBe(false)
    const lines = r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`)
    expect(lines).toEqual([
      'people[0].agents[0].connection: person "p1": no connection with id "zz"',
      'people[1].agents[1].connection: a person has one agent per connection; agents[0] is already in "a"',
      'people[3].agents[0]: person "p4": agent "3" of "a" is already in person "p3"',
      'people[4].id: person "p3": duplicate person id "p3"',
      'people[5].agents: a person needs at least one agent',
      'people[6].extra: unknown key "extra" (check the spelling)',
    ])
  })

  it('validates a map on its own against the connections there', () => {
    expect(validatePeople([{ id: 'p', agents: [{ connection: 'a', id: '1' }] }], new Set(['a']))).toEqual({
      ok: true,
      people: [{ id: 'p', agents: [{ connection: 'a', id: '1' }] }],
    })
    expect(validatePeople({}, new Set()).ok).toBe(false)
  })
})
