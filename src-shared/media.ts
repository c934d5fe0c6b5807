/**
 * Which queues carry live contacts and which a backlog, for every vendor: the vendor's own media where it gives
 * one, else the queue's name ("Email", "Back office", "Voicemail"), and the user's choice in the connection editor
 * over both. Rules match the result explicitly, `unknown` included, so no queue is left out of a rule silently
 * (docs/ARCHITECTURE.md §3.6).
 */
import { MEDIA, type Media, type MediaSource, type Queue } from './model'

/** A media a rule or the connection editor names: the model's media, or `unknown` for a queue nobody could class. */
export const RULE_MEDIA = [...MEDIA, 'unknown'] as const
export type RuleMedia = (typeof RULE_MEDIA)[number]

/** Media worked through over hours (a backlog): never mixed into live waiting figures or headlines. */
export const BACKLOG_MEDIA: readonly Media[] = ['email', 'voicemail', 'backoffice']

export function isBacklogMedia(media: Media): boolean {
  return BACKLOG_MEDIA.includes(media)
}

/** Live contacts: voice, chat, other, and queues nobody could class (a vendor that does not say may mean calls). */
export const LIVE_RULE_MEDIA: readonly RuleMedia[] = ['voice', 'chat', 'other', 'unknown']
export const BACKLOG_RULE_MEDIA: readonly RuleMedia[] = ['email', 'voicemail', 'backoffice']

/** The rule-facing name of a queue's media (null = `unknown`). */
export function ruleMediaOf(media: Media): RuleMedia {
  return media ?? 'unknown'
}

/** Does a rule's media list take a queue of this media? No list = every queue. */
export function ruleMediaMatches(list: readonly RuleMedia[] | undefined, media: Media): boolean {
  return list === undefined || list.includes(ruleMediaOf(media))
}

const NAME_HINTS: readonly [RegExp, Exclude<Media, null>][] = [
  [/voice\s*-?mail|\bvm\b/i, 'voicemail'],
  [/e-?mail|\bmail\b|inbox|mailbox/i, 'email'],
  [/back[\s-]*office|\bcases?\b|\btickets?\b|\bletters?\b|\bfax\b|\bpost\b|work\s*items?/i, 'backoffice'],
  [/chat|\bsms\b|messag|whats\s*app|messenger/i, 'chat'],
  [/voice|\bcalls?\b|phone|telephon|inbound|outbound|callback/i, 'voice'],
]

/** The media a queue's name suggests ("Email", "Back office cases", "Chat"), or null when it says nothing. */
export function mediaFromName(name: string): Media {
  for (const [re, media] of NAME_HINTS) if (re.test(name)) return media
  return null
}

/**
 * A queue's media as the board and the rules use it, and where it came from: the user's choice first, then the
 * vendor's media (unless it is only "other"), then the name, then the vendor's "other", else null.
 */
export function classifyQueueMedia(
  q: Pick<Queue, 'name' | 'media'>,
  userChoice: Exclude<Media, null> | undefined,
): { media: Media; mediaFrom: MediaSource | null } {
  if (userChoice !== undefined) return { media: userChoice, mediaFrom: 'user' }
  if (q.media !== null && q.media !== 'other') return { media: q.media, mediaFrom: 'vendor' }
  const named = mediaFromName(q.name)
  if (named !== null) return { media: named, mediaFrom: 'name' }
  if (q.media !== null) return { media: q.media, mediaFrom: 'vendor' }
  return { media: null, mediaFrom: null }
}

/**
 * The queues of a vendor's snapshot classed. Queues already classed (`mediaFrom` set: a saved board read back) pass
 * as they are: classing works on what the vendor said, once.
 */
export function classifyQueues<Q extends Queue>(
  queues: readonly Q[],
  userChoices: Readonly<Record<string, Exclude<Media, null>>>,
): Q[] {
  return queues.map((q) =>
    q.mediaFrom !== undefined ? q : { ...q, ...classifyQueueMedia(q, userChoices[q.id]) },
  )
}
