/**
 * The desktop app's "Save as PDF" of the shift report (docs/ARCHITECTURE.md §3.10): the board window, showing the
 * Report view, printed by Chromium with Electron's `webContents.printToPDF` (print styles apply), saved where the
 * user chooses in the OS's save dialog. Nothing is written without that choice.
 */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { BrowserWindow, Dialog } from 'electron'
import { BridgeFailure } from '../core/bridge/types'
import type { Logger } from '../core/ports'

export interface ReportPdfDeps {
  window: () => BrowserWindow | null
  dialog: Pick<Dialog, 'showSaveDialog'>
  /** Where the dialog opens (the user's documents folder). */
  folder: () => string
  log: Logger
  write?: (path: string, data: Uint8Array) => Promise<void>
}

/** printToPDF's options: A4 landscape (the report's tables are wide), backgrounds (severity colours) kept. */
export const REPORT_PDF_OPTIONS = {
  landscape: true,
  pageSize: 'A4',
  printBackground: true,
  margins: { top: 0.4, bottom: 0.4, left: 0.4, right: 0.4 },
} as const

export function createReportPdfSaver(deps: ReportPdfDeps) {
  const write = deps.write ?? ((path, data) => writeFile(path, data))
  return async (fileName: string): Promise<{ saved: boolean; path: string | null }> => {
    const win = deps.window()
    if (!win || win.isDestroyed()) {
      throw new BridgeFailure({
        code: 'bad_request',
        message: 'report:savePdf: the board window is not open',
      })
    }
    const pick = await deps.dialog.showSaveDialog(win, {
      defaultPath: join(deps.folder(), fileName),
      filters: [{ name: 'PDF', extensions: ['pdf'] }],
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    })
    if (pick.canceled || !pick.filePath) return { saved: false, path: null }
    const pdf = await win.webContents.printToPDF(REPORT_PDF_OPTIONS)
    try {
      await write(pick.filePath, pdf)
    } catch (e) {
      deps.log.warn('the report PDF could not be written', { error: (e as Error).message })
      throw new BridgeFailure({
        code: 'bad_request',
        message: `report:savePdf: could not write ${pick.filePath}: ${(e as Error).message}`,
      })
    }
    deps.log.info('shift report saved as PDF', { bytes: pdf.length })
    return { saved: true, path: pick.filePath }
  }
}
