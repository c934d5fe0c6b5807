/**
 * How `npm run dist` packages the desktop app (electron-builder reads this file by its name). Installers are built
 * on the OS they are for: keytar is a native module, and each OS's signing tools run only there (README).
 * electron-builder.test.ts holds the parts that must not drift: the app id, the fuses, keytar outside the asar.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Configuration } from 'electron-builder'
import { DEFAULT_KEYCHAIN_SERVICE } from './src-main/secrets/keytar-secret-store'

/**
 * keytar is optional for `npm ci` (a machine without libsecret headers still runs the board), but an installer
 * without it would ship an app that can never use the OS keychain: refuse to package one.
 */
export function assertKeytarBuilt(projectDir: string): void {
  const native = join(projectDir, 'node_modules', 'keytar', 'build', 'Release', 'keytar.node')
  if (!existsSync(native)) {
    throw new Error(
      `keytar's native module is not built (${native} is missing), so the package would have no OS keychain. ` +
        'On Linux install libsecret-1-dev (Debian/Ubuntu) or libsecret-devel (Fedora), then run npm ci again.',
    )
  }
}

/**
 * Debian packages must name a maintainer and a homepage; an organisation that ships Floorwalker to its
 * supervisors sets its own (the defaults use the reserved `.invalid` domain so they can never reach anyone).
 */
const maintainer =
  process.env['FLOORWALKER_MAINTAINER'] ?? 'Floorwalker maintainers <floorwalker@example.invalid>'
const homepage = process.env['FLOORWALKER_HOMEPAGE'] ?? 'https://floorwalker.example.invalid/'

const config: Configuration = {
  // The app id is also the keychain service name: a packaged app must find the secrets saved before.
  appId: DEFAULT_KEYCHAIN_SERVICE,
  productName: 'Floorwalker',
  copyright: 'Copyright © Floorwalker contributors',
  artifactName: '${productName}-${version}-${os}-${arch}.${ext}',
  directories: { output: 'dist', buildResources: 'resources' },
  // What the app needs at run time: the electron-vite build, the window and tray icons, and package.json.
  // Production node_modules (package.json `dependencies`, and keytar) are added by electron-builder itself.
  files: [
    'package.json',
    'out/main/**',
    'out/preload/**',
    'out/renderer/**',
    'resources/icon.png',
    'resources/tray-*.png',
  ],
  // Native code cannot be loaded from inside an asar archive: keytar's .node file goes beside it
  // (app.asar.unpacked), where Electron's require finds it.
  asarUnpack: ['**/node_modules/keytar/**'],
  beforePack: (context) => assertKeytarBuilt(context.packager.projectDir),
  // Flipped in the packaged binary before signing, so the OS signature protects them (electronjs.org "Fuses").
  electronFuses: {
    // ELECTRON_RUN_AS_NODE would turn the signed app into a general-purpose Node for anyone on the machine.
    runAsNode: false,
    // Chromium's cookie store encrypted with the OS keychain, as Chrome does.
    enableCookieEncryption: true,
    // NODE_OPTIONS and --inspect would let another process inject code into the main process.
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    // The app code is exactly what was signed: the asar's hash is checked (macOS, Windows), and no loose app
    // folder beside it is loaded instead.
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    // An unsigned Apple Silicon build must be re-signed ad hoc after the flip or macOS refuses to start it.
    resetAdHocDarwinSignature: true,
  },
  linux: {
    target: ['AppImage', 'deb'],
    icon: 'resources/icons',
    category: 'Office',
    synopsis: 'Live contact-center board for supervisors',
    maintainer,
    vendor: 'Floorwalker',
    // The .deb depends on libsecret-1-0 (electron-builder's default list), which keytar needs for the keychain.
  },
  win: {
    target: ['nsis'],
    icon: 'resources/icon.ico',
  },
  nsis: {
    // Supervisors rarely have admin rights: a per-user install that asks where to go.
    oneClick: false,
    perMachine: false,
    allowToChangeInstallationDirectory: true,
  },
  mac: {
    target: ['dmg'],
    icon: 'resources/icon.icns',
    category: 'public.app-category.business',
    hardenedRuntime: true,
  },
  dmg: {
    icon: 'resources/icon.icns',
  },
  extraMetadata: { homepage },
}

export default config
