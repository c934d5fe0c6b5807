import type { FunctionalComponent, PropType } from 'vue'
import { h } from 'vue'
import type { IconName } from './icons'
import { ICONS } from './icons'

interface BaseIconProps {
  name: IconName
  size?: number
}

/**
 * A decorative icon: the text next to it carries the meaning, so it is hidden from assistive technology. A
 * functional component (no instance): boards render hundreds of these and re-render them at every patch.
 */
const BaseIcon: FunctionalComponent<BaseIconProps> = (props) =>
  h(
    'svg',
    {
      class: 'icon',
      width: props.size ?? 16,
      height: props.size ?? 16,
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

BaseIcon.displayName = 'BaseIcon'
BaseIcon.props = {
  name: { type: String as PropType<IconName>, required: true },
  size: { type: Number, default: 16 },
}

export default BaseIcon
