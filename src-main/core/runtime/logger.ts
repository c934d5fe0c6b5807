import type { Logger, LogLevel } from '../ports'

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 }

/**
 * A line-per-event logger writing to a sink (stderr in headless, a file in the app). Fields named like secrets
 * are never written: a log line must never carry one, whatever a caller passes.
 */
export function createLogger(
  write: (line: string) => void,
  opts: { level?: LogLevel; scope?: string; now?: () => number } = {},
): Logger {
  const min = ORDER[opts.level ?? 'info']
  const now = opts.now ?? (() => Date.now()) // eslint-disable-line no-restricted-properties -- default for CLI use
  const make = (scope: string | undefined): Logger => {
    const emit = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => {
      if (ORDER[level] < min) return
      const safe = fields ? JSON.stringify(redactFields(fields)) : ''
      write(
        `${new Date(now()).toISOString()} ${level.toUpperCase()}${scope ? ` [${scope}]` : ''} ${msg}${safe ? ' ' + safe : ''}`,
      )
    }
    return {
      debug: (m, f) => emit('debug', m, f),
      info: (m, f) => emit('info', m, f),
      warn: (m, f) => emit('warn', m, f),
      error: (m, f) => emit('error', m, f),
      child: (s) => make(scope ? `${scope}/${s}` : s),
    }
  }
  return make(opts.scope)
}

export function redactFields(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(fields)) {
    out[k] = /secret|password|token|authorization|cookie|key$/i.test(k) ? '[redacted]' : v
  }
  return out
}

/** A logger that keeps lines in memory (tests). */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = []
  const log = createLogger((l) => lines.push(l), { level: 'debug', now: () => 0 })
  return Object.assign(log, { lines })
}
