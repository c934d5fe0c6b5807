import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Result } from '../../../../src-shared/result'
import {
  parseChronicallTime,
  parseMetricList,
  parsePushMessage,
  parseValues,
  splitCategoryValue,
} from './parse'

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8')

function ok<T>(p: Result<T, string>): T {
  if (!p.ok) throw new Error(p.error)
  return p.value
}

describe('parseMetricList', () => {
  it('reads the vendor document list', () => {
    const list = ok(parseMetricList(fixture('metric-list.json')))
    expect(list).toEqual([
      {
        metricId: '101',
        metricName: 'metricA',
        categoryType: 'AGENT',
        categorySelection: ['Alice', 'Bob', 'Carol'],
      },
      {
        metricId: '102',
        metricName: 'metricB',
        categoryType: 'AGENT',
        categorySelection: ['Dave', 'Eve', 'Frank'],
      },
    ])
  })

  it('keeps ids opaque strings and rejects what is not a list', () => {
    expect(ok(parseMetricList('[{"metricId": 7}]'))[0]?.metricId).toBe('7')
    expect(parseMetricList('{"metrics": []}').ok).toBe(false)
    expect(parseMetricList('[{"metricName": "x"}]').ok).toBe(false)
    expect(parseMetricList('<html>').ok).toBe(false)
  })
})

describe('parseValues', () => {
  it('reads the vendor document 206 body', () => {
    const v = ok(parseValues(fixture('values-206.json')))
    expect(v.results).toHaveLength(2)
    expect(v.results[0]?.key).toEqual({ metricId: 'K13CJXHV', categoryValue: 'John Doe(481)' })
    expect(v.results[0]?.value).toEqual({
      lastUpdateTime: '2019-10-01T10:13:12.244-06:00',
      value: false,
      type: 'BOOLEAN',
    })
    expect(v.results[1]?.key).toEqual({ metricId: 'K0FLAEB6', categoryValue: null })
    expect(v.initializing).toEqual([
      { metricId: 'K08ZIKVN', categoryValue: 'Abraham Lincoln(871)' },
      { metricId: 'K08ZIKVN', categoryValue: 'Elvis Presley(121)' },
      { metricId: 'K1RNV2OQ', categoryValue: null },
    ])
  })

  it('reads the all-types 200 body and refuses broken ones', () => {
    const v = ok(parseValues(fixture('values-200-all-types.json')))
    expect(v.results.map((r) => r.key.metricId)).toEqual([
      'Q1CALLS',
      'Q1LONGEST',
      'Q1AVGWAIT',
      'AGSTATE',
      'AGDND',
      'AGSTATE',
    ])
    expect(v.initializing).toEqual([])
    expect(ok(parseValues('{"results": []}')).initializing).toEqual([])
    expect(parseValues('{"results": [ {"broken":').ok).toBe(false)
    expect(parseValues('{"results": [{"key": {}, "value": {}}]}').ok).toBe(false)
    expect(parseValues('{"results": {}}').ok).toBe(false)
  })

  it('reads pushed messages, one value each (and batches)', () => {
    const one = ok(
      parsePushMessage(
        '{"key":{"metricId":"K0FLAEB6","categoryValue":"John Doe(481)"},"value":{"lastUpdateTime":"2019-10-01T10:17:56.496-06:00","count":15,"type":"COUNT"}}',
      ),
    )
    expect(one).toHaveLength(1)
    expect(one[0]?.value['count']).toBe(15)
    const many = ok(parsePushMessage(`[${fixture('metric-value-examples.json').trim().slice(1, -1)}]`))
    expect(many).toHaveLength(6)
    expect(parsePushMessage('{"hello": 1}').ok).toBe(false)
  })
})

describe('parseChronicallTime', () => {
  it('converts server local time with its offset to UTC', () => {
    expect(parseChronicallTime('2019-10-01T10:17:56.496-06:00')).toBe(Date.UTC(2019, 9, 1, 16, 17, 56, 496))
    expect(parseChronicallTime('2018-09-24T13:17:35.661-06:00')).toBe(Date.UTC(2018, 8, 24, 19, 17, 35, 661))
    expect(parseChronicallTime('2019-10-01T21:47:56.496+05:30')).toBe(Date.UTC(2019, 9, 1, 16, 17, 56, 496))
    expect(parseChronicallTime('2019-10-01T10:17:56.496-0600')).toBe(Date.UTC(2019, 9, 1, 16, 17, 56, 496))
    expect(parseChronicallTime('2019-10-01T16:17:56Z')).toBe(Date.UTC(2019, 9, 1, 16, 17, 56))
    expect(parseChronicallTime('2019-10-01T16:17:56.4961234Z')).toBe(Date.UTC(2019, 9, 1, 16, 17, 56, 496))
    expect(parseChronicallTime('2019-10-01T16:17:56')).toBe(Date.UTC(2019, 9, 1, 16, 17, 56))
  })

  it('gives null for what is not a time', () => {
    expect(parseChronicallTime('yesterday')).toBeNull()
    expect(parseChronicallTime(1569946676496)).toBeNull()
    expect(parseChronicallTime(undefined)).toBeNull()
  })
})

describe('splitCategoryValue', () => {
  it('takes the last parenthesised part as the extension', () => {
    expect(splitCategoryValue('John Doe(481)')).toEqual({ name: 'John Doe', extension: '481' })
    expect(splitCategoryValue('Elvis Presley (121)')).toEqual({ name: 'Elvis Presley', extension: '121' })
    expect(splitCategoryValue('Mary (Sales) Smith(482)')).toEqual({
      name: 'Mary (Sales) Smith',
      extension: '482',
    })
    expect(splitCategoryValue('Alice')).toEqual({ name: 'Alice', extension: null })
    expect(splitCategoryValue('Bob()')).toEqual({ name: 'Bob', extension: null })
    expect(splitCategoryValue('(500)')).toEqual({ name: '(500)', extension: '500' })
  })
})
