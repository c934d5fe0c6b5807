/**
 * The preload (sandboxed, bundled as one CommonJS file): exposes the allow-listed bridge as
 * `window.floorwalker` and nothing else.
 */
import { contextBridge, ipcRenderer } from 'electron'
import { createBridge } from './bridge'

contextBridge.exposeInMainWorld('floorwalker', createBridge(ipcRenderer))
