import type { AgentState } from '../../src-shared/model'
import type { IconName } from '../components/base/icons'

/** What a state badge shows: its colour class, icon and word. */
export interface AgentStateLook {
  cls: string
  icon: IconName
  label: string
  /** The longer words for a tooltip (the state in full), where they differ from the label. */
  title: string
}

type Translate = (key: string, values?: Record<string, unknown>) => string

/**
 * One agent's state as every board shows it (the grid, the drawer, the By person badges, the wallboard). A
 * provider without live state (Thulium reports) says so instead of inventing one (docs/vendors/thulium.md §7.1);
 * a state the mapping does not know shows the vendor's word; busy with the contact on hold (`onHold`, a flag
 * beside the state, docs/ARCHITECTURE.md §4) reads "On hold" and stays busy's colour, counts and rules.
 */
export function agentStateLook(
  row: { state: AgentState; rawState: string | null; onHold?: boolean | null },
  t: Translate,
): AgentStateLook {
  if (row.state === 'unknown' && !row.rawState) {
    const label = t('agentState.noLiveState')
    return { cls: 'state-none', icon: 'no_live_state', label, title: label }
  }
  if (row.state === 'unknown') {
    const label = t('agentState.unmapped', { raw: row.rawState ?? '' })
    return { cls: 'state-unknown', icon: 'unknown', label, title: label }
  }
  if (row.state === 'busy' && row.onHold === true) {
    return {
      cls: 'state-busy state-hold',
      icon: 'on_hold',
      label: t('agentState.onHold'),
      title: t('agentState.onHoldHelp'),
    }
  }
  const label = t(`agentState.${row.state}`)
  return { cls: `state-${row.state}`, icon: row.state, label, title: label }
}
