import type { MenuItemConstructorOptions } from 'electron'
import { describe, expect, it } from 'vitest'
import { aboutText, appMenuTemplate, docsLocation, menuText, type MenuOptions } from './app-menu'

function options(over: Partial<MenuOptions> = {}) {
  const clicked: string[] = []
  const opts: MenuOptions = {
    platform: 'linux',
    language: 'en',
    development: false,
    hasDocs: true,
    actions: {
      about: () => clicked.push('about'),
      openDocs: () => clicked.push('docs'),
      openLogFolder: () => clicked.push('logs'),
      quit: () => clicked.push('quit'),
    },
    ...over,
  }
  return { opts, clicked }
}

type Item = MenuItemConstructorOptions
const submenu = (item: Item | undefined): Item[] => (Array.isArray(item?.submenu) ? item.submenu : [])
const find = (items: Item[], label: string) => items.find((i) => i.label === label)
const click = (item: Item | undefined) => (item?.click as (() => void) | undefined)?.()
const labels = (items: Item[]) => items.map((i) => i.label ?? `(${i.type ?? i.role})`)

describe('the application menu', () => {
  it('Windows and Linux: File, Edit, View, Help; About and the log folder under Help', () => {
    const { opts, clicked } = options()
    const menu = appMenuTemplate(opts)
    expect(labels(menu)).toEqual(['File', 'Edit', 'View', 'Help'])
    const help = submenu(find(menu, 'Help'))
    expect(labels(help)).toEqual(['Documentation', 'Open log folder', '(separator)', 'About Floorwalker'])
    click(find(help, 'About Floorwalker'))
    click(find(help, 'Documentation'))
    click(find(help, 'Open log folder'))
    click(find(submenu(find(menu, 'File')), 'Quit Floorwalker'))
    expect(clicked).toEqual(['about', 'docs', 'logs', 'quit'])
    // Copy and paste work in the forms (connection secrets, rule names) through the standard roles.
    expect(submenu(find(menu, 'Edit')).map((i) => i.role)).toEqual(
      expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']),
    )
  })

  it('macOS: the app menu first, with About and Quit, and a Window menu', () => {
    const { opts, clicked } = options({ platform: 'darwin' })
    const menu = appMenuTemplate(opts)
    expect(labels(menu)).toEqual(['Floorwalker', 'File', 'Edit', 'View', 'Window', 'Help'])
    const appMenu = submenu(menu[0])
    expect(appMenu[0]?.label).toBe('About Floorwalker')
    expect(appMenu.at(-1)?.label).toBe('Quit Floorwalker')
    expect(appMenu.at(-1)?.accelerator).toBe('CmdOrCtrl+Q')
    click(appMenu[0])
    expect(clicked).toEqual(['about'])
    expect(labels(submenu(find(menu, 'Help')))).toEqual(['Documentation', 'Open log folder'])
  })

  it('reload and developer tools only in a development build', () => {
    const roles = (development: boolean) =>
      submenu(find(appMenuTemplate(options({ development }).opts), 'View')).map((i) => i.role)
    expect(roles(false)).not.toContain('reload')
    expect(roles(false)).not.toContain('toggleDevTools')
    expect(roles(true)).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']))
  })

  it('no documentation link: no Documentation item', () => {
    const help = submenu(find(appMenuTemplate(options({ hasDocs: false }).opts), 'Help'))
    expect(labels(help)).toEqual(['Open log folder', '(separator)', 'About Floorwalker'])
  })

  it('in Polish, every label', () => {
    const menu = appMenuTemplate(options({ language: 'pl', development: true }).opts)
    expect(labels(menu)).toEqual(['Plik', 'Edycja', 'Widok', 'Pomoc'])
    const all = menu.flatMap((m) => submenu(m)).filter((i) => i.type !== 'separator')
    const en = menuText('en') as Record<string, string>
    const english = new Set(Object.values(en).filter((s) => s !== 'OK'))
    for (const item of all) {
      expect(item.label, `${item.role ?? ''} has a label`).toBeTruthy()
      expect(english.has(item.label!), `${item.label} is English`).toBe(false)
    }
  })

  it('Polish and English have the same messages', () => {
    expect(Object.keys(menuText('pl')).sort()).toEqual(Object.keys(menuText('en')).sort())
  })
})

describe('About', () => {
  const info = {
    name: 'Floorwalker',
    version: '0.1.0',
    versions: { electron: '45.6.1', chrome: '142.0.7444.1', node: '22.20.0', v8: '14.2.1' },
    docs: 'https://help.example.com/floorwalker/',
    logFile: '/home/ana/.config/Floorwalker/logs/main.log',
  }

  it('names the app, its version, the Electron and Chromium versions, the docs and the log file', () => {
    const about = aboutText(info, 'en')
    expect(about.title).toBe('About Floorwalker')
    expect(about.message).toBe('Floorwalker — Version 0.1.0')
    expect(about.detail).toBe(
      'Electron 45.6.1\nChromium 142.0.7444.1\nNode.js 22.20.0\nV8 14.2.1\n\n' +
        'Documentation: https://help.example.com/floorwalker/\n\n' +
        'Log file: /home/ana/.config/Floorwalker/logs/main.log',
    )
  })

  it('in Polish, and says so when there is no documentation link', () => {
    const about = aboutText({ ...info, docs: null }, 'pl')
    expect(about.message).toBe('Floorwalker — Wersja 0.1.0')
    expect(about.detail).toContain('Przy budowaniu tej kopii nie podano odnośnika do dokumentacji.')
    expect(about.detail).toContain('Plik dziennika: /home/ana/')
  })

  it('the documentation: the homepage built in, else the README of a checkout, never the placeholder', () => {
    expect(docsLocation({ homepage: 'https://help.example.com/fw', readme: '/src/README.md' })).toEqual({
      kind: 'url',
      url: 'https://help.example.com/fw',
    })
    expect(
      docsLocation({ homepage: 'https://floorwalker.example.invalid/', readme: '/src/README.md' }),
    ).toEqual({
      kind: 'file',
      path: '/src/README.md',
    })
    expect(docsLocation({ homepage: 'http://plain.example.com/', readme: null })).toBeNull()
    expect(docsLocation({ homepage: undefined, readme: null })).toBeNull()
    expect(docsLocation({ homepage: 'not a url', readme: null })).toBeNull()
  })
})
