/**
 * English messages of the time-to-breach line on queue and room cards, the rule editor's forecast field, and the
 * board's spoken announcements; merged into en.ts at the top level.
 */
const forecast = {
  forecast: {
    what: {
      waiting: 'Waiting',
      waitingChats: 'Chats waiting',
      longestWaitSec: 'Longest wait',
      maxWaitNowSec: 'Longest chat wait',
      serviceLevelPct: 'Service level',
    },
    up: '{what} passes {level} in ~{in}',
    down: '{what} falls below {level} in ~{in}',
    ifNobody: '{line} if nobody becomes available',
    help: 'Forecast from the last minutes: arrivals against answers, agents available and the ages of contacts waiting. Rule “{rule}”.',
    ruleLabel: 'Warn ahead',
    ruleOff: 'No: when the level is crossed',
    ruleOn: 'When the level is forecast within',
    ruleHelp:
      'The rule’s levels apply to the worst value forecast between now and this many seconds ahead, so it fires before the breach; the pending period and clear level apply as usual.',
    ruleHorizon: 'Horizon (seconds)',
    ruleUnsupported:
      'Only the waits, waiting counts and service level of queues and chat rooms can be forecast.',
    alertTag: 'forecast',
  },
  speech: {
    toggleOn: 'Voice on',
    toggleOff: 'Voice off',
    helpOn: 'Critical alerts and urgent messages are spoken aloud on this board. Click to stop.',
    helpOff: 'Critical alerts and urgent messages are not spoken. Click to have them read aloud.',
    unavailable: 'Voice unavailable',
    unavailableHelp: 'This browser has no speech synthesis, so nothing can be spoken.',
    noVoice: 'No English voice is installed: announcements use the system’s default voice.',
    critical: 'Critical: {rule}, {who}.',
    urgent: 'Urgent message from {sender}: {text}',
    more: '{n} more critical alert. | {n} more critical alerts.',
    moreMessages: '{n} more urgent message. | {n} more urgent messages.',
    ruleLabel: 'Speak its critical alerts',
    ruleHelp: 'Where the board’s voice is on, a critical alert of this rule is read aloud.',
    title: 'Spoken alerts',
    switch: 'Read critical alerts and urgent messages aloud',
    settingsHelp:
      'This board’s own choice, off until turned on. At most one announcement every few seconds; what piles up meanwhile is summed up (“3 more critical alerts”). An acknowledged alert or a message marked read is not read. Agent names are spoken only when notifications may show them.',
    volume: 'Volume',
    rate: 'Speed',
    gap: 'At most one announcement every',
    gapOption: '{n} s',
    try: 'Try the voice',
    sample: 'Critical: Longest wait, Support.',
    enabled: 'Spoken alerts on.',
    enable: 'Enable spoken alerts',
    enableHelp: 'This browser speaks only after a click on the page: click to let it read alerts aloud.',
    voiceIs: 'Voice: {name}',
    wallboardHelp:
      'A wallboard’s address can turn its voice on or off: add speak=1 or speak=0 (e.g. #/wallboard?views=overview&speak=1).',
    lastSpoken: 'Last said: “{text}”',
  },
}

export default forecast
