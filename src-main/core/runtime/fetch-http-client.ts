import { EnvHttpProxyAgent, fetch, type Dispatcher } from 'undici'
import type { HttpClient, HttpRequest, HttpResult } from '../ports'
import type { ProbeTarget } from './net-probe'
import { RedirectingHttpClient, type HttpHop } from './redirecting-http-client'

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
      const res = await fetch(r.url, {
        method: r.method,
        headers: r.headers,
        body: r.body,
        signal: r.signal,
        redirect: 'manual',
        dispatcher,
      })
      return {
        status: res.status,
        headers: [...res.headers],
        text: () => res.text(),
        discard: () => void res.body?.cancel().catch(() => undefined),
      }
    }
    this.client = new RedirectingHttpClient(hop, userAgent)
  }

  request(req: HttpRequest): Promise<HttpResult> {
    return this.client.request(req)
  }
}
