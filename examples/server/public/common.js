// Shared helpers of the DataQuality pages: session, CSRF token, JSON requests, small DOM builders.

globalThis.ck = (() => {
  let csrfToken = ''

  /** Sends a JSON request with the session cookie and, for writes, the CSRF token. */
  async function api(method, url, body) {
    const headers = {}
    if (body !== undefined && !(body instanceof FormData)) headers['content-type'] = 'application/json'
    if (method !== 'GET') headers['x-csrf-token'] = csrfToken
    const response = await fetch(url, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : body instanceof FormData ? body : JSON.stringify(body),
    })
    const text = await response.text()
    let data = null
    try {
      data = text ? JSON.parse(text) : null
    } catch {
      data = text
    }
    if (!response.ok) {
      const message = data?.error ? data.error.message : `Request failed (${response.status})`
      const error = new Error(message)
      error.status = response.status
      error.code = data?.error ? data.error.code : undefined
      throw error
    }
    return data
  }

  /** The login form, the same on every page, inserted before the page's app. */
  function loginForm() {
    const field = (id, label, type, autocomplete) => [
      el('label', { for: id, text: label }),
      el('input', { id, name: id.replace('login-', ''), type, autocomplete, required: true }),
    ]
    // The second factor, shown once the server asks for it: the authenticator code, or one recovery code.
    const secondFactor = el(
      'div',
      { id: 'login-second-factor', hidden: true },
      el('label', { for: 'login-code', text: 'Authenticator code or recovery code' }),
      el('input', {
        id: 'login-code',
        name: 'code',
        autocomplete: 'one-time-code',
        inputmode: 'text',
        maxlength: 40,
      }),
    )
    const form = el(
      'form',
      { id: 'login', class: 'card', hidden: true },
      el('h2', { text: 'Log in' }),
      ...field('login-email', 'E-mail', 'email', 'username'),
      ...field('login-password', 'Password', 'password', 'current-password'),
      secondFactor,
      el('button', { type: 'submit', text: 'Log in' }),
      el('p', { id: 'login-status', role: 'alert' }),
    )
    document.getElementById('app').before(form)
    return form
  }

  // Six digits are an authenticator code; anything else is taken for a recovery code.
  function secondFactorOf(code) {
    const value = code.trim()
    if (!value) return {}
    return /^\d{6}$/.test(value.replace(/\s/g, ''))
      ? { totpCode: value.replace(/\s/g, '') }
      : { recoveryCode: value }
  }

  /** Shows the login form until a session exists, then calls `ready`. */
  async function requireSession(ready) {
    const form = loginForm()
    try {
      const session = await api('GET', '/auth/session')
      csrfToken = session.csrfToken || ''
      form.hidden = true
      ready(session)
      return
    } catch {
      form.hidden = false
    }
    form.addEventListener('submit', async (event) => {
      event.preventDefault()
      const status = document.getElementById('login-status')
      const secondFactor = document.getElementById('login-second-factor')
      try {
        const body = await api('POST', '/auth/login', {
          email: form.elements.email.value,
          password: form.elements.password.value,
          ...(secondFactor.hidden ? {} : secondFactorOf(form.elements.code.value)),
        })
        csrfToken = body.csrfToken
        form.hidden = true
        ready(body)
      } catch (error) {
        if (error.code === 'AUTH_TOTP_REQUIRED') {
          secondFactor.hidden = false
          form.elements.code.required = true
          form.elements.code.focus()
          status.textContent = 'Enter the code from your authenticator app, or one of your recovery codes.'
          return
        }
        if (error.code === 'AUTH_TOTP_INVALID') form.elements.code.value = ''
        status.textContent = error.message
      }
    })
  }

  /** Creates an element with attributes and children (strings become text, never HTML). */
  function el(tag, attributes, ...children) {
    const node = document.createElement(tag)
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === undefined || value === null || value === false) continue
      if (name === 'text') node.textContent = value
      else if (name.startsWith('on')) node.addEventListener(name.slice(2), value)
      else node.setAttribute(name, value === true ? '' : String(value))
    }
    for (const child of children) {
      if (child === undefined || child === null) continue
      node.append(typeof child === 'string' ? document.createTextNode(child) : child)
    }
    return node
  }

  /** A readable one-line form of a field value of a contact. */
  function show(value) {
    if (value === undefined || value === null || value === '') return ''
    if (typeof value !== 'object') return String(value)
    if (Array.isArray(value)) return value.map(show).join('\n')
    if ('value' in value)
      return [
        value.value,
        value.kind ? `(${value.kind})` : '',
        value.extension ? `ext. ${value.extension}` : '',
      ]
        .filter(Boolean)
        .join(' ')
    if ('city' in value || 'street' in value || 'postalCode' in value) {
      const street = [value.street, value.houseNumber].filter(Boolean).join(' ')
      const town = [value.postalCode, value.city].filter(Boolean).join(' ')
      return [street, town, value.country].filter(Boolean).join(', ')
    }
    return JSON.stringify(value)
  }

  /** A short name for a contact. */
  function nameOf(contact) {
    const name = [contact.title, contact.firstName, contact.lastName].filter(Boolean).join(' ')
    return [name || '(no name)', contact.company].filter(Boolean).join(', ')
  }

  /** Writes a message into the page's live region. */
  function say(text) {
    const live = document.getElementById('status')
    if (live) live.textContent = text
  }

  /** Wraps an event handler so a failed request shows its message instead of failing silently. */
  function guard(action) {
    return async (...args) => {
      try {
        await action(...args)
      } catch (error) {
        say(`Error: ${error.message}`)
      }
    }
  }

  return { api, requireSession, el, show, nameOf, say, guard }
})()
