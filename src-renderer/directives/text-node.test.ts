// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import { defineComponent, h, nextTick, ref, withDirectives } from 'vue'
import { describe, expect, it } from 'vitest'
import { vTextNode } from './text-node'

describe('v-text-node', () => {
  it('writes the text once, then edits the same text node in place', async () => {
    const text = ref<string | number | null>('0:59')
    const wrapper = mount(
      defineComponent({ setup: () => () => withDirectives(h('span'), [[vTextNode, text.value]]) }),
    )
    const node = wrapper.element.firstChild
    expect(wrapper.text()).toBe('0:59')
    text.value = '1:00'
    await nextTick()
    expect(wrapper.text()).toBe('1:00')
    expect(wrapper.element.firstChild).toBe(node)
    expect(wrapper.element.childNodes).toHaveLength(1)
    text.value = 7
    await nextTick()
    expect(wrapper.text()).toBe('7')
    text.value = null
    await nextTick()
    expect(wrapper.text()).toBe('')
    text.value = 'back'
    await nextTick()
    expect(wrapper.text()).toBe('back')
  })
})
