import { describe, expect, it } from 'vitest'
import { memoryLogger } from '../core/runtime/logger'
import { logRendererErrors } from './renderer-errors'

function fakeContents() {
  const listeners = new Map<string, Set<(...args: never[]) => void>>()
  return {
    on(event: string, fn: (...args: never[]) => void) {
      listeners.set(event, (listeners.get(event) ?? new Set()).add(fn))
    },
    removeListener(event: string, fn: (...args: never[]) => void) {
      listeners.get(event)?.delete(fn)
    },
    emit(event: string, ...args: unknown[]) {
      for (const fn of listeners.get(event) ?? []) (fn as (...a: unknown[]) => void)(...args)
    },
    count: () => [...listeners.values()].reduce((n, s) => n + s.size, 0),
  }
}

describe("the renderer's errors in the log file", () => {
  it('logs errors and warnings with where they came from, not info or debug', () => {
    const contents = fakeContents()
    const log = memoryLogger()
    logRendererErrors(contents, log)
    contents.emit('console-message', {
      level: 'error',
      message: 'Uncaught TypeError: x is undefined',
      lineNumber: 12,
      sourceId: 'app://floorwalker/assets/index.js',
    })
    contents.emit('console-message', { level: 'warning', message: 'slow', lineNumber: 0, sourceId: '' })
    contents.emit('console-message', { level: 'info', message: 'hello', lineNumber: 1, sourceId: 'x' })
    contents.emit('console-message', { level: 'debug', message: 'details', lineNumber: 1, sourceId: 'x' })
    expect(log.lines).toHaveLength(2)
    expect(log.lines[0]).toContain('the board reported an error')
    expect(log.lines[0]).toContain('Uncaught TypeError: x is undefined')
    expect(log.lines[0]).toContain('app://floorwalker/assets/index.js:12')
    expect(log.lines[1]).toContain('the board reported a warning')
    expect(log.lines.join('\n')).not.toContain('hello')
  })

  it('logs a preload that failed and a page that stopped answering', () => {
    const contents = fakeContents()
    const log = memoryLogger()
    logRendererErrors(contents, log)
    contents.emit('preload-error', {}, '/app/out/preload/index.cjs', new Error('module not found: zod'))
    contents.emit('unresponsive')
    expect(log.lines[0]).toContain('the preload failed')
    expect(log.lines[0]).toContain('module not found: zod')
    expect(log.lines[0]).toContain('/app/out/preload/index.cjs')
    expect(log.lines[1]).toContain('the board stopped responding')
  })

  it('cuts a huge message, and the disposer stops listening', () => {
    const contents = fakeContents()
    const log = memoryLogger()
    const stop = logRendererErrors(contents, log)
    contents.emit('console-message', {
      level: 'error',
      message: 'y'.repeat(100_000),
      lineNumber: 0,
      sourceId: '',
    })
    expect(log.lines[0]!.length).toBeLessThan(5000)
    stop()
    expect(contents.count()).toBe(0)
  })
})
