import { describe, expect, it } from 'vitest'
import { createEmitter } from './emitter'

describe('createEmitter', () => {
  it('calls every listener in subscription order with the value', () => {
    const e = createEmitter<number>(() => {
      throw new Error('no listener threw')
    })
    const heard: string[] = []
    e.subscribe((v) => heard.push(`a${v}`))
    e.subscribe((v) => heard.push(`b${v}`))
    e.emit(1)
    e.emit(2)
    expect(heard).toEqual(['a1', 'b1', 'a2', 'b2'])
  })

  it('reports a listener that throws and still calls the others', () => {
    const errors: unknown[] = []
    const e = createEmitter<string>((err) => errors.push(err))
    const heard: string[] = []
    const boom = new Error('boom')
    e.subscribe(() => {
      throw boom
    })
    e.subscribe((v) => heard.push(v))
    expect(() => e.emit('x')).not.toThrow()
    expect(heard).toEqual(['x'])
    expect(errors).toEqual([boom])
  })

  it('still calls the other listeners when the error sink itself throws', () => {
    const e = createEmitter<string>(() => {
      throw new Error('the sink is broken')
    })
    const heard: string[] = []
    e.subscribe(() => {
      throw new Error('boom')
    })
    e.subscribe((v) => heard.push(v))
    expect(() => e.emit('x')).not.toThrow()
    expect(heard).toEqual(['x'])
  })

  it('returns a disposer that removes the listener, harmless when called twice', () => {
    const e = createEmitter<number>(() => undefined)
    const heard: number[] = []
    const off = e.subscribe((v) => heard.push(v))
    const other = e.subscribe(() => undefined)
    e.emit(1)
    off()
    off()
    e.emit(2)
    expect(heard).toEqual([1])
    expect(e.size).toBe(1)
    other()
    expect(e.size).toBe(0)
  })

  it('keeps one listener for a function added twice', () => {
    const e = createEmitter<number>(() => undefined)
    let calls = 0
    const l = () => calls++
    e.subscribe(l)
    e.subscribe(l)
    e.emit(1)
    expect(calls).toBe(1)
    expect(e.size).toBe(1)
  })

  it('skips a listener removed during an emit and calls one added during it only from the next emit', () => {
    const e = createEmitter<number>(() => undefined)
    const heard: string[] = []
    let offB: () => void = () => undefined
    e.subscribe((v) => {
      heard.push(`a${v}`)
      offB()
      if (v === 1) e.subscribe((w) => heard.push(`c${w}`))
    })
    offB = e.subscribe((v) => heard.push(`b${v}`))
    e.emit(1)
    e.emit(2)
    expect(heard).toEqual(['a1', 'a2', 'c2'])
  })

  it('forgets every listener on clear', () => {
    const e = createEmitter<number>(() => undefined)
    const heard: number[] = []
    e.subscribe((v) => heard.push(v))
    e.clear()
    e.emit(1)
    expect(heard).toEqual([])
    expect(e.size).toBe(0)
  })
})
