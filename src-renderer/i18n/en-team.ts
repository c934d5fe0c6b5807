/**
 * English messages of Settings → Team and of the team server's state on the board (merged into en.ts under
 * `teamMode`). Team mode: docs/TEAM.md.
 */
const teamMode = {
  title: 'Team',
  intro:
    'Join your contact center’s team server to show the board its pollers keep: this computer then polls no vendor and needs no vendor credentials. Ask IT for the server, your site, your user and password.',
  servers: 'Team server',
  serversHelp: 'For example nats://floorwalker.corp:4222 or tls://… — several, separated by commas.',
  site: 'Site',
  siteHelp: 'The site of the contact center this board shows, e.g. eu.',
  user: 'User',
  password: 'Password',
  passwordHelp: 'Kept in this computer’s keychain, never in a file.',
  join: 'Join the team',
  joining: 'Checking the team server…',
  leave: 'Leave the team',
  leaveConfirm: 'Leave the team and go back to this computer’s own connections?',
  leaveYes: 'Leave',
  cancel: 'Cancel',
  restarting: 'Floorwalker restarts now to show the new board…',
  joined: 'This board shows site {site} of the team server {servers}, as {user}.',
  canAcknowledge: 'Acknowledgements are shared with the team under your name.',
  viewOnly: 'This user may only look: acknowledging needs a supervisor user.',
  personal: 'Snooze, mutes, quiet hours and sound stay on this computer.',
  connected: 'Connected since {time}.',
  unreachableSince: 'Team server unreachable since {time}.',
  servedBoard:
    'This board’s team is set where it is served (headless --team); it cannot be changed from here.',
  problem: 'The saved team could not be joined: {message}',
  notInTeam:
    'This board shows its own connections, not a team’s. A board joins a team where it runs: in the Floorwalker app (Connections → Team) or with headless --team where it is served.',
  loadFailed: 'The team settings could not be read: {message}',
  teamOwned:
    'These are the team’s connections: its pollers hold their credentials, and an admin changes them on the team server.',
  banner: {
    unreachable: 'Team server unreachable.',
    unreachableAge: 'Showing the last board it sent, from {age} ago; it updates when the server is back.',
    unreachableNoAge: 'The board fills in when the server answers.',
    noPollerOne: 'No poller of the team is publishing {name}.',
    noPollerMany: 'No poller of the team is publishing {n} connections: {names}.',
  },
}

export default teamMode
