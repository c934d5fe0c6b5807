import type { InjectionKey, Ref } from 'vue'
import { inject, provide } from 'vue'
import type { DraftField, RuleDraft } from './draft'

/**
 * What the parts of the rule editor share: the working copy, the messages shown at each field, and "the user has
 * been at this field" (messages show once a field was changed or a save was tried). RuleEditor provides it.
 */
export interface RuleForm {
  draft: Ref<RuleDraft>
  errorsFor: (field: DraftField) => string[]
  touch: (field: DraftField) => void
}

const RULE_FORM: InjectionKey<RuleForm> = Symbol('rule-form')

export function provideRuleForm(form: RuleForm): void {
  provide(RULE_FORM, form)
}

export function useRuleForm(): RuleForm {
  const form = inject(RULE_FORM, null)
  if (!form) throw new Error('a part of the rule editor was used outside RuleEditor')
  return form
}

/** `list` with `item` in (on) or out, in the order it had. */
export function toggleIn<T>(list: readonly T[], item: T, on: boolean): T[] {
  return on ? (list.includes(item) ? [...list] : [...list, item]) : list.filter((x) => x !== item)
}

export const inputValue = (e: Event): string => (e.target as HTMLInputElement).value
export const checked = (e: Event): boolean => (e.target as HTMLInputElement).checked
