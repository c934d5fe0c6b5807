import type { ObjectDirective } from 'vue'

type TextValue = string | number | null | undefined

function asText(value: TextValue): string {
  return value === null || value === undefined ? '' : String(value)
}

/**
 * `v-text-node="text"`: the element's whole content is one text node, edited in place when the text changes. Vue
 * writes `{{ text }}` that is an element's only child through `textContent`, which throws the old text node away
 * and inserts a new one: on the Agents board, where dozens of cells change every second (time in state) and at
 * every poll, Chromium then rebuilds those nodes' layout objects instead of re-laying out edited text. Only for
 * elements that hold nothing but this text.
 */
export const vTextNode: ObjectDirective<HTMLElement, TextValue> = {
  created(el, { value }) {
    el.textContent = asText(value)
  },
  updated(el, { value }) {
    const text = asText(value)
    const node = el.firstChild
    if (node !== null && node.nodeType === Node.TEXT_NODE && node.nextSibling === null) {
      if ((node as Text).data !== text) (node as Text).data = text
    } else if (el.textContent !== text) {
      el.textContent = text
    }
  },
}
