/**
 * Turns a built preload file into one script that runs it inside the rebuilt Electron sandbox
 * (renderer-sandbox.ts), for a Chromium page (an init script) or a `vm` context. The preload's text is wrapped in a
 * function with Electron's parameter list, the way Electron compiles it, so no eval is needed (the page's CSP
 * forbids it, as Electron's isolated world would not be bound by it).
 */
import { readFileSync } from 'node:fs'
import { Script } from 'node:vm'
import ts from 'typescript'

const PARAMS = 'require, process, exports, module, Buffer, global, setImmediate, clearImmediate'

let runtime: string | null = null

/** The sandbox runtime as plain JavaScript, an expression evaluating to installSandboxedPreload. */
function runtimeExpression(): string {
  if (runtime === null) {
    const source = readFileSync(new URL('./renderer-sandbox.ts', import.meta.url), 'utf8')
    const js = ts.transpileModule(source, {
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
    }).outputText
    runtime = `(() => {\n${js.replace(/^export /gm, '')}\nreturn installSandboxedPreload\n})()`
  }
  return runtime
}

/**
 * The script: `hostExpression` must evaluate, where the script runs, to a SandboxHost. A preload that does not
 * even compile is reported as a preload error, as Electron does.
 */
export function sandboxedPreloadScript(opts: {
  preloadPath: string
  preloadSource: string
  hostExpression: string
}): string {
  const wrapped = `(function (${PARAMS}) {\n${opts.preloadSource}\n})`
  let preload = wrapped
  try {
    new Script(wrapped, { filename: opts.preloadPath })
  } catch (e) {
    const message = JSON.stringify((e as Error).message)
    preload = `(function () { throw new SyntaxError(${message}) })`
  }
  return `${runtimeExpression()}(${opts.hostExpression}, ${preload});\n//# sourceURL=electron-sandboxed-preload.js\n`
}
