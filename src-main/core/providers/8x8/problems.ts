/** Warnings, aggregated so that one problem on 500 agents is one line, not 500. */
export class Problems {
  private readonly byKey = new Map<string, { examples: string[]; count: number }>()

  note(key: string, example?: string): void {
    const p = this.byKey.get(key) ?? { examples: [], count: 0 }
    p.count += 1
    if (example !== undefined && p.examples.length < 3) p.examples.push(example)
    this.byKey.set(key, p)
  }

  lines(): string[] {
    return [...this.byKey].map(([key, p]) => {
      if (p.examples.length === 0) return key
      const more = p.count > p.examples.length ? `, +${p.count - p.examples.length} more` : ''
      return `${key}: ${p.examples.join(', ')}${more}`
    })
  }
}

/** A value as a short quoted example for a warning. */
export function preview(value: unknown): string {
  const s = typeof value === 'string' ? value : JSON.stringify(value)
  return JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s)
}
