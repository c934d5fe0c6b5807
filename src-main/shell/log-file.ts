/**
 * The app's log file, in the folder the OS keeps app logs in (`app.getPath('logs')`: ~/Library/Logs/Floorwalker on
 * macOS, the user-data folder's `logs` on Windows and Linux). Lines are written synchronously, so the lines before
 * a crash are on disk; the file rotates by size, keeping a few older generations (`main.log.1` the newest), so it
 * never grows without bound however long the app runs.
 */
import { closeSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs'
import { join } from 'node:path'

export interface LogFileOptions {
  dir: string
  /** Default `main.log`. */
  name?: string
  /** Rotate when the file would grow past this, bytes (default 5 MiB). */
  maxBytes?: number
  /** Older generations kept (default 3): at most about (keep + 1) × maxBytes on disk. */
  keep?: number
}

export interface LogFile {
  readonly path: string
  /** Append one line (a newline is added). Never throws: a log that cannot be written must not stop the app. */
  write(line: string): void
  close(): void
}

export const LOG_MAX_BYTES = 5 * 1024 * 1024
export const LOG_KEEP = 3

export function openLogFile(opts: LogFileOptions): LogFile {
  const maxBytes = opts.maxBytes ?? LOG_MAX_BYTES
  const keep = opts.keep ?? LOG_KEEP
  mkdirSync(opts.dir, { recursive: true, mode: 0o700 })
  const path = join(opts.dir, opts.name ?? 'main.log')
  const generation = (n: number) => `${path}.${n}`

  /** main.log → main.log.1 → … → main.log.<keep>; the oldest is dropped. */
  const rotate = () => {
    rmSync(generation(keep), { force: true })
    for (let n = keep - 1; n >= 1; n--) {
      try {
        renameSync(generation(n), generation(n + 1))
      } catch {
        // that generation does not exist yet
      }
    }
    if (keep > 0) renameSync(path, generation(1))
    else rmSync(path, { force: true })
  }

  let size = 0
  try {
    size = statSync(path).size
  } catch {
    // no log yet
  }
  if (size >= maxBytes) {
    rotate()
    size = 0
  }
  let fd: number | null = openSync(path, 'a', 0o600)
  let failed = false

  return {
    path,
    write(line) {
      if (fd === null) return
      const bytes = Buffer.from(line + '\n', 'utf8')
      try {
        if (size > 0 && size + bytes.length > maxBytes) {
          closeSync(fd)
          fd = null
          rotate()
          fd = openSync(path, 'a', 0o600)
          size = 0
        }
        writeSync(fd, bytes)
        size += bytes.length
        failed = false
      } catch (e) {
        // A full disk: say so once on stderr, keep the app running, and try again with the next line.
        if (!failed)
          process.stderr.write(`Floorwalker cannot write its log ${path}: ${(e as Error).message}\n`)
        failed = true
        if (fd === null) {
          try {
            fd = openSync(path, 'a', 0o600)
          } catch {
            // still not writable
          }
        }
      }
    },
    close() {
      if (fd !== null) closeSync(fd)
      fd = null
    },
  }
}
