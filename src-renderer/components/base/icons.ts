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
  /** Busy, on hold: busy's dot with the pause bars. */
  on_hold: [
    ['circle', { cx: 5.6, cy: 8, r: 4, fill: 'currentColor' }],
    ['path', { d: 'M11.6 4.4v7.2M14.2 4.4v7.2' }],
  ],
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
  // connections screen
  connections: [
    ['path', { d: 'M6 2.5v3M10 2.5v3M4.5 5.5h7v2.5a3.5 3.5 0 0 1-7 0z' }],
    ['path', { d: 'M8 11.5v2.5' }],
  ],
  plus: [['path', { d: 'M8 3v10M3 8h10' }]],
  edit: [['path', { d: 'M3 13l.7-3 6.8-6.8 2.3 2.3-6.8 6.8zM9.3 4.4l2.3 2.3' }]],
  trash: [['path', { d: 'M2.8 4.5h10.4M6.3 4.5V2.8h3.4v1.7M4.3 4.5l.7 8.7h6l.7-8.7M6.8 7v4M9.2 7v4' }]],
  test: [
    ['path', { d: 'M6 2.5h4M6.8 2.5v4L3.3 12.3a.8.8 0 0 0 .7 1.2h8a.8.8 0 0 0 .7-1.2L9.2 6.5v-4M5 9.5h6' }],
  ],
  key: [
    ['circle', { cx: 5.3, cy: 10.7, r: 2.6 }],
    ['path', { d: 'M7.2 8.8l5.3-5.3M10.5 5.5l1.7 1.7M11.8 4.2l1.4 1.4' }],
  ],
  download: [['path', { d: 'M8 2.5v7.5M4.8 7l3.2 3.2L11.2 7M3 13.2h10' }]],
  upload: [['path', { d: 'M8 10.5V3M4.8 6.2L8 3l3.2 3.2M3 13.2h10' }]],
  arrow_right: [['path', { d: 'M3 8h10M9.5 4.5L13 8l-3.5 3.5' }]],
  // board: messages, wallboard, limits, preferences
  messages: [['path', { d: 'M2.5 3.5h11v7.5H7l-3 2.5V11H2.5z' }]],
  wallboard: [
    ['rect', { x: 1.8, y: 2.5, width: 12.4, height: 8.5, rx: 1 }],
    ['path', { d: 'M5.5 13.5h5M8 11v2.5' }],
  ],
  urgent: [['path', { d: 'M8 2l6.3 11.2H1.7z' }], ['path', { d: 'M8 6.3v3.2' }], dot(8, 11.3)],
  unread: [['circle', { cx: 8, cy: 8, r: 3.2, fill: 'currentColor' }]],
  check: [['path', { d: 'M3.2 8.4l3 3 6.6-6.8' }]],
  limit: [
    ['circle', { cx: 8, cy: 9, r: 5 }],
    ['path', { d: 'M8 6.2V9l1.8 1.2M6.5 1.8h3' }],
  ],
  limit_critical: [
    ['circle', { cx: 8, cy: 9, r: 5, fill: 'currentColor', 'fill-opacity': 0.18 }],
    ['path', { d: 'M8 6v3.4M6.5 1.8h3' }],
    dot(8, 11.6),
  ],
  chevron_down: [['path', { d: 'M4 6l4 4 4-4' }]],
  chevron_right: [['path', { d: 'M6 4l4 4-4 4' }]],
  theme: [
    ['circle', { cx: 8, cy: 8, r: 5.5 }],
    ['path', { d: 'M8 2.5a5.5 5.5 0 0 1 0 11z', fill: 'currentColor' }],
  ],
  language: [
    ['circle', { cx: 8, cy: 8, r: 6 }],
    ['path', { d: 'M2 8h12M8 2c-2.2 2.4-2.2 9.6 0 12M8 2c2.2 2.4 2.2 9.6 0 12' }],
  ],
  keyboard: [
    ['rect', { x: 1.5, y: 4, width: 13, height: 8, rx: 1.2 }],
    ['path', { d: 'M4 6.5h.01M6.5 6.5h.01M9 6.5h.01M11.5 6.5h.01M5 9.5h6' }],
  ],
  history: [
    ['path', { d: 'M2.5 8a5.5 5.5 0 1 0 1.6-3.9M2.5 2.8v2.6h2.6' }],
    ['path', { d: 'M8 5v3.2l2.1 1.3' }],
  ],
  // the shift report: a page with a table and a fold
  report: [
    ['path', { d: 'M3.5 1.8h6.2l2.8 2.8v9.6h-9z' }],
    ['path', { d: 'M9.5 1.8v3h3M5.5 8h5M5.5 10.3h5M5.5 12.5h3' }],
  ],
  printer: [
    ['path', { d: 'M4.5 6V2.5h7V6M4.5 11.5H2.5V6h11v5.5h-2' }],
    ['rect', { x: 4.5, y: 9, width: 7, height: 4.5 }],
  ],
  // alerts: severities and the ways an alert is quieted, each its own shape
  alerts: [
    ['path', { d: 'M4 11.5V7.3a4 4 0 0 1 8 0v4.2l1.2 1.2H2.8z' }],
    ['path', { d: 'M6.6 14.2a1.5 1.5 0 0 0 2.8 0' }],
  ],
  alert_critical: [
    [
      'path',
      {
        d: 'M5.4 1.8h5.2l3.6 3.6v5.2l-3.6 3.6H5.4l-3.6-3.6V5.4z',
        fill: 'currentColor',
        'fill-opacity': 0.18,
      },
    ],
    ['path', { d: 'M8 4.8v3.8' }],
    dot(8, 11.2),
  ],
  alert_warning: [['path', { d: 'M8 2l6.3 11.2H1.7z' }], ['path', { d: 'M8 6.3v3.2' }], dot(8, 11.3)],
  pending: [['path', { d: 'M4.5 2h7M4.5 14h7M5.5 2v2.6L8 8l2.5-3.4V2M5.5 14v-2.6L8 8l2.5 3.4V14' }]],
  snooze: [['path', { d: 'M2.5 7.5h4.5l-4.5 5.5h4.5M9 2.5h4.5L9 8h4.5' }]],
  mute: [
    ['path', { d: 'M4 11.5V7.3a4 4 0 0 1 6.9-2.8M12 7.6v3.9l1.2 1.2H5' }],
    ['path', { d: 'M2.2 14.2L13.8 2.6' }],
  ],
  quiet_hours: [['path', { d: 'M13.2 9.6A5.6 5.6 0 1 1 6.4 2.8a4.6 4.6 0 0 0 6.8 6.8z' }]],
  sound_on: [
    ['path', { d: 'M2.5 6h2.6L8.6 3v10L5.1 10H2.5z' }],
    ['path', { d: 'M10.8 5.7a3.2 3.2 0 0 1 0 4.6M12.6 3.9a5.7 5.7 0 0 1 0 8.2' }],
  ],
  voice: [
    ['path', { d: 'M2.5 3.5h11v7H8l-3.2 2.6v-2.6H2.5z' }],
    ['path', { d: 'M5 6h6M5 8h4' }],
  ],
  sound_off: [
    ['path', { d: 'M2.5 6h2.6L8.6 3v10L5.1 10H2.5z' }],
    ['path', { d: 'M10.6 6.2l3.4 3.6M14 6.2l-3.4 3.6' }],
  ],
} satisfies Record<string, IconElement[]>

export type IconName = keyof typeof ICONS
