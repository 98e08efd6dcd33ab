// The page a password-reset or invitation mail links to. The token comes in the URL's fragment, which browsers
// never send to the server or in a Referer; the page takes it out of the address bar at once and posts it with
// the new password.

const { ck } = globalThis

const byId = (id) => document.getElementById(id)
const fragment = new URLSearchParams(window.location.hash.slice(1))
const token = fragment.get('token') ?? ''
const invite = fragment.get('invite') === '1'
history.replaceState(null, '', window.location.pathname)

if (invite) {
  byId('heading').textContent = 'Willkommen · Welcome'
  byId('intro').textContent =
    'Sie wurden eingeladen. Legen Sie Ihr Passwort fest. · You were invited. Set your password.'
}

async function save(event) {
  event.preventDefault()
  const form = event.target
  const password = form.elements.password.value
  if (password !== form.elements.repeat.value) {
    ck.say('Die Passwörter stimmen nicht überein. · The passwords do not match.')
    return
  }
  try {
    await ck.api('POST', '/auth/password-reset/confirm', { token, password })
  } catch (error) {
    ck.say(
      error.code === 'RESET_TOKEN_INVALID'
        ? 'Der Link ist abgelaufen oder wurde schon benutzt: fordern Sie einen neuen an. · The link has expired or was used already: ask for a new one.'
        : `Fehler · Error: ${error.message}`,
    )
    return
  }
  form.reset()
  form.hidden = true
  byId('done').hidden = false
  ck.say('Das Passwort ist gespeichert. · The password is saved.')
}

if (token === '') ck.say('Dieser Link enthält keinen Schlüssel. · This link holds no token.')
else {
  byId('password-form').hidden = false
  byId('password-form').addEventListener('submit', save)
}
