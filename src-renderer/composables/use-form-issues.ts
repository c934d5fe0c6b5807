import { computed, nextTick, ref, shallowRef } from 'vue'

/** A problem with what the user typed: at a field (`key`), or about the form as a whole (`key` null). */
export interface FormIssue<K extends string = string> {
  key: K | null
  message: string
}

export interface FormIssuesOptions<K extends string> {
  /** The form's own checks of what is typed now (recomputed as the user types). */
  issues: () => readonly FormIssue<K>[]
  /** The keys the form has a field for; an issue about any other key is one of the form's general problems. */
  fields?: () => readonly K[]
  /** Keys judged together: once one of them was touched, the messages of all of them show. */
  linked?: readonly (readonly K[])[]
}

const unique = (messages: string[]): string[] => [...new Set(messages)]

/**
 * Which problems a form shows, and where. A field's messages show once the user has been at it (or at a field
 * judged with it), and every message once they tried to submit, so a fresh form is not a wall of red. Issues the
 * other side found on submit (main's answer to a save) show beside the form's own until the user changes something.
 * Shared by the connection and rule editors; the checks themselves are the form's.
 */
export function useFormIssues<K extends string>(options: FormIssuesOptions<K>) {
  const touched = shallowRef<ReadonlySet<K>>(new Set<K>())
  const attempted = ref(false)
  const server = shallowRef<readonly FormIssue<K>[]>([])

  function touch(key: K): void {
    if (!touched.value.has(key)) touched.value = new Set([...touched.value, key])
    server.value = []
  }

  function shown(key: K): boolean {
    if (attempted.value || touched.value.has(key)) return true
    return (options.linked ?? []).some(
      (group) => group.includes(key) && group.some((k) => touched.value.has(k)),
    )
  }

  /** The messages shown at the field `key`. */
  function errorsFor(key: K): string[] {
    const own = shown(key) ? options.issues().filter((i) => i.key === key) : []
    return unique([...own, ...server.value.filter((i) => i.key === key)].map((i) => i.message))
  }

  /** Problems no field of the form shows (about the whole form, or a key it has no field for), once submitted. */
  const general = computed(() => {
    if (!attempted.value) return []
    const fields = options.fields ? new Set<string>(options.fields()) : null
    const own = (i: FormIssue<K>): boolean => i.key === null || (fields !== null && !fields.has(i.key))
    return unique([...options.issues(), ...server.value].filter(own).map((i) => i.message))
  })

  /** A submit was tried: every message shows from now on. True when the form's own checks pass. */
  function attempt(): boolean {
    attempted.value = true
    return options.issues().length === 0
  }

  /** Focus the first field with a message (else the list of general problems), once they are on screen. */
  async function focusFirstProblem(root: HTMLElement | null): Promise<void> {
    await nextTick()
    if (!root) return
    const field = root.querySelector<HTMLElement>('.form-field.invalid')
    const target =
      field?.querySelector<HTMLElement>('input, select, textarea') ??
      root.querySelector<HTMLElement>('.form-problems')
    target?.focus()
  }

  return {
    touched,
    attempted,
    touch,
    errorsFor,
    general,
    attempt,
    focusFirstProblem,
    /** What the other side found on submit; cleared by the next touch (or by the form, on any change). */
    setServerIssues: (issues: readonly FormIssue<K>[]) => (server.value = issues),
    clearServerIssues: () => (server.value = []),
  }
}
