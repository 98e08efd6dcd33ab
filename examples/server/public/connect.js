// The CRM connection page (admins): shows the organisation's CRM, starts HubSpot's OAuth flow and finishes it
// when HubSpot sends the admin back here with `code` and `state`.
//
// Why HubSpot redirects to this page and not straight to GET /crm/hubspot/callback: the session cookie is
// SameSite=Strict, so the browser leaves it off the navigation that comes from HubSpot's site. The page itself is
// public; its own requests are same-site, carry the cookie, and finish the flow.

const { ck } = globalThis

function describe(connection) {
  if (connection.kind !== 'hubspot') {
    return `The built-in contact store (no external CRM).${connection.defaultCountry ? ` Default country ${connection.defaultCountry}.` : ''}`
  }
  const hubspot = connection.hubspot
  const parts = [`HubSpot account ${hubspot.portalId}`]
  parts.push(hubspot.tokensSet ? 'connected' : 'not authorised yet')
  if (connection.defaultCountry) parts.push(`default country ${connection.defaultCountry}`)
  return `${parts.join(', ')}.`
}

async function showCurrent() {
  const connection = await ck.api('GET', '/crm/connection')
  document.getElementById('current').textContent = describe(connection)
  document.getElementById('disconnect').hidden = connection.kind !== 'hubspot'
  const form = document.getElementById('connect-form')
  if (connection.kind === 'hubspot') {
    form.elements.portalId.value ||= connection.hubspot.portalId
    form.elements.clientId.value ||= connection.hubspot.clientId
  }
  return connection
}

// Finishes the flow when HubSpot sent the admin back: `code` and `state` leave the address bar first, so they are
// neither kept in the history nor sent again by a reload.
async function finishIfReturning() {
  const params = new URLSearchParams(location.search)
  const code = params.get('code')
  const state = params.get('state')
  const error = params.get('error')
  if (!code && !state && !error) return
  history.replaceState(null, '', location.pathname)
  if (error) {
    ck.say(`HubSpot did not connect: ${params.get('error_description') || error}.`)
    return
  }
  if (!code || !state) {
    ck.say('HubSpot sent an incomplete answer; start again.')
    return
  }
  ck.say('Finishing the connection with HubSpot…')
  const query = new URLSearchParams({ code, state })
  const connection = await ck.api('GET', `/crm/hubspot/callback?${query}`)
  ck.say(`Connected to HubSpot account ${connection.hubspot.portalId}.`)
}

async function start(event) {
  const form = event.target
  const value = (name) => form.elements[name].value.trim()
  const body = {
    kind: 'hubspot',
    portalId: value('portalId'),
    clientId: value('clientId'),
    clientSecret: value('clientSecret'),
    redirectUri: value('redirectUri'),
  }
  if (value('defaultCountry')) body.defaultCountry = value('defaultCountry').toUpperCase()
  if (value('baseUrl')) body.baseUrl = value('baseUrl')
  const { authorizeUrl } = await ck.api('POST', '/crm/connection/hubspot/authorize', body)
  ck.say('Opening HubSpot…')
  location.assign(authorizeUrl)
}

async function test() {
  const result = await ck.api('POST', '/crm/connection/test')
  ck.say(
    result.ok
      ? 'The connection works.'
      : `The connection failed: ${result.error.message} (${result.error.code}).`,
  )
}

async function disconnect() {
  if (
    !confirm(
      'Disconnect HubSpot? Checks and merges go to the built-in contact store until you connect again.',
    )
  )
    return
  const result = await ck.api('DELETE', '/crm/connection')
  await showCurrent()
  const failed = result.revocation && result.revocation.status === 'failed'
  ck.say(
    `HubSpot is disconnected.${failed ? ' HubSpot could not be told: remove the app there as well.' : ''}`,
  )
}

ck.requireSession(async () => {
  document.getElementById('redirect-uri').value = `${location.origin}${location.pathname}`
  const form = document.getElementById('connect-form')
  form.addEventListener('submit', (event) => event.preventDefault())
  form.addEventListener('submit', ck.guard(start))
  document.getElementById('test').addEventListener('click', ck.guard(test))
  document.getElementById('disconnect').addEventListener('click', ck.guard(disconnect))
  document.getElementById('app').hidden = false
  try {
    await finishIfReturning()
  } catch (error) {
    ck.say(`HubSpot did not connect: ${error.message}`)
  }
  try {
    await showCurrent()
  } catch (error) {
    ck.say(error.status === 403 ? 'Only admins can manage the CRM connection.' : error.message)
    document.getElementById('connect-form').hidden = true
  }
})
