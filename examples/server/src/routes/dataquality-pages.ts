import { readdirSync, readFileSync } from 'node:fs'
import { extname } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { FastifyInstance } from 'fastify'
import { notFound } from '../errors.js'

const PUBLIC_DIR = fileURLToPath(new URL('../../public/', import.meta.url))
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
}

/**
 * The DataQuality pages (merge view, import, bulk dedupe): plain HTML, CSS and JavaScript files from
 * `public/`, read once at start. They are public; the data behind them needs a session.
 */
export async function dataQualityPages(app: FastifyInstance): Promise<void> {
  const files = new Map<string, { type: string; body: Buffer }>()
  for (const name of readdirSync(PUBLIC_DIR)) {
    const type = TYPES[extname(name)]
    if (type) files.set(name, { type, body: readFileSync(`${PUBLIC_DIR}${name}`) })
  }
  app.get('/app', { schema: { hide: true }, config: { public: true } }, async (_request, reply) =>
    reply.redirect('/app/merge.html'),
  )
  app.get<{ Params: { file: string } }>(
    '/app/:file',
    { schema: { hide: true }, config: { public: true } },
    async (request, reply) => {
      const file = files.get(request.params.file)
      if (!file) throw notFound('Page')
      return reply.type(file.type).header('cache-control', 'no-cache').send(file.body)
    },
  )
}
