/**
 * The application menu (the menu bar on Windows and Linux, shown with Alt since the window hides it; the top menu
 * on macOS): the standard edit and view commands, Help with the documentation and the log folder, and About with
 * the versions support asks for. In the language of the board (prefs.language), rebuilt when it changes.
 */
import type { MenuItemConstructorOptions } from 'electron'

export type MenuLanguage = 'en' | 'pl'

const TEXT = {
  en: {
    file: 'File',
    closeWindow: 'Close window',
    quit: 'Quit Floorwalker',
    edit: 'Edit',
    undo: 'Undo',
    redo: 'Redo',
    cut: 'Cut',
    copy: 'Copy',
    paste: 'Paste',
    selectAll: 'Select all',
    view: 'View',
    reload: 'Reload',
    devTools: 'Developer tools',
    actualSize: 'Actual size',
    zoomIn: 'Zoom in',
    zoomOut: 'Zoom out',
    fullScreen: 'Full screen',
    window: 'Window',
    minimize: 'Minimize',
    zoom: 'Zoom',
    front: 'Bring all to front',
    help: 'Help',
    docs: 'Documentation',
    logFolder: 'Open log folder',
    about: 'About Floorwalker',
    hide: 'Hide Floorwalker',
    hideOthers: 'Hide others',
    showAll: 'Show all',
    services: 'Services',
    // About
    aboutTitle: 'About Floorwalker',
    version: 'Version {v}',
    docsAt: 'Documentation: {url}',
    noDocs: 'No documentation link was set when this copy was built.',
    logAt: 'Log file: {path}',
    openDocs: 'Open documentation',
    copy_: 'Copy',
    ok: 'OK',
  },
  pl: {
    file: 'Plik',
    closeWindow: 'Zamknij okno',
    quit: 'Zakończ Floorwalker',
    edit: 'Edycja',
    undo: 'Cofnij',
    redo: 'Ponów',
    cut: 'Wytnij',
    copy: 'Kopiuj',
    paste: 'Wklej',
    selectAll: 'Zaznacz wszystko',
    view: 'Widok',
    reload: 'Odśwież',
    devTools: 'Narzędzia deweloperskie',
    actualSize: 'Rzeczywisty rozmiar',
    zoomIn: 'Powiększ',
    zoomOut: 'Pomniejsz',
    fullScreen: 'Pełny ekran',
    window: 'Okno',
    minimize: 'Minimalizuj',
    zoom: 'Dopasuj',
    front: 'Wszystkie na wierzch',
    help: 'Pomoc',
    docs: 'Dokumentacja',
    logFolder: 'Otwórz folder dziennika',
    about: 'O programie Floorwalker',
    hide: 'Ukryj Floorwalker',
    hideOthers: 'Ukryj pozostałe',
    showAll: 'Pokaż wszystkie',
    services: 'Usługi',
    aboutTitle: 'O programie Floorwalker',
    version: 'Wersja {v}',
    docsAt: 'Dokumentacja: {url}',
    noDocs: 'Przy budowaniu tej kopii nie podano odnośnika do dokumentacji.',
    logAt: 'Plik dziennika: {path}',
    openDocs: 'Otwórz dokumentację',
    copy_: 'Kopiuj',
    ok: 'OK',
  },
} satisfies Record<MenuLanguage, Record<string, string>>

/** Every message English has; Polish must have the same keys (the compiler checks it). */
export type MenuText = Record<keyof (typeof TEXT)['en'], string>
const _sameKeys: Record<keyof (typeof TEXT)['pl'], string> = TEXT.en satisfies MenuText
void _sameKeys

export function menuText(language: MenuLanguage): MenuText {
  return TEXT[language]
}

export interface MenuActions {
  about(): void
  openDocs(): void
  openLogFolder(): void
  quit(): void
}

export interface MenuOptions {
  platform: NodeJS.Platform
  language: MenuLanguage
  /** Reload and developer tools only in a development build: a supervisor's reload would only lose the page. */
  development: boolean
  /** Whether there is a documentation link (Help → Documentation is left out without one). */
  hasDocs: boolean
  actions: MenuActions
}

export function appMenuTemplate(opts: MenuOptions): MenuItemConstructorOptions[] {
  const t = menuText(opts.language)
  const mac = opts.platform === 'darwin'
  const about: MenuItemConstructorOptions = { label: t.about, click: () => opts.actions.about() }
  const quit: MenuItemConstructorOptions = {
    label: t.quit,
    accelerator: 'CmdOrCtrl+Q',
    click: () => opts.actions.quit(),
  }
  const template: MenuItemConstructorOptions[] = []
  if (mac) {
    template.push({
      label: 'Floorwalker',
      submenu: [
        about,
        { type: 'separator' },
        { role: 'services', label: t.services },
        { type: 'separator' },
        { role: 'hide', label: t.hide },
        { role: 'hideOthers', label: t.hideOthers },
        { role: 'unhide', label: t.showAll },
        { type: 'separator' },
        quit,
      ],
    })
  }
  template.push({
    label: t.file,
    submenu: mac
      ? [{ role: 'close', label: t.closeWindow }]
      : [{ role: 'close', label: t.closeWindow }, quit],
  })
  template.push({
    label: t.edit,
    submenu: [
      { role: 'undo', label: t.undo },
      { role: 'redo', label: t.redo },
      { type: 'separator' },
      { role: 'cut', label: t.cut },
      { role: 'copy', label: t.copy },
      { role: 'paste', label: t.paste },
      { role: 'selectAll', label: t.selectAll },
    ],
  })
  template.push({
    label: t.view,
    submenu: [
      ...(opts.development
        ? ([
            { role: 'reload', label: t.reload },
            { role: 'toggleDevTools', label: t.devTools },
            { type: 'separator' },
          ] satisfies MenuItemConstructorOptions[])
        : []),
      { role: 'resetZoom', label: t.actualSize },
      { role: 'zoomIn', label: t.zoomIn },
      { role: 'zoomOut', label: t.zoomOut },
      { type: 'separator' },
      { role: 'togglefullscreen', label: t.fullScreen },
    ],
  })
  if (mac) {
    template.push({
      label: t.window,
      role: 'windowMenu',
      submenu: [
        { role: 'minimize', label: t.minimize },
        { role: 'zoom', label: t.zoom },
        { type: 'separator' },
        { role: 'front', label: t.front },
      ],
    })
  }
  template.push({
    label: t.help,
    role: 'help',
    submenu: [
      ...(opts.hasDocs ? [{ label: t.docs, click: () => opts.actions.openDocs() }] : []),
      { label: t.logFolder, click: () => opts.actions.openLogFolder() },
      ...(mac ? [] : [{ type: 'separator' as const }, about]),
    ],
  })
  return template
}

export interface AboutInfo {
  name: string
  version: string
  /** process.versions: electron, chrome, node, v8. */
  versions: { electron?: string; chrome?: string; node?: string; v8?: string }
  /** What the documentation link shows (a URL, or the README in a development checkout); null: none. */
  docs: string | null
  logFile: string
}

/** What About says: the versions support asks for, where the documentation is, and where the log is. */
export function aboutText(
  info: AboutInfo,
  language: MenuLanguage,
): { title: string; message: string; detail: string } {
  const t = menuText(language)
  const v = info.versions
  const versions = [
    `Electron ${v.electron ?? '?'}`,
    `Chromium ${v.chrome ?? '?'}`,
    `Node.js ${v.node ?? '?'}`,
    `V8 ${v.v8 ?? '?'}`,
  ]
  return {
    title: t.aboutTitle,
    message: `${info.name} — ${t.version.replace('{v}', info.version)}`,
    detail: [
      versions.join('\n'),
      info.docs === null ? t.noDocs : t.docsAt.replace('{url}', info.docs),
      t.logAt.replace('{path}', info.logFile),
    ].join('\n\n'),
  }
}

/**
 * The documentation link: the `homepage` the package was built with (`FLOORWALKER_HOMEPAGE`, README
 * "Installers") when it is a real https address; in a development checkout, its README. Null when there is none.
 */
export function docsLocation(opts: {
  homepage: unknown
  /** The README of a development checkout, when the app runs from one. */
  readme: string | null
}): { kind: 'url'; url: string } | { kind: 'file'; path: string } | null {
  if (typeof opts.homepage === 'string') {
    try {
      const u = new URL(opts.homepage)
      // `.invalid` is the placeholder electron-builder.ts uses when no homepage was given.
      if (u.protocol === 'https:' && !u.hostname.endsWith('.invalid')) return { kind: 'url', url: u.href }
    } catch {
      // not a URL
    }
  }
  return opts.readme === null ? null : { kind: 'file', path: opts.readme }
}
