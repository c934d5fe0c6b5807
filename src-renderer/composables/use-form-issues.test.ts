import { describe, expect, it } from 'vitest'
import { ref } from 'vue'
import type { FormIssue } from './use-form-issues'
import { useFormIssues } from './use-form-issues'

type Key = 'warn' | 'critical' | 'name' | 'options.extra'

function setup(fields?: Key[]) {
  const issues = ref<FormIssue<Key>[]>([
    { key: 'warn', message: 'must be a number' },
    { key: 'critical', message: 'critical must be at or above warn' },
    { key: 'options.extra', message: 'unknown option' },
    { key: null, message: 'the rule as a whole is wrong' },
  ])
  const form = useFormIssues<Key>({
    issues: () => issues.value,
    fields: fields ? () => fields : undefined,
    linked: [['warn', 'critical']],
  })
  return { issues, form }
}

describe('useFormIssues', () => {
  it('shows nothing on a fresh form, then a field’s messages once the user has been at it', () => {
    const { form } = setup()
    expect(form.errorsFor('warn')).toEqual([])
    expect(form.errorsFor('name')).toEqual([])
    form.touch('name')
    expect(form.errorsFor('name')).toEqual([])
    expect(form.errorsFor('warn')).toEqual([])
  })

  it('shows the messages of fields judged together once one of them was touched', () => {
    const { form } = setup()
    form.touch('warn')
    expect(form.errorsFor('warn')).toEqual(['must be a number'])
    expect(form.errorsFor('critical')).toEqual(['critical must be at or above warn'])
  })

  it('shows every message after a submit was tried, and says whether the checks passed', () => {
    const { form, issues } = setup(['warn', 'critical', 'name'])
    expect(form.general.value).toEqual([])
    expect(form.attempt()).toBe(false)
    expect(form.errorsFor('warn')).toEqual(['must be a number'])
    // A key the form has no field for is one of the form's general problems, with those about the whole form.
    expect(form.general.value).toEqual(['unknown option', 'the rule as a whole is wrong'])
    issues.value = []
    expect(form.attempt()).toBe(true)
    expect(form.general.value).toEqual([])
  })

  it('keeps the other side’s issues beside its own until the user changes something', () => {
    const { form, issues } = setup(['warn', 'critical', 'name'])
    issues.value = []
    form.attempt()
    form.setServerIssues([
      { key: 'name', message: 'name clash' },
      { key: null, message: 'the config as a whole is wrong' },
    ])
    expect(form.errorsFor('name')).toEqual(['name clash'])
    expect(form.general.value).toEqual(['the config as a whole is wrong'])
    form.touch('warn')
    expect(form.errorsFor('name')).toEqual([])
    expect(form.general.value).toEqual([])
  })

  it('lists a message once even when the form and the other side both found it', () => {
    const { form } = setup()
    form.touch('warn')
    form.setServerIssues([{ key: 'warn', message: 'must be a number' }])
    expect(form.errorsFor('warn')).toEqual(['must be a number'])
  })
})
