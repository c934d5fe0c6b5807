/**
 * English messages of the panel behind a queue or chat room card (components/queues/QueuePanel.vue) and of the
 * alert actions that open it; merged into en.ts at the top level.
 */
const queuePanel = {
  queuePanel: {
    open: 'Agents, trend and alerts of {name}',
    close: 'Close {name}',
    kind: { queue: 'queue', chatRoom: 'chat room' },
    figures: 'Now and today',
    staleNote: 'No fresh data from {connection}: these are the last figures it sent, not now.',
    avgHandleToday: 'Avg handle today',
    vendorAvailable: 'Agents available (vendor)',
    vendorBusy: 'Agents busy (vendor)',
    missingNote: '“—”: {vendor} does not give this figure here, or has not sent it yet.',
    trend: 'Waiting and longest wait',
    agents: 'Agents serving it',
    countsLabel: 'Agents serving it by state',
    agentsCaption: 'Agents serving {name}, available first',
    col: { agent: 'Agent', state: 'State and reason', time: 'In state' },
    noMembership: '{vendor} does not say which agents serve a {what}, so they cannot be listed here.',
    vendorCounts: 'The counts of agents available and busy above are the vendor’s own.',
    noMembers: {
      queue: 'No agent of {connection} serves this queue now.',
      chatRoom: 'No agent of {connection} serves this chat room now.',
    },
    showOnBoard: 'Show them on the Agents board',
    showConnectionOnBoard: 'Show the agents of {connection} on the Agents board',
    alertsTitle: 'Rules and alerts',
    activeAlerts: 'Alerts now',
    noActive: 'No alert now.',
    recentAlerts: 'Recent alerts',
    noRecent: 'None recently.',
    firedCleared: 'fired {fired}, cleared {cleared}',
    showAlert: 'Show in Alerts',
    showAlertNamed: 'Show {alert} in Alerts',
    rulesTitle: 'Rules that watch it',
    rulesReadOnly: 'This board is view-only: it cannot read the rules.',
    noRules: 'No rule watches it.',
    editRules: 'Rules on the Alerts screen',
    rule: {
      on: 'watching',
      off: 'off',
      inactive: 'outside its hours',
      muted: 'muted until {until}',
    },
    missingTitle: 'Not on the board',
    missing: 'This board has no queue or chat room “{key}” (its connection may be off or removed).',
    alertOpen: { queue: 'Open queue', chatRoom: 'Open chat room' },
    alertOpenNamed: 'Open {name}: agents, trend and alerts',
  },
}

export default queuePanel
