import { describe, expect, it } from 'vitest'
import { blankAgent } from './model'
import { nameTeams, sameTeamNames, teamsOf } from './teams'

describe('team names', () => {
  const agent = (groupIds: string[], groupNames?: (string | null)[]) => ({
    ...blankAgent('a'),
    groupIds,
    ...(groupNames ? { groupNames } : {}),
  })

  it("puts the user's names over the vendor's, sharing one array per team set", () => {
    const agents = [
      agent(['1', '2'], ['Sales team', null]),
      agent(['1', '2'], ['Sales team', null]),
      agent([]),
    ]
    const named = nameTeams(agents, { '2': 'Night shift' })
    expect(named[0]?.groupNames).toEqual(['Sales team', 'Night shift'])
    expect(named[0]?.groupNames).toBe(named[1]?.groupNames)
    expect(named[2]).toBe(agents[2])
    // No user names: the snapshot passes as it came.
    expect(nameTeams(agents, {})).toBe(agents)
    // Nothing known about a team: no names at all rather than [null].
    expect(nameTeams([agent(['9'])], { '2': 'x' })[0]?.groupNames).toBeUndefined()
  })

  it('one name is one team across connections; a number alone stays per connection', () => {
    expect(teamsOf({ ...agent(['2'], ['Support team']), connection: 'demo' })[0]?.key).toBe(
      'name:Support team',
    )
    // Bright Pattern's team id is its name.
    expect(teamsOf({ ...agent(['Support team']), connection: 'bp' })[0]?.key).toBe('name:Support team')
    expect(teamsOf({ ...agent(['3']), connection: 'eu' })[0]).toEqual({
      key: 'id:eu:3',
      name: null,
      connection: 'eu',
      id: '3',
    })
  })

  it('compares names item by item', () => {
    expect(sameTeamNames(undefined, undefined)).toBe(true)
    expect(sameTeamNames(['a'], ['a'])).toBe(true)
    expect(sameTeamNames(['a'], undefined)).toBe(false)
    expect(sameTeamNames(['a', null], ['a', 'b'])).toBe(false)
  })
})
