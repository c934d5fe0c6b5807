import { onBeforeUnmount, onMounted, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import type { AlertSeverity } from '../../src-shared/alerts'
import { useAttentionStore } from '../stores/attention'

/** "(3) Floorwalker": the firing alerts' count before the page's name, as mail and chat tabs show unread items. */
export function titleWithCount(name: string, count: number): string {
  return count > 0 ? `(${count > 99 ? '99+' : count}) ${name}` : name
}

/** The colours of the tab icon: the app's mark, and a badge in the worst severity's colour. */
const MARK = '#0b5cad'
const BADGE: Record<AlertSeverity, string> = { critical: '#b3261e', warning: '#9a6a00' }

/** The minimal 2D context the icon needs (a real canvas's in the page, a recorder in tests). */
export type IconContext = Pick<
  CanvasRenderingContext2D,
  | 'clearRect'
  | 'beginPath'
  | 'roundRect'
  | 'arc'
  | 'fill'
  | 'fillText'
  | 'fillStyle'
  | 'font'
  | 'textAlign'
  | 'textBaseline'
  | 'strokeStyle'
  | 'lineWidth'
  | 'stroke'
  | 'moveTo'
  | 'lineTo'
  | 'lineCap'
>

/**
 * Draw the tab icon on a `size`-pixel square: the app's mark (the header's "F" on a rounded square) and, while
 * alerts fire, a round badge with their count in the worst severity's colour (red critical, amber warning).
 */
export function drawTabIcon(
  ctx: IconContext,
  size: number,
  count: number,
  worst: AlertSeverity | null,
): void {
  const u = size / 32
  ctx.clearRect(0, 0, size, size)
  ctx.fillStyle = MARK
  ctx.beginPath()
  ctx.roundRect(1 * u, 1 * u, 30 * u, 30 * u, 8 * u)
  ctx.fill()
  ctx.strokeStyle = '#ffffff'
  ctx.lineWidth = 3.5 * u
  ctx.lineCap = 'round'
  ctx.beginPath()
  ctx.moveTo(10 * u, 23 * u)
  ctx.lineTo(10 * u, 9 * u)
  ctx.lineTo(21 * u, 9 * u)
  ctx.moveTo(10 * u, 16 * u)
  ctx.lineTo(18 * u, 16 * u)
  ctx.stroke()
  if (count <= 0 || worst === null) return
  const r = 10 * u
  const cx = size - r
  const cy = size - r
  ctx.fillStyle = BADGE[worst]
  ctx.beginPath()
  ctx.arc(cx, cy, r, 0, Math.PI * 2)
  ctx.fill()
  ctx.fillStyle = '#ffffff'
  ctx.font = `bold ${Math.round((count > 9 ? 11 : 14) * u)}px sans-serif`
  ctx.textAlign = 'center'
  ctx.textBaseline = 'middle'
  ctx.fillText(count > 99 ? '99+' : String(count), cx, cy + 1 * u)
}

/** The page's `<link rel="icon">`, created when the page has none. */
function iconLink(): HTMLLinkElement {
  let link = document.querySelector<HTMLLinkElement>('link[rel="icon"]')
  if (!link) {
    link = document.createElement('link')
    link.rel = 'icon'
    document.head.appendChild(link)
  }
  return link
}

/**
 * For as long as the board is open in a browser: run the attention store (sound, notifications) and keep the tab's
 * title and icon saying how many alerts fire. The desktop app's window leaves both alone: its tray says it.
 */
export function useBoardAttention(): void {
  const { t } = useI18n()
  const attention = useAttentionStore()
  let stop: (() => void) | null = null
  let canvas: HTMLCanvasElement | null = null

  let painted: string | null = null
  function paint(): void {
    if (!attention.served) return
    const count = attention.count
    document.title = titleWithCount(t('app.name'), count)
    // The icon changes only with the count or the worst severity, not with every new alert list.
    const key = `${count}|${attention.worst ?? ''}`
    if (key === painted) return
    painted = key
    canvas ??= document.createElement('canvas')
    canvas.width = canvas.height = 64
    const ctx = canvas.getContext('2d')
    if (!ctx) return
    drawTabIcon(ctx, 64, count, attention.worst)
    const link = iconLink()
    link.type = 'image/png'
    link.href = canvas.toDataURL('image/png')
    link.dataset.count = String(count)
    link.dataset.worst = attention.worst ?? 'none'
  }

  onMounted(() => {
    stop = attention.start()
  })
  onBeforeUnmount(() => {
    stop?.()
    stop = null
  })
  watch(() => [attention.served, attention.count, attention.worst, t('app.name')] as const, paint, {
    immediate: true,
  })
}
