/** What a Chronicall metric means on the board (agent state, queue waiting, ...): the user's choice or a suggestion. */
import {
  CHRONICALL_ROLE_TYPES,
  suggestChronicallRole,
  type ChronicallRole,
} from '../../../../src-shared/providers/chronicall'
import type { ChronicallMetricInfo } from './parse'

export interface ResolvedRole {
  role: ChronicallRole
  explicit: boolean
}

/** The role a metric plays: the user's choice when it fits the value type, else the suggestion. */
export function resolveRole(
  metricId: string,
  info: ChronicallMetricInfo | undefined,
  type: string | null,
  roles: Readonly<Record<string, ChronicallRole>>,
  warn: (w: string) => void,
): ResolvedRole {
  const explicit = roles[metricId]
  if (explicit !== undefined) {
    if (type !== null && !(CHRONICALL_ROLE_TYPES[explicit] as readonly string[]).includes(type)) {
      warn(
        `metric ${label(metricId, info)}: meaning ${explicit} needs a ${CHRONICALL_ROLE_TYPES[explicit].join(' or ')} ` +
          `value but the server sends ${type}; shown as a metric only`,
      )
      return { role: 'metric', explicit: true }
    }
    return { role: explicit, explicit: true }
  }
  return {
    role: suggestChronicallRole({
      metricName: info?.metricName ?? null,
      categoryType: info?.categoryType ?? null,
      type,
    }),
    explicit: false,
  }
}

export function label(metricId: string, info: ChronicallMetricInfo | undefined): string {
  return info?.metricName ? `${metricId} ("${info.metricName}")` : metricId
}
