// A local IMAP server for the mail source tests: hoodiecrow-imap (an in-memory IMAP4rev1 server written for client
// tests) with three changes:
// - EXAMINE and SELECT of a missing folder answer `NO [NONEXISTENT]` as Dovecot and RFC 5530 do (hoodiecrow
//   answers BAD);
// - every command line is recorded (LOGIN arguments masked), so tests see whether the client opened read-only;
// - messages are given as text and stored as the bytes of their UTF-8 encoding (hoodiecrow handles bytes as latin1
//   strings).
import { createRequire } from 'node:module'
import type { AddressInfo, Server } from 'node:net'

/** One message of a fake folder. */
export interface FakeImapMessage {
  /** The RFC 5322 source, CRLF line ends. */
  source: string
  /** INTERNALDATE: when the server received it. */
  receivedAt: Date
  flags?: string[]
}

/** One folder of the fake mailbox. */
export interface FakeImapFolder {
  uidValidity: number
  messages: FakeImapMessage[]
}

export interface FakeImapOptions {
  username: string
  password: string
  /** `INBOX` plus folders of the personal namespace (separator `/`). */
  folders: Record<string, FakeImapFolder>
  /** Speak TLS from the start with this certificate. */
  tls?: { cert: Buffer; key: Buffer }
}

// The parts of hoodiecrow's (untyped) server object the fake uses.
interface HoodiecrowMessage {
  uid: number
  flags: string[]
}
interface HoodiecrowMailbox {
  uidvalidity: number
  uidnext: number
  messages: HoodiecrowMessage[]
}
interface HoodiecrowParsed {
  tag: string
  command: string
  attributes?: Array<{ value?: unknown }>
}
interface HoodiecrowConnection {
  socket: { setNoDelay(noDelay: boolean): void }
  scheduleCommand(data: string): void
  send(response: unknown, description: string, parsed: HoodiecrowParsed, data: string): void
  server: HoodiecrowServer
}
type CommandHandler = (
  connection: HoodiecrowConnection,
  parsed: HoodiecrowParsed,
  data: string,
  callback: () => void,
) => void
interface HoodiecrowServer {
  server: Server
  connectionHandlers: Array<(connection: HoodiecrowConnection) => void>
  listen(port: number, host: string, callback: () => void): void
  close(callback: () => void): void
  getMailbox(path: string): HoodiecrowMailbox | undefined
  getCommandHandler(command: string): CommandHandler | false
  setCommandHandler(command: string, handler: CommandHandler): void
  appendMessage(mailbox: string, flags: string[], internalDate: Date, raw: string): unknown
}
type Hoodiecrow = (options: Record<string, unknown>) => HoodiecrowServer

const hoodiecrow = createRequire(import.meta.url)('hoodiecrow-imap') as Hoodiecrow

function binary(source: string): string {
  return Buffer.from(source, 'utf8').toString('latin1')
}

function toStored(message: FakeImapMessage) {
  return { raw: binary(message.source), internaldate: message.receivedAt, flags: [...(message.flags ?? [])] }
}

export class FakeImap {
  /** Command lines as received, without tags; LOGIN arguments replaced by `***`. */
  readonly commands: string[] = []
  port = 0
  private readonly server: HoodiecrowServer

  constructor(options: FakeImapOptions) {
    const storage: Record<string, unknown> = {}
    const others: Record<string, unknown> = {}
    for (const [path, folder] of Object.entries(options.folders)) {
      const stored = { uidvalidity: folder.uidValidity, messages: folder.messages.map(toStored) }
      if (path === 'INBOX') storage.INBOX = stored
      else others[path] = stored
    }
    storage[''] = { separator: '/', folders: others }
    this.server = hoodiecrow({
      users: { [options.username]: { password: options.password } },
      storage,
      ...(options.tls === undefined ? {} : { secureConnection: true, credentials: options.tls }),
    })
    this.server.connectionHandlers.push((connection) => {
      // hoodiecrow writes each response line on its own; without this, delayed ACKs add ~40 ms to every command.
      connection.socket.setNoDelay(true)
      const schedule = connection.scheduleCommand.bind(connection)
      connection.scheduleCommand = (data: string) => {
        const line = data.replace(/^\S+\s+/, '')
        this.commands.push(/^LOGIN\s/i.test(line) ? 'LOGIN ***' : line)
        schedule(data)
      }
    })
    for (const command of ['EXAMINE', 'SELECT']) {
      const original = this.server.getCommandHandler(command)
      if (original === false) throw new Error(`hoodiecrow has no ${command} handler`)
      this.server.setCommandHandler(command, (connection, parsed, data, callback) => {
        const path = parsed.attributes?.[0]?.value
        if (typeof path === 'string' && connection.server.getMailbox(path) === undefined) {
          connection.send(
            {
              tag: parsed.tag,
              command: 'NO',
              attributes: [
                { type: 'SECTION', section: [{ type: 'ATOM', value: 'NONEXISTENT' }] },
                { type: 'TEXT', value: `Mailbox doesn't exist: ${path}` },
              ],
            },
            `${command} FAILED`,
            parsed,
            data,
          )
          callback()
          return
        }
        original(connection, parsed, data, callback)
      })
    }
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve))
    this.port = (this.server.server.address() as AddressInfo).port
    return this
  }

  /** The flags of each message of a folder, in UID order. */
  flags(folder = 'INBOX'): string[][] {
    return this.mailbox(folder).messages.map((message) => [...message.flags])
  }

  /** Gives the folder a new UIDVALIDITY, as a server does after rebuilding its index. */
  setUidValidity(folder: string, uidValidity: number): void {
    this.mailbox(folder).uidvalidity = uidValidity
  }

  /** Delivers a message to a folder; it gets the next UID. */
  deliver(folder: string, message: FakeImapMessage): void {
    this.server.appendMessage(folder, [...(message.flags ?? [])], message.receivedAt, binary(message.source))
  }

  /** Whether a command line starting with `prefix` (case-insensitive, tag removed) was received. */
  received(prefix: string): boolean {
    return this.commands.some((line) => line.toUpperCase().startsWith(prefix.toUpperCase()))
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()))
  }

  private mailbox(folder: string): HoodiecrowMailbox {
    const mailbox = this.server.getMailbox(folder)
    if (mailbox === undefined) throw new Error(`no folder ${folder}`)
    return mailbox
  }
}

/** Starts a fake IMAP server on a free port of 127.0.0.1. */
export function startFakeImap(options: FakeImapOptions): Promise<FakeImap> {
  return new FakeImap(options).start()
}
