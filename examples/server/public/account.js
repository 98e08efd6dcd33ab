// The account page: the signed-in user's second factor (set up with an authenticator app, recovery codes, turn off)
// and password. Every change asks for the password or a current code again, as the API does.

const { ck } = globalThis

const byId = (id) => document.getElementById(id)

function show(totpEnabled) {
  byId('factor-state').textContent = totpEnabled
    ? 'The second factor is on: logging in asks for a code from your authenticator app.'
    : 'The second factor is off: logging in asks only for your password.'
  byId('enrol-form').hidden = totpEnabled
  byId('confirm-form').hidden = true
  byId('reissue-form').hidden = !totpEnabled
  byId('disable-form').hidden = !totpEnabled
}

function showRecoveryCodes(codes) {
  byId('recovery-codes').replaceChildren(
    ...codes.map((code) => ck.el('li', {}, ck.el('code', { text: code }))),
  )
  byId('recovery').hidden = false
}

async function enrol(event) {
  const form = event.target
  const { secret, qrSvg } = await ck.api('POST', '/auth/totp/enrol', {
    password: form.elements.password.value,
  })
  form.reset()
  byId('qr').src = `data:image/svg+xml;base64,${btoa(qrSvg)}`
  byId('secret').textContent = secret
  byId('enrol-form').hidden = true
  byId('confirm-form').hidden = false
  byId('confirm-code').focus()
}

async function confirmCode(event) {
  const form = event.target
  const { recoveryCodes } = await ck.api('POST', '/auth/totp/confirm', {
    code: form.elements.code.value.trim(),
  })
  form.reset()
  byId('secret').textContent = ''
  show(true)
  showRecoveryCodes(recoveryCodes)
  ck.say('The second factor is on.')
}

async function reissue(event) {
  const form = event.target
  const { recoveryCodes } = await ck.api('POST', '/auth/totp/recovery-codes', {
    code: form.elements.code.value.trim(),
  })
  form.reset()
  showRecoveryCodes(recoveryCodes)
  ck.say('New recovery codes; the old ones no longer work.')
}

async function disable(event) {
  const form = event.target
  await ck.api('POST', '/auth/totp/disable', { password: form.elements.password.value })
  form.reset()
  byId('recovery').hidden = true
  show(false)
  ck.say('The second factor is off.')
}

async function changePassword(event) {
  const form = event.target
  await ck.api('POST', '/auth/password', {
    currentPassword: form.elements.currentPassword.value,
    newPassword: form.elements.newPassword.value,
  })
  form.reset()
  ck.say('Password changed. Your other sessions have ended.')
}

ck.requireSession((session) => {
  for (const [id, action] of [
    ['enrol-form', enrol],
    ['confirm-form', confirmCode],
    ['reissue-form', reissue],
    ['disable-form', disable],
    ['password-form', changePassword],
  ]) {
    const form = byId(id)
    form.addEventListener('submit', (event) => event.preventDefault())
    form.addEventListener('submit', ck.guard(action))
  }
  show(session.user.totpEnabled)
  byId('app').hidden = false
})
