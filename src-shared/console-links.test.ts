import { describe, expect, it } from 'vitest'
import { formatConfigIssue, validateConfig } from './config'
import { buildConsoleUrl, consoleTemplateProblem, effectiveConsoleTemplates, originOf } from './console-links'
import { PROVIDER_DESCRIPTORS } from './providers'

const conn = (consoleUrls: unknown) => ({
  connections: [
    {
      id: 'eu',
      provider: 'brightpattern',
      baseUrl: 'https://acme.brightpattern.com',
      username: 'client',
      consoleUrls,
    },
  ],
  rules: [],
})

function problems(consoleUrls: unknown): string[] {
  const r = validateConfig(conn(consoleUrls))
  return r.ok ? [] : r.issues.map(formatConfigIssue)
}

describe('console link templates', () => {
  it('accepts the connection origin, its base URL or a host written out, with placeholders after the host', () => {
    expect(consoleTemplateProblem('{origin}/agentdesktop/', 'home')).toBeNull()
    expect(consoleTemplateProblem('{baseUrl}', 'home')).toBeNull()
    expect(consoleTemplateProblem('{origin}/admin/agents?id={id}&n={name}', 'agent')).toBeNull()
    expect(consoleTemplateProblem('https://login.8x8.com/', 'home')).toBeNull()
    expect(consoleTemplateProblem('http://pbx.local:9080/queues/{id}', 'queue')).toBeNull()
    expect(consoleTemplateProblem('', 'agent')).toBeNull()
  })

  it('refuses what could put a link on another host or open something other than a web page', () => {
    expect(consoleTemplateProblem('{origin}.evil.example/', 'home')).toMatch(/stays on the connection's host/)
    expect(consoleTemplateProblem('{origin}@evil.example/', 'home')).toMatch(/stays on the connection's host/)
    expect(consoleTemplateProblem('https://{username}.8x8.com/', 'home')).toMatch(
      /no placeholder in the host/,
    )
    expect(consoleTemplateProblem('https://{id}/', 'agent')).toMatch(/no placeholder in the host/)
    expect(consoleTemplateProblem('javascript:alert(1)', 'home')).toMatch(/must start with/)
    expect(consoleTemplateProblem('file:///etc/passwd', 'home')).toMatch(/https:\/\/ or http:\/\//)
    expect(consoleTemplateProblem('https://user:pw@acme.example/', 'home')).toMatch(/user name or password/)
    expect(consoleTemplateProblem('https://acme.example:99999/', 'home')).toMatch(/out of range/)
    expect(consoleTemplateProblem('//acme.example/', 'home')).toMatch(/must start with/)
  })

  it('takes placeholders from the fixed list only, and entity ones only for entities', () => {
    expect(consoleTemplateProblem('{origin}/x/{token}', 'agent')).toMatch(/unknown placeholder \{token\}/)
    expect(consoleTemplateProblem('{origin}/x/{id}', 'home')).toMatch(
      /\{id\} is for agent, queue and chat room/,
    )
    expect(consoleTemplateProblem('{origin}/x/{id', 'agent')).toMatch(/not part of a \{placeholder\}/)
    expect(consoleTemplateProblem('{origin}/a b', 'home')).toMatch(/spaces/)
  })

  it('builds links with entity values percent-encoded, so an id cannot leave the path', () => {
    expect(
      buildConsoleUrl('{origin}/agents/{id}?name={name}', 'agent', {
        baseUrl: 'https://acme.brightpattern.com/api',
        username: null,
        id: '../../x?y#z',
        name: 'Łucja Nowak',
      }),
    ).toBe('https://acme.brightpattern.com/agents/..%2F..%2Fx%3Fy%23z?name=%C5%81ucja%20Nowak')
    expect(buildConsoleUrl('{baseUrl}/', 'home', { baseUrl: 'https://h.example/api/', username: null })).toBe(
      'https://h.example/api/',
    )
    // A value the template needs is missing: no link rather than a broken one.
    expect(buildConsoleUrl('{origin}/x/{id}', 'agent', { baseUrl: null, username: null, id: '1' })).toBeNull()
    expect(
      buildConsoleUrl('{origin}/x/{id}', 'agent', { baseUrl: 'https://h.example', username: null }),
    ).toBeNull()
    expect(
      buildConsoleUrl('{origin}.evil/', 'home', { baseUrl: 'https://h.example', username: null }),
    ).toBeNull()
    expect(originOf('http://pbx.local:9080/rest')).toBe('http://pbx.local:9080')
  })

  it('puts the connection templates over the provider ones, and "" switches a link off', () => {
    const bp = PROVIDER_DESCRIPTORS.brightpattern.console
    expect(effectiveConsoleTemplates(bp, {})).toEqual({ home: '{origin}/agentdesktop/' })
    expect(effectiveConsoleTemplates(bp, { home: '', agent: '{origin}/a/{id}' })).toEqual({
      agent: '{origin}/a/{id}',
    })
    // Every provider template is itself valid.
    for (const d of Object.values(PROVIDER_DESCRIPTORS))
      for (const [target, template] of Object.entries(d.console))
        expect(consoleTemplateProblem(template, target as 'home'), `${d.id} ${target}`).toBeNull()
  })

  it('validates a connection consoleUrls in the config, naming the connection and the target', () => {
    expect(problems({ agent: '{origin}/supervisor/agents/{id}', home: '' })).toEqual([])
    expect(problems({ agent: 'https://{id}.example/' })).toEqual([
      'connection "eu", field "consoleUrls.agent": the host must be written out or be {origin}: no placeholder in the host (connections[0].consoleUrls.agent)',
    ])
    expect(problems({ room: '{origin}/' })[0]).toMatch(/field "consoleUrls.room": unknown key "room"/)
    expect(problems({ home: '{origin}/{id}' })[0]).toMatch(/field "consoleUrls.home": \{id\} is for agent/)
    expect(problems('https://x')[0]).toMatch(/field "consoleUrls"/)
  })
})
