/**
 * English messages of a browser board's calls for attention: the sound and notification switches, merged into
 * en.ts at the top level.
 */
const attention = {
  attention: {
    label: 'Alerts in this browser',
    soundOn: 'Sound on',
    soundOff: 'Sound off',
    soundArm: 'Sound: click to allow',
    soundBlocked: 'Sound blocked: click to allow',
    soundOnHelp: 'Critical alerts play a sound in this browser. Click to turn it off.',
    soundOffHelp: 'Critical alerts play no sound in this browser. Click to turn it on.',
    soundArmHelp:
      'Browsers play sound only after someone has clicked or typed on the page: click here once (this also turns the sound on).',
    notifyAsk: 'Allow notifications',
    notifyAskHelp:
      'Show alerts as notifications of this browser, also while this tab is in the background. The browser asks you to allow them.',
    notifyOn: 'Notifications on',
    notifyOff: 'Notifications off',
    notifyOnHelp: 'New and escalating alerts are shown as this browser’s notifications. Click to stop them.',
    notifyOffHelp: 'Alerts are not shown as notifications in this browser. Click to show them.',
    notifyDenied: 'Notifications blocked',
    notifyDeniedHelp:
      'This browser blocks notifications from this board: allow them in the site settings (the icon beside the address), then reload.',
  },
}

export default attention
