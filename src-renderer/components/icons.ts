/**
 * Line icons on a 16×16 grid, drawn with `currentColor`. Every state has its own shape, so a state can be told
 * apart without its colour (colour-blind users, greyscale wallboards).
 */
type IconElement = ['path' | 'circle' | 'rect', Record<string, string | number>]

const ring: IconElement = ['circle', { cx: 8, cy: 8, r: 6.25 }]
const dot = (cx: number, cy: number): IconElement => [
  'circle',
  { cx, cy, r: 0.9, fill: 'currentColor', stroke: 'none' },
]

export const ICONS = {
  // agent states
  available: [ring, ['path', { d: 'M5.2 8.2l1.9 1.9 3.7-3.9' }]],
  offered: [
    ['path', { d: 'M2.5 8h7.5M7 5l3 3-3 3' }],
    ['path', { d: 'M13 3v10' }],
  ],
  busy: [['circle', { cx: 8, cy: 8, r: 6, fill: 'currentColor' }]],
  wrap_up: [
    ['path', { d: 'M3 13l.8-3.2 6.4-6.4 2.4 2.4-6.4 6.4z' }],
    ['path', { d: 'M8.9 4.7l2.4 2.4' }],
  ],
  not_ready: [ring, ['path', { d: 'M6.5 5.6v4.8M9.5 5.6v4.8' }]],
  offline_work: [
    ['rect', { x: 3, y: 2.5, width: 10, height: 11, rx: 1.5 }],
    ['path', { d: 'M5.5 6h5M5.5 8.5h5M5.5 11h3' }],
  ],
  logged_out: [
    ['path', { d: 'M8 2.2v5.3' }],
    ['path', { d: 'M4.7 4.4a5 5 0 1 0 6.6 0' }],
  ],
  unknown: [
    ['circle', { cx: 8, cy: 8, r: 6.25, 'stroke-dasharray': '2.2 1.8' }],
    ['path', { d: 'M6.4 6.4a1.7 1.7 0 1 1 2.3 1.6c-.5.2-.7.5-.7 1v.4' }],
    dot(8, 11.2),
  ],
  no_live_state: [
    ['circle', { cx: 8, cy: 8, r: 6.25, 'stroke-dasharray': '2.2 1.8' }],
    ['path', { d: 'M5.2 8h5.6' }],
  ],
  // connection states
  ok: [ring, ['path', { d: 'M5.2 8.2l1.9 1.9 3.7-3.9' }]],
  connecting: [
    ['path', { d: 'M8 1.8a6.2 6.2 0 1 1-6.2 6.2' }],
    ['path', { d: 'M8 4.8V8l2.2 1.3' }],
  ],
  warming_up: [
    ['path', { d: 'M8 1.8a6.2 6.2 0 1 1-6.2 6.2' }],
    ['path', { d: 'M8 4.8V8l2.2 1.3' }],
  ],
  stale: [ring, ['path', { d: 'M8 4.6V8l2.3 1.5' }]],
  auth_failed: [
    ['rect', { x: 3.5, y: 7, width: 9, height: 6.5, rx: 1.2 }],
    ['path', { d: 'M5.5 7V5.3a2.5 2.5 0 0 1 5 0V7' }],
  ],
  offline: [ring, ['path', { d: 'M3.6 3.6l8.8 8.8' }]],
  unreachable: [['path', { d: 'M8 2l6.3 11.2H1.7z' }], ['path', { d: 'M8 6.3v3.2' }], dot(8, 11.3)],
  rate_limited: [
    ['path', { d: 'M2.3 11.5a5.7 5.7 0 1 1 11.4 0' }],
    ['path', { d: 'M8 11.5l2.8-3.4' }],
  ],
  error: [ring, ['path', { d: 'M5.8 5.8l4.4 4.4M10.2 5.8l-4.4 4.4' }]],
  // chrome
  overview: [
    ['rect', { x: 2, y: 2, width: 5, height: 5, rx: 1 }],
    ['rect', { x: 9, y: 2, width: 5, height: 5, rx: 1 }],
    ['rect', { x: 2, y: 9, width: 5, height: 5, rx: 1 }],
    ['rect', { x: 9, y: 9, width: 5, height: 5, rx: 1 }],
  ],
  agents: [
    ['circle', { cx: 6, cy: 5.5, r: 2.5 }],
    ['path', { d: 'M1.5 13.5c.4-2.6 2.2-4 4.5-4s4.1 1.4 4.5 4' }],
    ['path', { d: 'M10.5 3.2a2.5 2.5 0 0 1 0 4.6M12.2 9.8c1.3.6 2.1 1.9 2.3 3.7' }],
  ],
  queues: [
    ['path', { d: 'M2.5 4h11M2.5 8h11M2.5 12h7' }],
    ['circle', { cx: 13, cy: 12, r: 1.2, fill: 'currentColor' }],
  ],
  paused: [['path', { d: 'M5.5 3.5v9M10.5 3.5v9' }]],
  play: [['path', { d: 'M5 3.2v9.6l7.5-4.8z' }]],
  search: [
    ['circle', { cx: 7, cy: 7, r: 4.5 }],
    ['path', { d: 'M10.4 10.4l3.3 3.3' }],
  ],
  link_lost: [
    ['path', { d: 'M6.5 9.5l-2 2a2.1 2.1 0 0 1-3-3l2-2M9.5 6.5l2-2a2.1 2.1 0 0 1 3 3l-2 2' }],
    ['path', { d: 'M2.5 2.5l11 11' }],
  ],
  sort_asc: [['path', { d: 'M8 3.5v9M4.5 7L8 3.5 11.5 7' }]],
  sort_desc: [['path', { d: 'M8 12.5v-9M4.5 9L8 12.5 11.5 9' }]],
  sort_none: [['path', { d: 'M5 6l3-3 3 3M5 10l3 3 3-3' }]],
  close: [['path', { d: 'M4 4l8 8M12 4l-8 8' }]],
} satisfies Record<string, IconElement[]>

export type IconName = keyof typeof ICONS
