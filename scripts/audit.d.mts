export interface LockedPackage {
  name: string
  version: string
  /** Where it sits in node_modules (a version may sit at several). */
  paths: string[]
  /** Only a development dependency. */
  dev: boolean
}

export interface Finding extends LockedPackage {
  id: string
  summary: string
  severity: string
}

/** An OSV advisory, as far as the check reads it. */
export interface Advisory {
  id: string
  modified?: string
  withdrawn?: string
  summary?: string
  affected?: {
    package?: { ecosystem?: string; name?: string }
    versions?: string[]
    ranges?: { type: string; events?: { introduced?: string; fixed?: string; last_affected?: string }[] }[]
  }[]
  database_specific?: { severity?: string }
}

export function lockPackages(lock: unknown): LockedPackage[]
export function compareVersions(a: string, b: string): number
export function affects(advisory: Advisory, name: string, version: string): boolean
export function loadAdvisories(dir: string): { advisories: Advisory[]; newest: string; files: number }
export function auditOffline(lock: unknown, advisories: Advisory[]): Finding[]
export function classifyNpmAudit(
  status: number | null,
  stdout: string,
): { ran: true; total: number; report: unknown } | { ran: false; reason: string }
