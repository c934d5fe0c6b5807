/**
 * JSONC, the format of config files (docs/ARCHITECTURE.md §5): JSON plus `//` and `/* *\/` comments, trailing
 * commas and a leading UTF-8 byte order mark (what Windows Notepad writes). Stricter than JSON.parse where JSON.parse
 * is silently lossy: a key given twice in one object is an error naming the key and its path, never "the last one
 * wins".
 *
 * The scanner is jsonc-parser's (the one VS Code reads its settings with); the value is built here, from its
 * visitor, so that duplicate keys can be reported with their path, `__proto__` is an ordinary own key (never a
 * prototype), and nesting and size have limits a hostile or broken file cannot exceed.
 */
import { printParseErrorCode, visit, type JSONPath } from 'jsonc-parser'

/** Larger files are refused before parsing: a settings file is a few KiB; 4 MiB is thousands of connections. */
export const JSONC_MAX_CHARS = 4 * 1024 * 1024
/** Deeper nesting is refused (the schema needs 5 levels; the parser recurses per level). */
export const JSONC_MAX_DEPTH = 64

/** One problem in the text: where (line and column from 1, and the JSON path when known) and what. */
export interface JsoncError {
  line: number
  column: number
  /** e.g. `connections[0].id`; '' at the top level. */
  path: string
  message: string
}

export type JsoncResult = { ok: true; value: unknown } | { ok: false; errors: JsoncError[] }

const WORDS: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'not a valid number',
  PropertyNameExpected: 'a key in double quotes expected',
  ValueExpected: 'a value expected',
  ColonExpected: '":" expected',
  CommaExpected: '"," expected',
  CloseBraceExpected: '"}" expected (the text may be cut short)',
  CloseBracketExpected: '"]" expected (the text may be cut short)',
  EndOfFileExpected: 'unexpected text after the end of the document',
  InvalidCommentToken: 'not a valid comment',
  UnexpectedEndOfComment: 'a /* comment is not closed',
  UnexpectedEndOfString: 'a string is not closed',
  UnexpectedEndOfNumber: 'a number is cut short',
  InvalidUnicode: 'not a valid \\u escape',
  InvalidEscapeCharacter: 'not a valid escape in a string',
  InvalidCharacter: 'a control character inside a string (escape it)',
}

/** `connections[1].options.seed`, the way config issues name paths. */
export function jsonPathString(parts: readonly (string | number)[]): string {
  let out = ''
  for (const p of parts) {
    if (typeof p === 'number') out += `[${p}]`
    else out += out === '' ? p : `.${p}`
  }
  return out
}

type Container =
  { kind: 'object'; value: Record<string, unknown>; key: string | null } | { kind: 'array'; value: unknown[] }

/** Parse JSONC text. Never throws; every error names its line and column. */
export function parseJsonc(input: string): JsoncResult {
  if (input.length > JSONC_MAX_CHARS) {
    return {
      ok: false,
      errors: [
        {
          line: 1,
          column: 1,
          path: '',
          message: `the file is ${(input.length / 1024 / 1024).toFixed(1)} MiB; at most ${JSONC_MAX_CHARS / 1024 / 1024} MiB is read`,
        },
      ],
    }
  }
  // Notepad and some editors start UTF-8 files with a byte order mark; it is not part of the document.
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input
  const errors: JsoncError[] = []
  const stack: Container[] = []
  let root: { set: boolean; value: unknown } = { set: false, value: undefined }
  let tooDeep = false

  const place = (value: unknown) => {
    const top = stack[stack.length - 1]
    if (top === undefined) {
      root = { set: true, value }
    } else if (top.kind === 'array') {
      top.value.push(value)
    } else if (top.key !== null) {
      // defineProperty: "__proto__" stays an own key (the schema then refuses it as unknown), never a prototype.
      Object.defineProperty(top.value, top.key, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      })
      top.key = null
    }
  }
  const at = (line: number, column: number, path: JSONPath) => ({
    line: line + 1,
    column: column + 1,
    path: jsonPathString(path),
  })
  const open = (c: Container, line: number, column: number, path: () => JSONPath): boolean => {
    if (stack.length >= JSONC_MAX_DEPTH) {
      if (!tooDeep)
        errors.push({ ...at(line, column, path()), message: `nested deeper than ${JSONC_MAX_DEPTH} levels` })
      tooDeep = true
      return false
    }
    place(c.value)
    stack.push(c)
    return true
  }

  try {
    visit(
      text,
      {
        onObjectBegin: (_o, _l, line, column, path) =>
          open({ kind: 'object', value: {}, key: null }, line, column, path),
        onObjectEnd: () => {
          stack.pop()
        },
        onArrayBegin: (_o, _l, line, column, path) => open({ kind: 'array', value: [] }, line, column, path),
        onArrayEnd: () => {
          stack.pop()
        },
        onObjectProperty: (key, _o, _l, line, column, path) => {
          const top = stack[stack.length - 1]
          if (top?.kind !== 'object') return
          if (Object.prototype.hasOwnProperty.call(top.value, key)) {
            const where = jsonPathString([...path(), key])
            errors.push({
              ...at(line, column, path()),
              path: where,
              message: `duplicate key "${key}" (${where} is given twice; keep one)`,
            })
          }
          top.key = key
        },
        onLiteralValue: (value: unknown) => place(value),
        onError: (code, _o, _l, line, column) => {
          errors.push({
            ...at(line, column, []),
            message: WORDS[printParseErrorCode(code)] ?? 'not valid JSON',
          })
        },
      },
      { disallowComments: false, allowTrailingComma: true, allowEmptyContent: true },
    )
  } catch (e) {
    // The parser recurses per nesting level; a file nested deeper than the stack allows is not a config file.
    if (!(e instanceof RangeError)) throw e
    return { ok: false, errors: [{ line: 1, column: 1, path: '', message: 'nested too deeply to read' }] }
  }
  if (errors.length > 0) return { ok: false, errors }
  if (!root.set) {
    return {
      ok: false,
      errors: [{ line: 1, column: 1, path: '', message: 'the file is empty (no JSON value)' }],
    }
  }
  return { ok: true, value: root.value }
}

/** `line 3, column 7 (connections[0]): duplicate key "id"`. */
export function formatJsoncError(e: JsoncError): string {
  return `line ${e.line}, column ${e.column}${e.path ? ` (${e.path})` : ''}: ${e.message}`
}
