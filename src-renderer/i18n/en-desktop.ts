/**
 * English messages of the desktop app's own pieces: the page shown when a window has no bridge to main, and the
 * desktop preferences. Merged into en.ts at the top level.
 */
const desktop = {
  bridgeUnavailable: {
    title: 'Floorwalker cannot reach its main process',
    preloadMissing:
      'This window’s bridge to the app (window.floorwalker, set up by the preload script) is missing: the preload ' +
      'did not run in the sandboxed window, so nothing here could show live data.',
    preloadMissingNext:
      'The app’s log file has the preload’s error (Help → Open log folder). Reinstalling Floorwalker repairs a ' +
      'damaged installation; if it keeps happening, send the log to your administrator.',
    notServed:
      'This page was opened from {where}, which is neither the Floorwalker app nor a board served by its headless ' +
      'runner, so it has nothing to talk to.',
    notServedNext:
      'Open the Floorwalker app, or the address the headless runner prints when started with --serve.',
  },
  desktopPrefs: {
    title: 'This computer',
    startAtLogin: 'Start Floorwalker when I sign in',
    startAtLoginHelp:
      'Opens the board when you sign in to this computer, so alerts are watched from the start of the shift. ' +
      'Your operating system’s startup settings can turn it off too.',
    saving: 'Saving…',
    on: 'Floorwalker now starts when you sign in.',
    off: 'Floorwalker no longer starts when you sign in.',
    failed: 'Could not change starting at login: {message}',
  },
}

export default desktop
