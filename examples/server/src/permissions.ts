import type { Role } from './store/schema.js'

/**
 * The permission matrix: which roles hold which capability. It is the only place roles are compared;
 * routes name the capability they need (`config.capability`) and one hook in app.ts enforces it.
 *
 * Roles follow snapADDY: a reporter captures contacts and sees only their own reports; a user works with the
 * lists shared with them; template curators edit the field templates, template managers also create, publish and
 * delete them; admins manage users, integrations and the mail server settings.
 */
export const PERMISSIONS = {
  /** Create and edit contacts in lists one may write to. */
  'contacts.write': ['reporter', 'user', 'template_curator', 'template_manager', 'admin'],
  /** See contacts captured by others (without it, only one's own reports). */
  'contacts.read_others': ['user', 'template_curator', 'template_manager', 'admin'],
  /** Create contact lists (and so own and share them). */
  'lists.create': ['user', 'template_curator', 'template_manager', 'admin'],
  /** Issue API tokens for machine clients. */
  'tokens.manage': ['user', 'template_curator', 'template_manager', 'admin'],
  /** Look up colleagues to share a list with. */
  'users.directory': ['user', 'template_curator', 'template_manager', 'admin'],
  /** Edit the fields of existing templates. */
  'templates.curate': ['template_curator', 'template_manager', 'admin'],
  /** Create, publish and delete templates. */
  'templates.manage': ['template_manager', 'admin'],
  /** Create, change and disable users and their roles. */
  'users.manage': ['admin'],
  /** Connect CRMs and other integrations. */
  'integrations.manage': ['admin'],
  /** Configure the organisation's mail server. */
  'mail_server.manage': ['admin'],
  /** Rename the organisation. */
  'organisation.manage': ['admin'],
  /** Read the organisation's audit log. */
  'audit.read': ['admin'],
  /** Read, restore and delete any list or contact of the organisation, not only one's own. */
  'records.administer': ['admin'],
} as const satisfies Record<string, readonly Role[]>

/** A named permission. */
export type Capability = keyof typeof PERMISSIONS

/** Every capability, in matrix order. */
export const CAPABILITIES = Object.keys(PERMISSIONS) as Capability[]

/** Whether a role holds a capability. */
export function can(role: Role, capability: Capability): boolean {
  return (PERMISSIONS[capability] as readonly Role[]).includes(role)
}
