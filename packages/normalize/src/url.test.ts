import { describe, expect, it } from 'vitest'
import { normalizeUrl } from './url.js'

describe('normalizeUrl', () => {
  it('removes www, trailing slash, fragment and tracking parameters', () => {
    expect(normalizeUrl('http://www.Muster-GmbH.de/kontakt/?utm_source=newsletter&id=4#top')).toMatchObject({
      url: 'http://muster-gmbh.de/kontakt?id=4',
      host: 'muster-gmbh.de',
      domain: 'muster-gmbh.de',
      valid: true,
    })
  })

  it('adds https to a bare host and finds the registrable domain under a two-level suffix', () => {
    expect(normalizeUrl('shop.muster.co.uk')).toMatchObject({
      url: 'https://shop.muster.co.uk',
      domain: 'muster.co.uk',
    })
  })

  it('rejects text that is not a website', () => {
    expect(normalizeUrl('not a url').valid).toBe(false)
    expect(normalizeUrl('ftp://muster.de').valid).toBe(false)
    expect(normalizeUrl('localhost').valid).toBe(false)
  })
})
