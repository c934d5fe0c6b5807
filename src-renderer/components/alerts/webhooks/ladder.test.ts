import { describe, expect, it } from 'vitest'
import { checkLadder, ladderDraftOf, ladderErrorsOf, nextStepDraft, rawLadder, stepOfIssue } from './ladder'

const WORDS = {
  notANumber: 'Enter a number',
  chooseWebhook: 'Choose the webhook',
  missingWebhook: (id: string) => `There is no webhook “${id}” any more`,
}

describe('escalation ladder drafts', () => {
  it('round-trips config steps through the editor’s text fields', () => {
    const steps = [
      { afterSec: 0, channel: 'tray' as const },
      { afterSec: 120, channel: 'webhook' as const, webhook: 'ops', repeatEverySec: 600 },
    ]
    const drafts = ladderDraftOf(steps)
    expect(drafts[1]).toEqual({
      afterSec: '120',
      channel: 'webhook',
      webhook: 'ops',
      repeat: true,
      repeatSec: '600',
    })
    expect(rawLadder(drafts).raw).toEqual(steps)
    expect(checkLadder(drafts, ['ops'], WORDS).steps).toEqual(steps)
  })

  it('puts each message at its step and field', () => {
    const drafts = ladderDraftOf([
      { afterSec: 300, channel: 'sound' },
      { afterSec: 60, channel: 'webhook', webhook: 'gone' },
    ])
    const c = checkLadder(drafts, ['ops'], WORDS)
    expect(c.steps).toBeNull()
    expect(c.errors.steps[0]).toEqual({})
    expect(c.errors.steps[1]).toEqual({
      afterSec: ['steps go in order of time: 60 s comes before the step above (300 s)'],
      webhook: ['There is no webhook “gone” any more'],
    })
    const typo = checkLadder([{ ...drafts[0]!, afterSec: 'soon' }], ['ops'], WORDS)
    expect(typo.errors.steps[0]).toEqual({ afterSec: ['Enter a number'] })
    expect(typo.steps).toBeNull()
  })

  it('asks for a webhook, and keeps webhook steps to one post a minute', () => {
    const c = checkLadder(
      [{ afterSec: '0', channel: 'webhook', webhook: '', repeat: true, repeatSec: '30' }],
      ['ops'],
      WORDS,
    )
    expect(c.errors.steps[0]).toEqual({
      webhook: ['Choose the webhook'],
      repeatEverySec: ['a webhook step repeats at most every 60 seconds'],
    })
  })

  it('does not judge webhook names before the list is known', () => {
    const c = checkLadder(ladderDraftOf([{ afterSec: 0, channel: 'webhook', webhook: 'ops' }]), null, WORDS)
    expect(c.steps).not.toBeNull()
  })

  it('reads main’s issue fields for rules and for the default ladders', () => {
    expect(stepOfIssue('escalation[2].webhook')).toEqual({ index: 2, field: 'webhook' })
    expect(stepOfIssue('alerts.escalation.critical[0].afterSec')).toEqual({ index: 0, field: 'afterSec' })
    expect(stepOfIssue('escalation')).toBeNull()
    const e = ladderErrorsOf(
      [
        { field: 'escalation[0].webhook', message: 'no webhook with id "x"' },
        { field: 'escalation', message: 'at most 10 steps' },
      ],
      1,
    )
    expect(e).toEqual({ steps: [{ webhook: ['no webhook with id "x"'] }], general: ['at most 10 steps'] })
  })

  it('adds a step a minute after the last one', () => {
    expect(nextStepDraft([]).afterSec).toBe('60')
    expect(nextStepDraft(ladderDraftOf([{ afterSec: 90, channel: 'tray' }])).afterSec).toBe('150')
  })
})
