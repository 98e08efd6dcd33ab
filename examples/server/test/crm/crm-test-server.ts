import { buildApp } from '../../src/app.js'
import { TestServer, watchAuditedWrites } from '../support/server.js'

/** The test server with the fake HubSpot origins allowed as `baseUrl` (set them before `start`). */
export class CrmTestServer extends TestServer {
  hubspotBaseUrls: string[] = []
  override async start(): Promise<this> {
    await super.start()
    await this.app.close()
    this.app = await buildApp({
      store: this.store,
      secrets: this.secrets,
      clock: this.clock,
      loginRateLimit: 1000,
      hubspotBaseUrls: this.hubspotBaseUrls,
    })
    watchAuditedWrites(this.app, this.store, this.unaudited)
    return this
  }
}
