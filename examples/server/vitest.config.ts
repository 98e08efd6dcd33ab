import { contactkitProject } from '../../vitest.shared'

export default contactkitProject('server')
