#!/usr/bin/env node
// Writes the critical alert sound, resources/alert.wav, with nothing but Node: a two-note rising chime (A5 then
// E6, about 0.7 s) in 16-bit mono PCM at 22,050 Hz. Soft attack and decay so it never clicks, loud enough to be
// heard over an open-plan office, short enough to repeat every few seconds without grating.
//   node scripts/make-alert-sound.mjs
// Output is deterministic: running it again gives the same bytes.
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const RATE = 22_050
const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'resources', 'alert.wav')

/** One note: a sine with a third harmonic for presence, 10 ms attack, exponential decay. */
function note(freq, seconds, gain) {
  const n = Math.round(seconds * RATE)
  const samples = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const t = i / RATE
    const attack = Math.min(1, t / 0.01)
    const decay = Math.exp(-t * 5)
    const release = Math.min(1, (n - i) / (0.02 * RATE))
    const wave = Math.sin(2 * Math.PI * freq * t) + 0.25 * Math.sin(2 * Math.PI * 3 * freq * t)
    samples[i] = (wave / 1.25) * attack * decay * release * gain
  }
  return samples
}

function concat(parts) {
  const total = parts.reduce((s, p) => s + p.length, 0)
  const all = new Float64Array(total)
  let at = 0
  for (const p of parts) {
    all.set(p, at)
    at += p.length
  }
  return all
}

const silence = (seconds) => new Float64Array(Math.round(seconds * RATE))
const signal = concat([note(880, 0.28, 0.8), silence(0.04), note(1318.5, 0.38, 0.8)])

const data = Buffer.alloc(signal.length * 2)
for (let i = 0; i < signal.length; i++) {
  const v = Math.max(-1, Math.min(1, signal[i]))
  data.writeInt16LE(Math.round(v * 32_767), i * 2)
}

const header = Buffer.alloc(44)
header.write('RIFF', 0, 'ascii')
header.writeUInt32LE(36 + data.length, 4)
header.write('WAVE', 8, 'ascii')
header.write('fmt ', 12, 'ascii')
header.writeUInt32LE(16, 16) // PCM chunk size
header.writeUInt16LE(1, 20) // PCM
header.writeUInt16LE(1, 22) // mono
header.writeUInt32LE(RATE, 24)
header.writeUInt32LE(RATE * 2, 28) // byte rate
header.writeUInt16LE(2, 32) // block align
header.writeUInt16LE(16, 34) // bits per sample
header.write('data', 36, 'ascii')
header.writeUInt32LE(data.length, 40)

mkdirSync(dirname(out), { recursive: true })
writeFileSync(out, Buffer.concat([header, data]))
process.stdout.write(
  `wrote ${out} (${((signal.length / RATE) * 1000).toFixed(0)} ms, ${44 + data.length} bytes)\n`,
)
