#!/usr/bin/env node
// Draws the app icon and the four tray icons into resources/ as PNG, with nothing but Node's zlib, and the app
// icon in the forms the installers need (electron-builder, see electron-builder.ts):
//   resources/icon.icns        macOS: PNG images from 16 to 1024 px (the 512@2x slot is what Finder and the Dock use)
//   resources/icon.ico         Windows: PNG images from 16 to 256 px (256 is the size the NSIS installer requires)
//   resources/icons/NxN.png    Linux: the hicolor theme set, 16 to 512 px, named by size as electron-builder expects
//   node scripts/make-icons.mjs
// Each tray state has its own shape (circle, triangle, square, struck-through ring), so the state reads without
// colour: ok = circle with a check, warning = triangle with "!", error = square with an X, offline = ring with
// a slash. Output is deterministic: running it again gives the same bytes.
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { deflateSync } from 'node:zlib'

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'resources')

// --- PNG encoding -------------------------------------------------------------------------------------------
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
function crc32(buf) {
  let c = 0xffffffff
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}
function chunk(type, data) {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([len, body, crc])
}
/** RGBA pixels (Uint8Array, row-major) → PNG bytes. */
function encodePng(width, height, rgba) {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 6 // RGBA
  ihdr[10] = 0
  ihdr[11] = 0
  ihdr[12] = 0
  const raw = Buffer.alloc((width * 4 + 1) * height)
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0 // filter: none
    Buffer.from(rgba.buffer, y * width * 4, width * 4).copy(raw, y * (width * 4 + 1) + 1)
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

// --- Shapes: each is inside(x, y) over the unit square --------------------------------------------------------
const circle = (cx, cy, r) => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r
const ring = (cx, cy, r1, r2) => (x, y) => {
  const d = (x - cx) ** 2 + (y - cy) ** 2
  return d <= r2 * r2 && d >= r1 * r1
}
const roundedRect = (x0, y0, x1, y1, r) => (x, y) => {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false
  const cx = Math.min(Math.max(x, x0 + r), x1 - r)
  const cy = Math.min(Math.max(y, y0 + r), y1 - r)
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r
}
const triangle = (a, b, c) => (x, y) => {
  const side = (p, q) => (q[0] - p[0]) * (y - p[1]) - (q[1] - p[1]) * (x - p[0])
  const s1 = side(a, b)
  const s2 = side(b, c)
  const s3 = side(c, a)
  return (s1 >= 0 && s2 >= 0 && s3 >= 0) || (s1 <= 0 && s2 <= 0 && s3 <= 0)
}
/** A thick line segment with round ends. */
const stroke = (points, width) => (x, y) => {
  for (let i = 0; i + 1 < points.length; i++) {
    const [ax, ay] = points[i]
    const [bx, by] = points[i + 1]
    const dx = bx - ax
    const dy = by - ay
    const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
    if ((x - ax - t * dx) ** 2 + (y - ay - t * dy) ** 2 <= (width / 2) ** 2) return true
  }
  return false
}

/** Paint layers [inside, [r, g, b]] in order, 4×4 supersampled for smooth edges. */
function render(size, layers) {
  const px = new Uint8Array(size * size * 4)
  const S = 4
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let r = 0
      let g = 0
      let b = 0
      let a = 0
      for (let sy = 0; sy < S; sy++) {
        for (let sx = 0; sx < S; sx++) {
          const u = (x + (sx + 0.5) / S) / size
          const v = (y + (sy + 0.5) / S) / size
          let color = null
          for (const [inside, c] of layers) if (inside(u, v)) color = c
          if (color) {
            r += color[0]
            g += color[1]
            b += color[2]
            a += 1
          }
        }
      }
      const i = (y * size + x) * 4
      if (a > 0) {
        px[i] = Math.round(r / a)
        px[i + 1] = Math.round(g / a)
        px[i + 2] = Math.round(b / a)
        px[i + 3] = Math.round((255 * a) / (S * S))
      }
    }
  }
  return px
}

const WHITE = [255, 255, 255]
const INK = [34, 34, 34]
const GREEN = [46, 158, 79]
const AMBER = [240, 165, 0]
const RED = [217, 48, 37]
const GREY = [138, 143, 152]

const TRAY = {
  ok: [
    [circle(0.5, 0.5, 0.47), GREEN],
    [
      stroke(
        [
          [0.27, 0.52],
          [0.44, 0.69],
          [0.74, 0.35],
        ],
        0.13,
      ),
      WHITE,
    ],
  ],
  warning: [
    [triangle([0.5, 0.04], [0.98, 0.94], [0.02, 0.94]), AMBER],
    [roundedRect(0.44, 0.33, 0.56, 0.67, 0.04), INK],
    [circle(0.5, 0.8, 0.065), INK],
  ],
  error: [
    [roundedRect(0.05, 0.05, 0.95, 0.95, 0.14), RED],
    [
      stroke(
        [
          [0.3, 0.3],
          [0.7, 0.7],
        ],
        0.14,
      ),
      WHITE,
    ],
    [
      stroke(
        [
          [0.7, 0.3],
          [0.3, 0.7],
        ],
        0.14,
      ),
      WHITE,
    ],
  ],
  offline: [
    [ring(0.5, 0.5, 0.3, 0.46), GREY],
    [
      stroke(
        [
          [0.16, 0.84],
          [0.84, 0.16],
        ],
        0.13,
      ),
      GREY,
    ],
  ],
}

// The app icon: a board of three bars on a dark tile, with an amber alert dot.
const NAVY = [31, 58, 95]
const LIGHT = [233, 240, 248]
const APP = [
  [roundedRect(0.04, 0.04, 0.96, 0.96, 0.2), NAVY],
  [roundedRect(0.2, 0.5, 0.32, 0.8, 0.03), LIGHT],
  [roundedRect(0.44, 0.3, 0.56, 0.8, 0.03), LIGHT],
  [roundedRect(0.68, 0.42, 0.8, 0.8, 0.03), LIGHT],
  [circle(0.76, 0.24, 0.09), AMBER],
]

// --- Containers for the installers --------------------------------------------------------------------------
/**
 * An .icns file: "icns", the total length, then one (type, length, data) entry per image. Every type below holds a
 * PNG (supported since OS X 10.7); the @2x types are the Retina slots.
 */
const ICNS_TYPES = [
  ['icp4', 16],
  ['ic11', 32], // 16@2x
  ['icp5', 32],
  ['ic12', 64], // 32@2x
  ['icp6', 64],
  ['ic07', 128],
  ['ic13', 256], // 128@2x
  ['ic08', 256],
  ['ic14', 512], // 256@2x
  ['ic09', 512],
  ['ic10', 1024], // 512@2x
]
function encodeIcns(pngOf) {
  const entries = ICNS_TYPES.map(([type, size]) => {
    const png = pngOf(size)
    const head = Buffer.alloc(8)
    head.write(type, 0, 'ascii')
    head.writeUInt32BE(png.length + 8, 4)
    return Buffer.concat([head, png])
  })
  const head = Buffer.alloc(8)
  head.write('icns', 0, 'ascii')
  head.writeUInt32BE(8 + entries.reduce((n, e) => n + e.length, 0), 4)
  return Buffer.concat([head, ...entries])
}

/** An .ico file whose images are PNGs (Windows Vista and later): a directory of entries, then the images. */
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256]
function encodeIco(pngOf) {
  const pngs = ICO_SIZES.map((size) => pngOf(size))
  const dir = Buffer.alloc(6 + 16 * pngs.length)
  dir.writeUInt16LE(0, 0) // reserved
  dir.writeUInt16LE(1, 2) // 1 = icon
  dir.writeUInt16LE(pngs.length, 4)
  let offset = dir.length
  ICO_SIZES.forEach((size, i) => {
    const e = 6 + 16 * i
    dir[e] = size === 256 ? 0 : size // 0 means 256
    dir[e + 1] = size === 256 ? 0 : size
    dir[e + 2] = 0 // no palette
    dir[e + 3] = 0
    dir.writeUInt16LE(1, e + 4) // colour planes
    dir.writeUInt16LE(32, e + 6) // bits per pixel
    dir.writeUInt32LE(pngs[i].length, e + 8)
    dir.writeUInt32LE(offset, e + 12)
    offset += pngs[i].length
  })
  return Buffer.concat([dir, ...pngs])
}

const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512]

mkdirSync(join(out, 'icons'), { recursive: true })
const written = []
const cache = new Map()
/** The app icon at `size`, drawn at that size (small sizes stay crisp instead of being scaled down). */
const appPng = (size) => {
  if (!cache.has(size)) cache.set(size, encodePng(size, size, render(size, APP)))
  return cache.get(size)
}
const writeFile = (name, bytes, what) => {
  writeFileSync(join(out, name), bytes)
  written.push(`${name} (${what})`)
}
const write = (name, size, layers) =>
  writeFile(name, encodePng(size, size, render(size, layers)), `${size}×${size}`)
for (const [state, layers] of Object.entries(TRAY)) {
  write(`tray-${state}.png`, 16, layers)
  write(`tray-${state}@2x.png`, 32, layers)
}
writeFile('icon.png', appPng(512), '512×512')
for (const size of LINUX_SIZES)
  writeFile(join('icons', `${size}x${size}.png`), appPng(size), `${size}×${size}`)
writeFile('icon.ico', encodeIco(appPng), ICO_SIZES.join('/'))
writeFile('icon.icns', encodeIcns(appPng), [...new Set(ICNS_TYPES.map(([, s]) => s))].join('/'))
console.log(`wrote ${written.join(', ')} to ${out}`)
