import { contactkitProject } from '../../vitest.shared.ts'

export default contactkitProject('core')
