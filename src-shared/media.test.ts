import { describe, expect, it } from 'vitest'
import { classifyQueueMedia, classifyQueues, isBacklogMedia, mediaFromName, ruleMediaMatches } from './media'
import { blankQueue } from './model'

describe('mediaFromName', () => {
  it.each([
    ['Email', 'email'],
    ['E-mail support', 'email'],
    ['Voicemail', 'voicemail'],
    ['Back office', 'backoffice'],
    ['Backoffice cases', 'backoffice'],
    ['Chat', 'chat'],
    ['SMS', 'chat'],
    ['Inbound calls', 'voice'],
    ['Support', null],
    ['Sales', null],
    ['Billing', null],
  ] as const)('%s → %s', (name, media) => {
    expect(mediaFromName(name)).toBe(media)
  })
})

describe('classifyQueueMedia', () => {
  it('takes the user first, then the vendor, then the name', () => {
    expect(classifyQueueMedia({ name: 'Email', media: 'voice' }, 'chat')).toEqual({
      media: 'chat',
      mediaFrom: 'user',
    })
    expect(classifyQueueMedia({ name: 'Email', media: 'voice' }, undefined)).toEqual({
      media: 'voice',
      mediaFrom: 'vendor',
    })
    expect(classifyQueueMedia({ name: 'Email', media: null }, undefined)).toEqual({
      media: 'email',
      mediaFrom: 'name',
    })
  })

  it('lets a name refine a vendor that only says "other", and says null when nobody knows', () => {
    expect(classifyQueueMedia({ name: 'Back office', media: 'other' }, undefined)).toEqual({
      media: 'backoffice',
      mediaFrom: 'name',
    })
    expect(classifyQueueMedia({ name: 'Misc', media: 'other' }, undefined)).toEqual({
      media: 'other',
      mediaFrom: 'vendor',
    })
    expect(classifyQueueMedia({ name: 'Support', media: null }, undefined)).toEqual({
      media: null,
      mediaFrom: null,
    })
  })

  it('classes a vendor snapshot once: queues already classed pass as they are', () => {
    const [email, support] = classifyQueues([blankQueue('1', 'Email'), blankQueue('2', 'Support')], {
      '2': 'backoffice',
    })
    expect(email).toMatchObject({ media: 'email', mediaFrom: 'name' })
    expect(support).toMatchObject({ media: 'backoffice', mediaFrom: 'user' })
    // A saved board read back keeps its classes (the vendor's own media is no longer known apart).
    expect(classifyQueues([email!], {})[0]).toBe(email)
  })
})

describe('rule media', () => {
  it('matches queues nobody could class only through "unknown"', () => {
    expect(ruleMediaMatches(['voice', 'chat'], null)).toBe(false)
    expect(ruleMediaMatches(['voice', 'unknown'], null)).toBe(true)
    expect(ruleMediaMatches(undefined, null)).toBe(true)
    expect(ruleMediaMatches(['email'], 'email')).toBe(true)
  })

  it('keeps email, voicemail and back office apart as backlogs', () => {
    expect(['email', 'voicemail', 'backoffice'].every((m) => isBacklogMedia(m as never))).toBe(true)
    expect(isBacklogMedia('voice') || isBacklogMedia(null) || isBacklogMedia('other')).toBe(false)
  })
})
