import type { MailMessage } from '../mailer.js'
import type { AccountTokenPurpose } from '../store/schema.js'

/**
 * The link a mail carries: the page that sets the password, with the token in the fragment, which browsers send
 * neither to the server (its logs) nor in a `Referer`.
 *
 * @param publicUrl - The origin users reach the server at (`PUBLIC_URL`).
 * @param token - From `issueAccountToken`.
 * @param purpose - Invitations add `invite=1`, so the page can greet instead of speaking of a reset.
 * @returns The absolute link.
 *
 * @example
 * ```ts
 * accountLink('https://kontakte.example.de', 'q9…', 'invite') // 'https://kontakte.example.de/app/reset-password.html#token=q9…&invite=1'
 * ```
 */
export function accountLink(publicUrl: string, token: string, purpose: AccountTokenPurpose): string {
  return `${publicUrl}/app/reset-password.html#token=${encodeURIComponent(token)}${purpose === 'invite' ? '&invite=1' : ''}`
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char)
}

// Names are typed by admins; one line each, so a name cannot push text into the mail that looks like ours.
function oneLine(value: string): string {
  return value.replace(/\s+/g, ' ').trim()
}

interface Section {
  greeting: string
  paragraphs: string[]
  action: string
  closing: string
}

// German first, English below; both in one mail because the server does not know a user's language.
function bilingual(to: string, subject: string, link: string, sections: [Section, Section]): MailMessage {
  const text = sections
    .map((section) =>
      [
        section.greeting,
        '',
        ...section.paragraphs.flatMap((line) => [line, '']),
        link,
        '',
        section.closing,
      ].join('\n'),
    )
    .join('\n\n-----\n\n')
  const href = escapeHtml(link)
  const html = [
    '<!doctype html><html><body style="font-family: sans-serif; line-height: 1.5">',
    ...sections.map(
      (section, index) =>
        `<div lang="${index === 0 ? 'de' : 'en'}">` +
        `<p>${escapeHtml(section.greeting)}</p>` +
        section.paragraphs.map((line) => `<p>${escapeHtml(line)}</p>`).join('') +
        `<p><a href="${href}">${escapeHtml(section.action)}</a></p>` +
        `<p>${escapeHtml(section.closing)}</p></div>`,
    ),
    '</body></html>',
  ].join('<hr>')
  return { to, subject, text: `${text}\n`, html }
}

/**
 * The password-reset mail, German and English.
 *
 * @param recipient - The account's stored address and name (never the address as typed into the form).
 * @param link - From {@link accountLink}.
 * @returns The message.
 *
 * @example
 * ```ts
 * passwordResetMail({ email: 'juergen.weiss@example.de', name: 'Jürgen Weiß' }, link).subject
 * // 'Neues Passwort für contactkit / Reset your contactkit password'
 * ```
 */
export function passwordResetMail(recipient: { email: string; name: string }, link: string): MailMessage {
  const name = oneLine(recipient.name)
  return bilingual(recipient.email, 'Neues Passwort für contactkit / Reset your contactkit password', link, [
    {
      greeting: `Hallo ${name},`,
      paragraphs: [
        'für Ihr contactkit-Konto wurde ein neues Passwort angefordert. Mit diesem Link legen Sie es fest; er gilt eine Stunde und nur einmal:',
      ],
      action: 'Neues Passwort festlegen',
      closing:
        'Wenn Sie das nicht angefordert haben, ignorieren Sie diese E-Mail: Ihr Passwort bleibt, wie es ist.',
    },
    {
      greeting: `Hello ${name},`,
      paragraphs: [
        'someone asked for a new password for your contactkit account. Set it with this link; it works once, within an hour:',
      ],
      action: 'Set a new password',
      closing: 'If you did not ask for this, ignore this e-mail: your password stays as it is.',
    },
  ])
}

/**
 * The invitation mail, German and English.
 *
 * @param recipient - The new account's address and name.
 * @param invitation - The organisation's name and the admin who sent the invitation.
 * @param link - From {@link accountLink}.
 * @returns The message.
 *
 * @example
 * ```ts
 * invitationMail({ email: 'juergen.weiss@example.de', name: 'Jürgen Weiß' }, { organisation: 'Müller & Söhne GmbH', invitedBy: 'Anna Schmidt' }, link)
 * ```
 */
export function invitationMail(
  recipient: { email: string; name: string },
  invitation: { organisation: string; invitedBy: string },
  link: string,
): MailMessage {
  const name = oneLine(recipient.name)
  const organisation = oneLine(invitation.organisation)
  const invitedBy = oneLine(invitation.invitedBy)
  return bilingual(
    recipient.email,
    `Einladung zu contactkit / Your invitation to contactkit: ${organisation}`,
    link,
    [
      {
        greeting: `Hallo ${name},`,
        paragraphs: [
          `${invitedBy} hat Sie zu contactkit eingeladen (${organisation}). Ihr Benutzername ist ${recipient.email}.`,
          'Legen Sie mit diesem Link Ihr Passwort fest; er gilt sieben Tage und nur einmal:',
        ],
        action: 'Passwort festlegen',
        closing: 'Wenn Sie keine Einladung erwartet haben, ignorieren Sie diese E-Mail.',
      },
      {
        greeting: `Hello ${name},`,
        paragraphs: [
          `${invitedBy} invited you to contactkit (${organisation}). Your user name is ${recipient.email}.`,
          'Choose your password with this link; it works once, within seven days:',
        ],
        action: 'Choose a password',
        closing: 'If you did not expect an invitation, ignore this e-mail.',
      },
    ],
  )
}
