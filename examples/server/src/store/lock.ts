import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { ServerError } from '../errors.js'

/** A held lock on a data folder; release it on shutdown. */
export interface DataDirLock {
  path: string
  release(): void
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Takes `<dir>/contactkit.lock` with an exclusive create. PGlite has no cross-process locking, so a second
 * process on the same folder would silently lose writes; refuse instead. A lock left by a dead process is taken over.
 */
export function lockDataDir(dir: string): DataDirLock {
  mkdirSync(dir, { recursive: true })
  const path = join(dir, 'contactkit.lock')
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600)
      writeSync(fd, String(process.pid))
      closeSync(fd)
      return {
        path,
        release() {
          rmSync(path, { force: true })
        },
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const pid = Number.parseInt(readFileSync(path, 'utf8'), 10)
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
        throw new ServerError('STORE_LOCKED', `The data folder is in use by process ${pid}.`, {
          details: { lockFile: path, pid },
        })
      }
      if (pid === process.pid) {
        throw new ServerError('STORE_LOCKED', 'The data folder is already open in this process.', {
          details: { lockFile: path, pid },
        })
      }
      rmSync(path, { force: true })
    }
  }
  throw new ServerError('STORE_LOCKED', 'Could not take the data folder lock.', {
    details: { lockFile: path },
  })
}
