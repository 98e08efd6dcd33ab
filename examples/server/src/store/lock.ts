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

// Lock files this process holds: a lock file naming our own process id that is not in here was left by an earlier
// process that had the same id (a container restarted with the server as its first process), and is stale.
const held = new Set<string>()

// What link() fails with on filesystems without hard links (some network and FAT-style volumes).
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS'])

/** @internal Test seams: how the lock file is linked into place and moved aside. */
export interface LockOptions {
  link?: (existingPath: string, newPath: string) => void
  rename?: (oldPath: string, newPath: string) => void
}

// Creates the lock file from `source`, which holds `pid`; false when a lock file exists already.
function create(
  path: string,
  source: string,
  pid: number,
  link: (existingPath: string, newPath: string) => void,
): boolean {
  try {
    link(source, path)
    return true
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? ''
    if (code === 'EEXIST') return false
    if (!NO_HARD_LINKS.has(code)) throw error
  }
  // Without hard links: create-exclusive, then write. Another process can see the file empty for an instant and
  // take it for stale; that window is what the hard link closes where the filesystem has them.
  try {
    writeFileSync(path, String(pid), { flag: 'wx', mode: 0o600 })
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  }
}

/**
 * Takes `<dir>/contactkit.lock`. PGlite has no cross-process locking, so a second process on the same folder would
 * silently lose writes; refuse instead. The lock file appears with its process id already in it (written to a
 * private file, then hard-linked into place, which fails if the lock exists), so another process never reads a
 * half-written lock. A lock left by a dead process, or by an earlier process that had this process's id, is moved
 * aside and taken over; if the file moved aside turns out to be a live lock that appeared meanwhile, it is put
 * back and the open refused.
 */
export function lockDataDir(dir: string, options: LockOptions = {}): DataDirLock {
  const link = options.link ?? linkSync
  const rename = options.rename ?? renameSync
  mkdirSync(dir, { recursive: true })
  const path = join(dir, 'contactkit.lock')
  const mine = `${path}.${process.pid}`
  writeFileSync(mine, String(process.pid), { mode: 0o600 })
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      if (create(path, mine, process.pid, link)) {
        held.add(path)
        return {
          path,
          release() {
            held.delete(path)
            if (readPid(path) === process.pid) rmSync(path, { force: true })
          },
        }
      }
      const holder = readPid(path)
      if (holder !== undefined && (holder === process.pid ? held.has(path) : isAlive(holder))) {
        throw locked(path, holder)
      }
      // A stale lock (dead process, our id from an earlier process, or unreadable): move it aside under a name only
      // this process uses.
      const aside = `${path}.stale.${process.pid}`
      try {
        rename(path, aside)
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue
        throw error
      }
      const moved = readPid(aside)
      if (moved !== undefined && moved !== holder && isAlive(moved)) {
        // Another process took the stale lock over between the read and the rename: give its lock back.
        try {
          create(path, aside, moved, link)
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
