// What `import … from 'electron'` gives one app started by the desktop harness (see electron-loader.mjs): the
// main-process modules of that app's stand-in instance. Every module Electron's main process exports is listed;
// the ones the stand-in does not provide throw on first use, and a name Electron does not have is a link error.
const id = new URL(import.meta.url).searchParams.get('app')
const instances = globalThis[Symbol.for('floorwalker.electron-standin')]
const electron = instances?.get(id)
if (!electron)
  throw new Error(`no electron stand-in instance "${id}" (start the app through the desktop harness)`)

export const {
  app,
  autoUpdater,
  BaseWindow,
  BrowserView,
  BrowserWindow,
  clipboard,
  contentTracing,
  crashReporter,
  desktopCapturer,
  dialog,
  globalShortcut,
  inAppPurchase,
  ipcMain,
  Menu,
  MenuItem,
  MessageChannelMain,
  nativeImage,
  nativeTheme,
  net,
  netLog,
  Notification,
  powerMonitor,
  powerSaveBlocker,
  protocol,
  pushNotifications,
  safeStorage,
  screen,
  session,
  ShareMenu,
  shell,
  systemPreferences,
  TouchBar,
  Tray,
  utilityProcess,
  View,
  webContents,
  WebContentsView,
  webFrameMain,
} = electron
export default electron
