import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
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

function readPid(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8'), 10)
    return Number.isInteger(pid) && pid > 0 ? pid : undefined
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}

function locked(path: string, pid: number): ServerError {
  return new ServerError(
    'STORE_LOCKED',
    pid === process.pid
      ? 'The data folder is already open in this process.'
      : `The data folder is in use by process ${pid}.`,
    { details: { lockFile: path, pid } },
  )
}

/**
 * Takes `<dir>/contactkit.lock`. PGlite has no cross-process locking, so a second process on the same folder would
 * silently lose writes; refuse instead. The lock file appears with its process id already in it (written to a
 * private file, then hard-linked into place, which fails if the lock exists), so another process never reads a
 * half-written lock. A lock left by a dead process is moved aside and taken over; if the file moved aside turns out
 * to be a live lock that appeared meanwhile, it is put back and the open refused.
 */
export function lockDataDir(dir: string): DataDirLock {
  mkdirSync(dir, { recursive: true })
  const path = join(dir, 'contactkit.lock')
  const mine = `${path}.${process.pid}`
  writeFileSync(mine, String(process.pid), { mode: 0o600 })
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        linkSync(mine, path)
        return {
          path,
          release() {
            if (readPid(path) === process.pid) rmSync(path, { force: true })
          },
        }
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      }
      const holder = readPid(path)
      if (holder !== undefined && (holder === process.pid || isAlive(holder))) throw locked(path, holder)
      // A stale lock (dead process, or unreadable): move it aside under a name only this process uses.
      const aside = `${path}.stale.${process.pid}`
      try {
        renameSync(path, aside)
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue
        throw error
      }
      const moved = readPid(aside)
      if (moved !== undefined && moved !== holder && isAlive(moved)) {
        // Another process took the stale lock over between the read and the rename: give its lock back.
        try {
          linkSync(aside, path)
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
        } finally {
          rmSync(aside, { force: true })
        }
        throw locked(path, moved)
      }
      rmSync(aside, { force: true })
    }
    throw new ServerError('STORE_LOCKED', 'Could not take the data folder lock.', {
      details: { lockFile: path },
    })
  } finally {
    rmSync(mine, { force: true })
  }
}
