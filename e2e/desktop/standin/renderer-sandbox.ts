/**
 * Electron's sandboxed preload environment, rebuilt from Electron's own sources (lib/sandboxed_renderer/init.ts
 * and preload.ts) and its docs ("Process Sandboxing", contextBridge, ipcRenderer), for two hosts that have no
 * Electron: a Chromium page driven by the desktop e2e, and a `vm` context in the built-preload unit test.
 *
 * What it reproduces:
 * - `require` knows exactly `electron` (also `electron/common`, `electron/renderer`), `events`, `timers`, `url` and
 *   their `node:` forms; anything else throws `module not found: <id>`, as Electron's preloadRequire does.
 * - The preload runs as a function of (require, process, exports, module, Buffer, global, setImmediate,
 *   clearImmediate); an exception is logged as "Unable to load preload script: <path>" and reported to main
 *   (webContents 'preload-error'), and the page loads without the API.
 * - contextBridge.exposeInMainWorld refuses without context isolation and on top of an existing property; values
 *   are copied and frozen, functions are proxied with their arguments and results copied.
 * - ipcRenderer is an EventEmitter; invoke/send clone their arguments with the structured clone algorithm (so a
 *   function argument throws), invoke rejects with "Error invoking remote method '<channel>': <error>", and
 *   listeners get an IpcRendererEvent `{ sender, ports }`.
 * Not reproduced: the isolated world itself (in a page the preload shares the page's JavaScript world; its bindings
 * are taken out of reach of page scripts before they run), `Buffer`, `sendSync`, and the renderer modules other than
 * contextBridge and ipcRenderer (they throw when used).
 *
 * This file must stay self-contained: it is transpiled and injected as text (see sandbox-script.ts). Only type
 * imports are allowed.
 */

/** How the sandbox reaches main: Playwright bindings in a page, plain functions in the unit test. */
export interface SandboxIpcHost {
  invoke(
    channel: string,
    args: unknown[],
  ): Promise<{ ok: true; value: unknown } | { ok: false; error: string }>
  send(channel: string, args: unknown[]): void
  preloadError(preloadPath: string, error: { message: string; stack: string | null }): void
  /** Called once; main's `webContents.send` messages arrive through `deliver`. */
  listen(deliver: (channel: string, args: unknown[]) => void): void
}

/** The web platform pieces the sandbox needs (a vm context has none of its own). */
export interface SandboxBuiltins {
  setTimeout: (fn: () => void, ms?: number) => unknown
  clearTimeout: (handle: unknown) => void
  setInterval: (fn: () => void, ms?: number) => unknown
  clearInterval: (handle: unknown) => void
  structuredClone: (value: unknown) => unknown
  URL: unknown
  URLSearchParams: unknown
  console: { error: (...args: unknown[]) => void }
}

export interface SandboxHost {
  /** The page's global object (`window`), where exposeInMainWorld puts the API. */
  mainWorld: Record<string, unknown>
  ipc: SandboxIpcHost
  builtins: SandboxBuiltins
  preloadPath: string
  contextIsolation: boolean
  /** Copied onto the preload's `process` (Electron: platform, versions, type, sandboxed, contextIsolated…). */
  process: Record<string, unknown>
}

export type PreloadFunction = (
  require: (id: string) => unknown,
  process: unknown,
  exports: unknown,
  module: { exports: unknown },
  Buffer: unknown,
  global: unknown,
  setImmediate: unknown,
  clearImmediate: unknown,
) => void

export function installSandboxedPreload(host: SandboxHost, preload: PreloadFunction): void {
  const b = host.builtins

  // --- events: the subset of Node's EventEmitter a preload uses -----------------------------------------------
  type Listener = (...args: unknown[]) => void
  function createEmitter(): Record<string, unknown> & {
    emit(name: string, ...args: unknown[]): boolean
  } {
    const listeners = new Map<string, { fn: Listener; once: boolean }[]>()
    const self = {
      on(name: string, fn: Listener) {
        if (typeof fn !== 'function') throw new TypeError('The "listener" argument must be of type function')
        listeners.set(name, [...(listeners.get(name) ?? []), { fn, once: false }])
        return self
      },
      once(name: string, fn: Listener) {
        if (typeof fn !== 'function') throw new TypeError('The "listener" argument must be of type function')
        listeners.set(name, [...(listeners.get(name) ?? []), { fn, once: true }])
        return self
      },
      off(name: string, fn: Listener) {
        const list = listeners.get(name) ?? []
        const i = list.findIndex((l) => l.fn === fn)
        if (i >= 0) list.splice(i, 1)
        return self
      },
      removeAllListeners(name?: string) {
        if (name === undefined) listeners.clear()
        else listeners.delete(name)
        return self
      },
      listenerCount(name: string) {
        return (listeners.get(name) ?? []).length
      },
      emit(name: string, ...args: unknown[]) {
        const list = [...(listeners.get(name) ?? [])]
        for (const l of list) {
          if (l.once) self.off(name, l.fn)
          l.fn(...args)
        }
        return list.length > 0
      },
      addListener(name: string, fn: Listener) {
        return self.on(name, fn)
      },
      removeListener(name: string, fn: Listener) {
        return self.off(name, fn)
      },
    }
    return self
  }
  function EventEmitter(this: unknown) {
    return createEmitter()
  }
  const events = Object.freeze({ EventEmitter, default: EventEmitter })

  // --- timers and url ---------------------------------------------------------------------------------------------
  const setImmediate = (fn: (...a: unknown[]) => void, ...args: unknown[]) =>
    b.setTimeout(() => fn(...args), 0)
  const clearImmediate = (h: unknown) => b.clearTimeout(h)
  const timers = Object.freeze({
    setTimeout: b.setTimeout,
    clearTimeout: b.clearTimeout,
    setInterval: b.setInterval,
    clearInterval: b.clearInterval,
    setImmediate,
    clearImmediate,
  })
  const url = Object.freeze({ URL: b.URL, URLSearchParams: b.URLSearchParams })

  // --- contextBridge ----------------------------------------------------------------------------------------------
  /** A copy of `value` for the other world: data copied and frozen, functions and promises proxied. */
  function copyAcross(value: unknown, depth: number): unknown {
    if (depth > 1000) throw new Error('Electron contextBridge: object is too deep to be copied')
    if (value === null || value === undefined) return value
    const t = typeof value
    if (t === 'string' || t === 'number' || t === 'boolean' || t === 'bigint') return value
    // Symbols cannot be copied across contexts, so they are dropped (contextBridge docs).
    if (t === 'symbol') return undefined
    if (t === 'function') {
      const fn = value as (...a: unknown[]) => unknown
      const proxied = function (...args: unknown[]) {
        return copyAcross(fn(...args.map((a) => copyAcross(a, depth + 1))), depth + 1)
      }
      return Object.freeze(proxied)
    }
    if (value instanceof Promise) return value.then((v) => copyAcross(v, depth + 1))
    if (value instanceof Error) {
      const e = new Error(value.message)
      e.stack = value.stack ?? ''
      return e
    }
    if (Array.isArray(value)) return Object.freeze(value.map((v) => copyAcross(v, depth + 1)))
    if (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null) {
      const out: Record<string, unknown> = {}
      for (const k of Object.keys(value as object))
        out[k] = copyAcross((value as Record<string, unknown>)[k], depth + 1)
      return Object.freeze(out)
    }
    // Dates, maps, typed arrays…: cloneable types are cloned. Custom classes lose their prototype (copied as data).
    try {
      return b.structuredClone(value)
    } catch {
      const out: Record<string, unknown> = {}
      for (const k of Object.keys(value as object))
        out[k] = copyAcross((value as Record<string, unknown>)[k], depth + 1)
      return Object.freeze(out)
    }
  }
  const contextBridge = Object.freeze({
    exposeInMainWorld(key: string, api: unknown) {
      if (!host.contextIsolation)
        throw new Error('contextBridge API can only be used when contextIsolation is enabled')
      if (typeof key !== 'string') throw new TypeError('The "apiKey" argument must be a string')
      if (Object.prototype.hasOwnProperty.call(host.mainWorld, key))
        throw new Error('Cannot bind an API on top of an existing property on the window object')
      Object.defineProperty(host.mainWorld, key, {
        value: copyAcross(api, 0),
        enumerable: true,
        writable: false,
        configurable: false,
      })
    },
    exposeInIsolatedWorld() {
      throw new Error('contextBridge.exposeInIsolatedWorld is not provided by the desktop test stand-in')
    },
    executeInMainWorld() {
      throw new Error('contextBridge.executeInMainWorld is not provided by the desktop test stand-in')
    },
  })

  // --- ipcRenderer --------------------------------------------------------------------------------------------------
  const ipcRenderer = createEmitter()
  /** Electron serializes IPC arguments with the structured clone algorithm: functions, symbols… throw here. */
  const cloneArgs = (args: unknown[]) => b.structuredClone(args) as unknown[]
  Object.assign(ipcRenderer, {
    async invoke(channel: string, ...args: unknown[]) {
      const r = await host.ipc.invoke(String(channel), cloneArgs(args))
      if (!r.ok) throw new Error(`Error invoking remote method '${channel}': ${r.error}`)
      return r.value
    },
    send(channel: string, ...args: unknown[]) {
      host.ipc.send(String(channel), cloneArgs(args))
    },
    sendSync() {
      throw new Error('ipcRenderer.sendSync is not provided by the desktop test stand-in')
    },
    sendToHost() {
      throw new Error('ipcRenderer.sendToHost is not provided by the desktop test stand-in')
    },
    postMessage() {
      throw new Error('ipcRenderer.postMessage is not provided by the desktop test stand-in')
    },
  })
  host.ipc.listen((channel, args) => {
    ipcRenderer.emit(channel, { sender: ipcRenderer, ports: [] }, ...args)
  })

  /** Renderer modules the stand-in does not implement: any use says so instead of half-working. */
  const missing = (name: string) =>
    new Proxy(
      {},
      {
        get(_t, prop) {
          throw new Error(`electron.${name}.${String(prop)} is not provided by the desktop test stand-in`)
        },
      },
    )
  const electron = Object.freeze({
    contextBridge,
    ipcRenderer,
    crashReporter: missing('crashReporter'),
    nativeImage: missing('nativeImage'),
    sharedTexture: missing('sharedTexture'),
    webFrame: missing('webFrame'),
    webUtils: missing('webUtils'),
  })

  // --- require, exactly as lib/sandboxed_renderer/preload.ts ------------------------------------------------------
  const loaded = new Map<string, unknown>([
    ['electron', electron],
    ['electron/common', electron],
    ['electron/renderer', electron],
    ['events', events],
    ['node:events', events],
    ['timers', timers],
    ['node:timers', timers],
    ['url', url],
    ['node:url', url],
  ])
  const require = (id: string) => {
    if (loaded.has(id)) return loaded.get(id)
    throw new Error(`module not found: ${id}`)
  }

  const process = Object.assign(createEmitter(), host.process, { contextIsolated: host.contextIsolation })
  const Buffer = new Proxy(
    {},
    {
      get() {
        throw new Error('Buffer is not provided by the desktop test stand-in')
      },
    },
  )
  const module = { exports: {} as unknown }
  try {
    preload(require, process, module.exports, module, Buffer, host.mainWorld, setImmediate, clearImmediate)
  } catch (e) {
    b.console.error(`Unable to load preload script: ${host.preloadPath}`)
    b.console.error(e)
    const err = e instanceof Error ? e : new Error(String(e))
    host.ipc.preloadError(host.preloadPath, { message: err.message, stack: err.stack ?? null })
  }
}
