/**
 * Malformed configs, one kind per case: each is refused with a message that says what and where (the connection or
 * rule, the field, the line and column), or accepted because the format allows it (JSONC: BOM, comments, trailing
 * commas). Nothing here may throw, and nothing may be accepted silently.
 */
import { describe, expect, it } from 'vitest'
import { formatConfigIssue, parseConfigText } from './config'
import { JSONC_MAX_CHARS } from './jsonc'

/** One connection with `over` merged in, as config text. */
function withConnection(over: Record<string, unknown>): string {
  return JSON.stringify({
    connections: [{ id: 'eu', provider: 'chronicall', baseUrl: 'https://pbx.example.com', ...over }],
  })
}
const url = (baseUrl: string) => withConnection({ baseUrl })

type Case = [name: string, text: string, expected: RegExp | 'accepted']

const CASES: Case[] = [
  // Base URLs: only what the engine can append API paths to.
  [
    'port 99999',
    url('https://pbx.example.com:99999'),
    /connection "eu", field "baseUrl": port 99999 is out of range \(1–65535\)/,
  ],
  ['port 65536', url('https://pbx.example.com:65536/api'), /field "baseUrl": port 65536 is out of range/],
  ['port 0', url('http://pbx.example.com:0'), /field "baseUrl": port 0 is out of range/],
  ['empty port', url('http://pbx.example.com:/'), /field "baseUrl": the port after ":" is missing/],
  [
    'port with letters',
    url('http://pbx.example.com:80a'),
    /field "baseUrl": "pbx.example.com:80a" is not a valid host name/,
  ],
  [
    'query and fragment',
    url('https://pbx.example.com/api?x=1#top'),
    /field "baseUrl": must not contain a query \("\?x=1"\)/,
  ],
  ['empty query', url('https://pbx.example.com/?'), /field "baseUrl": must not contain a query/],
  [
    'fragment',
    url('https://pbx.example.com/#frag'),
    /field "baseUrl": must not contain a fragment \("#frag"\)/,
  ],
  [
    'credentials in the URL',
    url('https://admin:hunter2@pbx.example.com'),
    /field "baseUrl": must not contain a user name or password/,
  ],
  [
    'user name in the URL',
    url('https://admin@pbx.example.com'),
    /field "baseUrl": must not contain a user name or password/,
  ],
  [
    'ftp scheme',
    url('ftp://pbx.example.com'),
    /field "baseUrl": must use http:\/\/ or https:\/\/, not ftp:\/\//,
  ],
  ['javascript: URL', url('javascript:alert(1)'), /field "baseUrl": must be an http:\/\/ or https:\/\/ URL/],
  ['no scheme', url('pbx.example.com'), /field "baseUrl": must be an http:\/\/ or https:\/\/ URL/],
  ['space in the URL', url('https://pbx.example.com/my api'), /field "baseUrl": must not contain spaces/],
  ['no host', url('https:///api'), /field "baseUrl": "" is not a valid host name/],
  [
    'empty label in host',
    url('https://pbx..example.com'),
    /field "baseUrl": "pbx..example.com" is not a valid host name/,
  ],
  ['empty baseUrl', url(''), /field "baseUrl": must not be empty/],
  ['IPv6 host with a port', url('http://[::1]:8080/api'), 'accepted'],
  ['port 65535', url('https://pbx.example.com:65535'), 'accepted'],
  // JSONC: what the format allows.
  ['UTF-8 BOM', '\uFEFF' + url('https://pbx.example.com'), 'accepted'],
  ['line comments', '// exported\n{ "connections": [] // none yet\n}', 'accepted'],
  ['block comments', '/* a\n b */ { /* c */ "connections": [] }', 'accepted'],
  ['trailing commas', '{ "connections": [ { "id": "d", "provider": "simulator", }, ], }', 'accepted'],
  // Duplicate keys: never "the last one wins".
  [
    'duplicate top-level key',
    '{ "connections": [], "connections": [] }',
    /line 1, column 22: duplicate key "connections" \(connections is given twice; keep one\)/,
  ],
  [
    'duplicate key in a connection',
    '{ "connections": [ { "id": "a", "provider": "simulator", "id": "b" } ] }',
    /duplicate key "id" \(connections\[0\]\.id is given twice/,
  ],
  [
    'duplicate key in options',
    '{ "connections": [ { "id": "a", "provider": "simulator", "options": { "seed": 1, "seed": 2 } } ] }',
    /duplicate key "seed" \(connections\[0\]\.options\.seed is given twice/,
  ],
  // Unknown keys (a typo, or a newer version): named with their place.
  ['unknown top-level key', '{ "connections": [], "layouts": {} }', /field "layouts": unknown key "layouts"/],
  ['views not a list', '{ "connections": [], "views": {} }', /field "views": must be a list of saved views/],
  [
    'unknown connection key',
    withConnection({ region: 'eu' }),
    /connection "eu", field "region": unknown key "region"/,
  ],
  [
    'unknown option key',
    withConnection({ options: { pushFeed: true } }),
    /connection "eu", field "options\.pushFeed": unknown key "pushFeed"/,
  ],
  [
    'unknown rule key',
    '{ "rules": [ { "id": "r", "name": "r", "entity": "queue", "field": "waiting", "op": ">", "warn": 1, "colour": "red" } ] }',
    /rule "r", field "colour": unknown key "colour"/,
  ],
  ['__proto__ key', '{ "connections": [], "__proto__": { "polluted": true } }', /unknown key "__proto__"/],
  // Wrong types.
  [
    'pollSeconds as a string',
    withConnection({ pollSeconds: '5' }),
    /connection "eu", field "pollSeconds": .*number/i,
  ],
  ['enabled as a string', withConnection({ enabled: 'yes' }), /connection "eu", field "enabled": .*boolean/i],
  [
    'negative pollSeconds',
    withConnection({ pollSeconds: -5 }),
    /field "pollSeconds": must be greater than 0/,
  ],
  ['pollSeconds too large', withConnection({ pollSeconds: 1e9 }), /field "pollSeconds": at most 3600/],
  ['connections as an object', '{ "connections": { "id": "a" } }', /field "connections": .*array/i],
  ['id as a number', '{ "connections": [ { "id": 7, "provider": "simulator" } ] }', /field "id": .*string/i],
  [
    'unknown provider',
    '{ "connections": [ { "id": "a", "provider": "genesys" } ] }',
    /connection "a", field "provider": must be one of/,
  ],
  [
    'duplicate connection ids',
    '{ "connections": [ { "id": "a", "provider": "simulator" }, { "id": "a", "provider": "simulator" } ] }',
    /duplicate connection id "a"/,
  ],
  [
    'rule on an unknown connection',
    '{ "connections": [], "rules": [ { "id": "r", "name": "r", "entity": "queue", "connection": "x", "field": "waiting", "op": ">", "warn": 1 } ] }',
    /rule "r", field "connection": no connection with id "x"/,
  ],
  ['top-level array', '[]', /expected object/i],
  ['top-level null', 'null', /expected object/i],
  ['top-level string', '"settings"', /expected object/i],
  // Broken text.
  ['empty file', '', /the file is empty/],
  ['whitespace only', ' \n\t ', /the file is empty/],
  ['only a comment', '// nothing else', /the file is empty/],
  ['truncated file', withConnection({}).slice(0, 40), /line 1, column 41: .*(expected|not closed)/],
  ['unclosed string', '{ "connections": [ "abc ] }', /a string is not closed/],
  ['unclosed block comment', '{ "connections": [] } /* never closed', /a \/\* comment is not closed/],
  ['text after the document', '{ "connections": [] } { }', /unexpected text after the end of the document/],
  [
    'NaN',
    '{ "connections": [ { "id": "a", "provider": "simulator", "pollSeconds": NaN } ] }',
    /line 1, column \d+: (unexpected character|a value expected)/,
  ],
  ['single quotes', "{ 'connections': [] }", /line 1, column 3: /],
  ['unquoted key', '{ connections: [] }', /line 1, column 3: /],
  [
    'control character in a string',
    '{ "connections": [ { "id": "a\u0001", "provider": "simulator" } ] }',
    /a control character inside a string/,
  ],
  [
    'invalid escape',
    '{ "connections": [ { "id": "a\\x", "provider": "simulator" } ] }',
    /not a valid escape in a string/,
  ],
  ['NUL bytes', '\u0000\u0000\u0000', /line 1, column 1: /],
  ['huge file', '{ "connections": [], "x": "' + 'a'.repeat(JSONC_MAX_CHARS) + '" }', /at most 4 MiB is read/],
  [
    'deeply nested',
    '{ "connections": ' + '['.repeat(100_000) + ']'.repeat(100_000) + ' }',
    /nested (deeper than 64 levels|too deeply)/,
  ],
]

describe('malformed config corpus', () => {
  it('has at least 40 kinds of bad input', () => {
    expect(CASES.filter(([, , e]) => e !== 'accepted').length).toBeGreaterThanOrEqual(40)
  })

  it.each(CASES)('%s', (_name, text, expected) => {
    const r = parseConfigText(text)
    if (expected === 'accepted') {
      expect(r.ok ? [] : r.issues.map(formatConfigIssue)).toEqual([])
      return
    }
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.issues.map(formatConfigIssue).join('\n')).toMatch(expected)
  })

  it('a __proto__ key never reaches a prototype', () => {
    parseConfigText('{ "__proto__": { "polluted": true } }')
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})
