/**
 * English messages of the filters, saved views and vendor console links (merged into en.ts under `savedViews`).
 * Saved views: docs/ARCHITECTURE.md §5.
 */
const savedViews = {
  menu: 'Views',
  menuLabel: 'Saved views',
  none: 'No saved views yet. Set the filters, grouping and sort you want, then save them here.',
  saveCurrent: 'Save this view…',
  nameLabel: 'Name of the view',
  namePlaceholder: 'e.g. Sales on break',
  makeDefaultToo: 'Open this page with it',
  save: 'Save',
  cancel: 'Cancel',
  update: 'Save changes to "{name}"',
  showing: 'Showing',
  makeDefault: 'Make default',
  isDefault: 'Default',
  unsetDefault: 'Remove default',
  remove: 'Delete',
  removeConfirm: 'Delete "{name}"?',
  onWallboard: 'Show on wallboard',
  readOnly: 'Saved views can be changed only on a board opened with its link.',
  failed: 'Could not change the saved views: {message}',
  nameTaken: 'Another view on this page is already called "{name}".',
  wallboardMissing: 'No saved view "{ref}"',
  filter: {
    queue: 'Queue',
    allQueues: 'All queues',
    reason: 'Reason',
    allReasons: 'All reasons',
    media: 'Media',
    allMedia: 'All media',
    mediaUnknown: 'Not classed',
    alert: 'Alerts',
    alertValue: {
      all: 'Any',
      alerting: 'Alerting',
      critical: 'Critical',
      quiet: 'No alert',
    },
  },
  console: {
    open: 'Open in {vendor}',
    openEntity: 'Open {name} in {vendor}',
    openHome: '{vendor} console',
    failed: 'Could not open the link: {message}',
  },
  columns: {
    menu: 'Columns',
    label: 'Today’s figures to show as columns',
    note: 'A dash (—) means the vendor does not give that figure.',
    notGiven: 'The vendor does not give this figure',
    name: {
      handled: 'Handled today',
      rejected: 'Rejected / missed today',
      available: 'Idle (available) today',
      wrapUp: 'Wrap-up today',
      avgHandle: 'Average handle time',
    },
    short: {
      handled: 'Handled',
      rejected: 'Rejected',
      available: 'Idle',
      wrapUp: 'Wrap-up',
      avgHandle: 'AHT',
    },
    help: {
      handled: 'Contacts handled today',
      rejected: 'Contacts rejected or missed today',
      available: 'Time available (idle) today',
      wrapUp: 'Time in wrap-up today',
      avgHandle: 'Average handle time today',
    },
  },
  editor: {
    teamNames: 'Team names',
    teamNamesHelp:
      'Names for teams this vendor sends only as numbers; the board then shows "Sales" instead of "Team 3". A name given here is shown instead of the vendor’s.',
    teamId: 'Team id',
    teamName: 'Name',
    addTeam: 'Add a team name',
    removeTeam: 'Remove',
    seenTeams: 'Teams on the board now: {list}',
    consoleUrls: 'Console links',
    consoleUrlsHelp:
      'Where "Open in {vendor}" leads, as a link template with {list} (the connection’s address, its base URL and user), and for agents, queues and chat rooms {entity}. Leave empty for the vendor’s default; a single "-" switches a link off.',
    target: {
      home: 'Console home',
      agent: 'An agent',
      queue: 'A queue',
      chatRoom: 'A chat room',
    },
    vendorDefault: 'Vendor’s: {template}',
    noVendorDefault: 'The vendor documents no link',
  },
}

export default savedViews
