import type { Logger, LogLevel } from '../ports'
import { Redactor, redactFields } from './redact'

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 }

/**
 * A line-per-event logger writing to a sink (stderr in headless, a file in the app). Fields named like secrets
 * are never written, and every line goes through `redactor` (the composition root's, which knows the secrets in
 * use; without one, credentials are still caught by their shape): a log line must never carry a secret, whatever
 * a caller passes.
 */
export function createLogger(
  write: (line: string) => void,
  opts: { level?: LogLevel; scope?: string; now?: () => number; redactor?: Redactor } = {},
): Logger {
  const min = ORDER[opts.level ?? 'info']
  const redactor = opts.redactor ?? new Redactor()
  const now = opts.now ?? (() => Date.now()) // eslint-disable-line no-restricted-properties -- default for CLI use
  const make = (scope: string | undefined): Logger => {
    const emit = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => {
      if (ORDER[level] < min) return
      const safe = fields ? JSON.stringify(redactFields(fields)) : ''
      write(
        redactor.redact(
          `${new Date(now()).toISOString()} ${level.toUpperCase()}${scope ? ` [${scope}]` : ''} ${msg}${safe ? ' ' + safe : ''}`,
        ),
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

/** A logger that keeps lines in memory (tests). */
export function memoryLogger(redactor?: Redactor): Logger & { lines: string[] } {
  const lines: string[] = []
  const log = createLogger((l) => lines.push(l), { level: 'debug', now: () => 0, redactor })
  return Object.assign(log, { lines })
}
