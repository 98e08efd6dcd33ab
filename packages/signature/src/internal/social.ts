// Social networks recognised in signatures, cards and vCards, by host.
const SOCIAL_NETWORKS: [string, string][] = [
  ['linkedin.com', 'linkedin'],
  ['xing.com', 'xing'],
  ['twitter.com', 'twitter'],
  ['x.com', 'twitter'],
  ['github.com', 'github'],
  ['instagram.com', 'instagram'],
  ['facebook.com', 'facebook'],
  ['youtube.com', 'youtube'],
  ['mastodon.social', 'mastodon'],
]

/**
 * The network of a profile URL (`linkedin`, `xing`, `twitter` ...), or undefined for any other site.
 *
 * @internal
 */
export function socialNetwork(url: string): string | undefined {
  const lower = url
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/^www\./, '')
  for (const [host, network] of SOCIAL_NETWORKS) {
    if (lower.startsWith(host) || lower.startsWith(`de.${host}`) || lower.startsWith(`uk.${host}`))
      return network
  }
  return undefined
}
