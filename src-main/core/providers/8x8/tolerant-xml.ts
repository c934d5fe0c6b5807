/**
 * A tolerant reader for 8x8's flat, element-only XML. A strict parser rejects the vendor's own sample
 * (`<day-accepted>10</all-day-accepted>`, a stray `</groups>`, docs/vendors/8x8.md §6.2), so this one closes
 * a mismatched tag by position, ignores stray closing tags, and reports both as warnings. A body that ends
 * inside an element is truncated and therefore unreadable: partial data must not pass for a whole list.
 *
 * Hand-written on purpose: general XML libraries accept a truncated body, and a cut-off list must fail.
 */
import { preview, type Problems } from './problems'

/** An element's children as plain fields: text → string, nested → object, repeated names → array. */
export type XmlFields = Record<string, unknown>

export interface XmlElement {
  name: string
  children: XmlElement[]
  text: string
}

export class XmlReadError extends Error {}

const ENTITY = /&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g

function decodeEntities(s: string): string {
  if (!s.includes('&')) return s
  return s.replace(ENTITY, (whole, e: string) => {
    if (e === 'lt') return '<'
    if (e === 'gt') return '>'
    if (e === 'amp') return '&'
    if (e === 'quot') return '"'
    if (e === 'apos') return "'"
    const code = e.startsWith('#x') ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole
  })
}

export function readXml(src: string, label: string, problems: Pick<Problems, 'note'>): XmlElement[] {
  // Sticky, so it matches exactly at lastIndex; local, so no state outlives a call.
  const nameAt = /[A-Za-z_][\w.:-]*/y
  const roots: XmlElement[] = []
  const stack: XmlElement[] = []
  let mismatched = 0
  let firstMismatch = ''
  let i = 0

  const addText = (text: string) => {
    const top = stack[stack.length - 1]
    if (top) top.text += text
    else if (text.trim() !== '')
      problems.note(`${label}: ignored text outside the root element`, preview(text.trim()))
  }
  const closeTag = (name: string) => {
    const top = stack[stack.length - 1]
    if (!top) {
      problems.note(`${label}: ignored stray closing tags`, `</${name}>`)
      return
    }
    if (top.name === name) {
      stack.pop()
      return
    }
    const at = stack.map((e) => e.name).lastIndexOf(name)
    if (at >= 0) {
      for (const open of stack.splice(at + 1))
        problems.note(`${label}: elements never closed`, `<${open.name}>`)
      stack.pop()
      return
    }
    // The vendor document's `<day-accepted>10</all-day-accepted>`: the closing tag ends the element it stands
    // after; the opening tag names it.
    mismatched += 1
    if (firstMismatch === '') firstMismatch = `<${top.name}>…</${name}>`
    stack.pop()
  }

  while (i < src.length) {
    const lt = src.indexOf('<', i)
    const textEnd = lt < 0 ? src.length : lt
    if (textEnd > i) addText(decodeEntities(src.slice(i, textEnd)))
    if (lt < 0) break
    if (src.startsWith('<?', lt)) {
      const end = src.indexOf('?>', lt + 2)
      if (end < 0) throw new XmlReadError('XML ended inside a processing instruction')
      i = end + 2
    } else if (src.startsWith('<!--', lt)) {
      const end = src.indexOf('-->', lt + 4)
      if (end < 0) throw new XmlReadError('XML ended inside a comment')
      i = end + 3
    } else if (src.startsWith('<![CDATA[', lt)) {
      const end = src.indexOf(']]>', lt + 9)
      if (end < 0) throw new XmlReadError('XML ended inside a CDATA section')
      addText(src.slice(lt + 9, end))
      i = end + 3
    } else if (src.startsWith('<!', lt)) {
      const bracket = src.indexOf('[', lt)
      const gt = src.indexOf('>', lt)
      const end = bracket >= 0 && gt >= 0 && bracket < gt ? src.indexOf(']>', bracket) + 1 : gt
      if (end <= 0) throw new XmlReadError('XML ended inside a declaration')
      i = end + 1
    } else if (src.startsWith('</', lt)) {
      const end = src.indexOf('>', lt)
      if (end < 0) throw new XmlReadError(`XML ended inside a closing tag (truncated?)`)
      const name = src.slice(lt + 2, end).trim()
      nameAt.lastIndex = 0
      const m = nameAt.exec(name)
      if (!m || m[0] !== name) throw new XmlReadError(`bad closing tag ${preview(src.slice(lt, end + 1))}`)
      closeTag(name)
      i = end + 1
    } else {
      nameAt.lastIndex = lt + 1
      const m = nameAt.exec(src)
      if (!m) throw new XmlReadError(`not XML: stray "<" at offset ${lt}`)
      const name = m[0]
      let j = lt + 1 + name.length
      let quote: string | null = null
      for (; j < src.length; j++) {
        const ch = src[j]
        if (quote !== null) {
          if (ch === quote) quote = null
        } else if (ch === '"' || ch === "'") quote = ch
        else if (ch === '>') break
      }
      if (j >= src.length) throw new XmlReadError(`XML ended inside the tag <${name}> (truncated?)`)
      const el: XmlElement = { name, children: [], text: '' }
      const parent = stack[stack.length - 1]
      if (parent) parent.children.push(el)
      else roots.push(el)
      if (src[j - 1] !== '/') stack.push(el)
      i = j + 1
    }
  }
  const open = stack[stack.length - 1]
  if (open) throw new XmlReadError(`XML ended inside <${open.name}> (truncated?)`)
  if (mismatched > 0) {
    problems.note(
      `${label}: ${mismatched} closing tag${mismatched === 1 ? '' : 's'} did not match the opening tag (first: ${firstMismatch}); read by the opening tag`,
    )
  }
  return roots
}

function defineField(out: XmlFields, name: string, value: unknown): void {
  // defineProperty, not assignment: a field called `__proto__` must stay a field.
  Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true })
}

/** Element → fields: text elements become strings, nested elements objects, repeated names arrays. */
export function fieldsOf(el: XmlElement): XmlFields {
  const out: XmlFields = {}
  const repeated = new Set<string>()
  for (const c of el.children) {
    const v = c.children.length > 0 ? fieldsOf(c) : c.text.trim()
    if (Object.hasOwn(out, c.name)) {
      const prev = out[c.name]
      defineField(out, c.name, repeated.has(c.name) ? [...(prev as unknown[]), v] : [prev, v])
      repeated.add(c.name)
    } else defineField(out, c.name, v)
  }
  return out
}
