import { EnvHttpProxyAgent, fetch, type Dispatcher } from 'undici'
import type { HttpClient, HttpRequest, HttpResult } from '../ports'
import type { ProbeTarget } from './net-probe'
import { RedirectingHttpClient, ResponseTooLarge, type HttpHop } from './redirecting-http-client'

/**
 * Counts the body's bytes as they come off the socket, before fetch undoes Content-Encoding, and ends the exchange
 * past `max`: the compressed side of the cap (the decoded side is counted by RedirectingHttpClient). The handler is
 * wrapped rather than subclassed because fetch hands undici a handler of the older callback style (`onData`) and
 * other callers the newer one (`onResponseData`); a throw from either makes undici abort the request with it.
 */
function wireCap(max: number, over: () => void): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) => (opts, handler) => {
    let size = 0
    const count = (chunk: Buffer) => {
      size += chunk.byteLength
      if (size > max) {
        over()
        throw new ResponseTooLarge('wire', max)
      }
    }
    const counted = new Proxy(handler, {
      get(target, prop) {
        const value: unknown = Reflect.get(target, prop)
        if (typeof value !== 'function') return value
        if (prop === 'onData')
          return (chunk: Buffer) => {
            count(chunk)
            return (value as (c: Buffer) => boolean).call(target, chunk)
          }
        if (prop === 'onResponseData')
          return (controller: Dispatcher.DispatchController, chunk: Buffer) => {
            count(chunk)
            ;(value as (c: Dispatcher.DispatchController, b: Buffer) => void).call(target, controller, chunk)
          }
        return (value as (...args: unknown[]) => unknown).bind(target)
      },
    })
    return dispatch(opts, counted)
  }
}

/** The proxy settings of an environment: curl's variables, lower case first as curl and undici read them. */
export interface ProxyEnv {
  httpProxy: string | null
  httpsProxy: string | null
  noProxy: string
}

export function proxyEnv(env: Record<string, string | undefined>): ProxyEnv {
  const pick = (name: string) => env[name.toLowerCase()] || env[name.toUpperCase()] || null
  const httpProxy = pick('http_proxy')
  return {
    httpProxy,
    // As undici: without HTTPS_PROXY, https:// requests use HTTP_PROXY too.
    httpsProxy: pick('https_proxy') ?? httpProxy,
    noProxy: pick('no_proxy') ?? '',
  }
}

/** The proxies an environment sends traffic to, for the connectivity probe ("packets leave this computer"). */
export function proxyProbeTargets(env: ProxyEnv): ProbeTarget[] {
  const seen = new Map<string, ProbeTarget>()
  for (const p of [env.httpProxy, env.httpsProxy]) {
    if (!p) continue
    try {
      const u = new URL(p)
      const port = u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80
      const host = u.hostname.replace(/^\[|\]$/g, '')
      seen.set(`${host}:${port}`, { host, port })
    } catch {
      // An unreadable proxy URL fails every request with its own message; nothing to probe.
    }
  }
  return [...seen.values()]
}

export interface FetchHttpClientOptions {
  /**
   * Where HTTP_PROXY / HTTPS_PROXY / NO_PROXY are read from (the headless runner passes process.env). Without it
   * every request goes direct.
   */
  env?: Record<string, string | undefined>
}

/**
 * The real HttpClient under Node (the one place core code sends HTTP): undici's fetch, through the proxy the environment names (NO_PROXY hosts go
 * direct), one exchange at a time; redirects, timeout and headers are handled by RedirectingHttpClient exactly as
 * in the desktop app. TLS trusts Node's CA list plus NODE_EXTRA_CA_CERTS (a corporate inspection CA).
 */
export class FetchHttpClient implements HttpClient {
  private readonly client: RedirectingHttpClient

  constructor(userAgent = 'Floorwalker', opts: FetchHttpClientOptions = {}) {
    const p = proxyEnv(opts.env ?? {})
    // Explicit values (never undefined), so undici does not read process.env behind our back.
    const dispatcher: Dispatcher = new EnvHttpProxyAgent({
      httpProxy: p.httpProxy ?? '',
      httpsProxy: p.httpsProxy ?? '',
      noProxy: p.noProxy,
      // Plain-HTTP requests go to the proxy in absolute form, as curl and browsers send them: proxies commonly
      // allow CONNECT only to port 443, so tunnelling them would be refused.
      proxyTunnel: false,
    })
    const hop: HttpHop = async (r) => {
      let over = false
      const res = await fetch(r.url, {
        method: r.method,
        headers: r.headers,
        body: r.body,
        signal: r.signal,
        redirect: 'manual',
        dispatcher: dispatcher.compose(wireCap(r.limits.maxWireBytes, () => (over = true))),
      })
      const stream = res.body
      return {
        status: res.status,
        headers: [...res.headers],
        body: async function* () {
          if (stream === null) return
          try {
            yield* stream
          } catch (e) {
            throw over ? new ResponseTooLarge('wire', r.limits.maxWireBytes) : e
          }
        },
        discard: () => void stream?.cancel().catch(() => undefined),
      }
    }
    this.client = new RedirectingHttpClient(hop, userAgent)
  }

  request(req: HttpRequest): Promise<HttpResult> {
    return this.client.request(req)
  }
}
