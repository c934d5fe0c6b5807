/**
 * What goes wrong in the page reaches the app's log file: errors and warnings the renderer prints (an uncaught
 * exception is printed as "Uncaught …"), a preload that failed to load, a page that stopped answering. Support
 * asks for the log; a renderer error that only ever lived in devtools would be lost.
 */
import type { Disposer, Logger } from '../core/ports'

/** What Electron's 'console-message' event carries (WebContentsConsoleMessageEventParams). */
export interface ConsoleMessage {
  level: 'info' | 'warning' | 'error' | 'debug'
  message: string
  lineNumber: number
  sourceId: string
}

/** The part of a WebContents this listens to (an Electron WebContents has it). */
export interface RendererEvents {
  on(event: 'console-message', fn: (details: ConsoleMessage) => void): unknown
  on(event: 'preload-error', fn: (event: unknown, preloadPath: string, error: Error) => void): unknown
  on(event: 'unresponsive' | 'responsive', fn: () => void): unknown
  removeListener(event: string, fn: (...args: never[]) => void): unknown
}

/** A long message (a stack, a serialized object) is cut: one line of the log must stay readable. */
const MAX_MESSAGE = 4000

/** Only errors and warnings: the page's info and debug output is for devtools. */
export function logRendererErrors(contents: RendererEvents, log: Logger): Disposer {
  const onConsole = (details: ConsoleMessage) => {
    if (details.level !== 'error' && details.level !== 'warning') return
    const fields = {
      message: details.message.slice(0, MAX_MESSAGE),
      source: details.sourceId ? `${details.sourceId}:${details.lineNumber}` : undefined,
    }
    if (details.level === 'error') log.error('the board reported an error', fields)
    else log.warn('the board reported a warning', fields)
  }
  const onPreload = (_event: unknown, preloadPath: string, error: Error) =>
    log.error('the preload failed: the window has no bridge to the app', {
      preload: preloadPath,
      error: (error.stack ?? error.message).slice(0, MAX_MESSAGE),
    })
  const onUnresponsive = () => log.warn('the board stopped responding')
  const onResponsive = () => log.info('the board responds again')
  contents.on('console-message', onConsole)
  contents.on('preload-error', onPreload)
  contents.on('unresponsive', onUnresponsive)
  contents.on('responsive', onResponsive)
  return () => {
    contents.removeListener('console-message', onConsole)
    contents.removeListener('preload-error', onPreload)
    contents.removeListener('unresponsive', onUnresponsive)
    contents.removeListener('responsive', onResponsive)
  }
}
