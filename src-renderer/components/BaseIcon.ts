import type { PropType } from 'vue'
import { defineComponent, h } from 'vue'
import type { IconName } from './icons'
import { ICONS } from './icons'

/** A decorative icon: the text next to it carries the meaning, so it is hidden from assistive technology. */
export default defineComponent({
  name: 'BaseIcon',
  props: {
    name: { type: String as PropType<IconName>, required: true },
    size: { type: Number, default: 16 },
  },
  setup(props) {
    return () =>
      h(
        'svg',
        {
          class: 'icon',
          width: props.size,
          height: props.size,
          viewBox: '0 0 16 16',
          fill: 'none',
          stroke: 'currentColor',
          'stroke-width': 1.5,
          'stroke-linecap': 'round',
          'stroke-linejoin': 'round',
          'aria-hidden': 'true',
          focusable: 'false',
        },
        ICONS[props.name].map(([tag, attrs]) => h(tag, attrs)),
      )
  },
})
