/**
 * English messages of the rule editor's reasons and people rules (merged into en.ts under `ruleScope`;
 * src-shared/rules/reasons.ts and src-main/core/alerts/people-rules.ts).
 */
const ruleScope = {
  reasons: 'Reasons',
  reasonsHelp:
    'Only agents whose reason is one of these (case and accents do not matter); none = every reason. E.g. Break and Lunch in one rule, Meeting in another.',
  reasonAdd: 'Add a reason',
  reasonAddButton: 'Add',
  reasonRemove: 'Remove the reason {reason}',
  reasonsSeen: 'Reasons on the board now',
  reasonsSeenIn: 'in {connection}',
  noneSeen: 'No agent shows a reason right now: type one.',
  noReasons: {
    none: '{connection} ({provider}) gives no reasons: an agent there never matches a rule that names reasons.',
    metric:
      '{connection} ({provider}) gives reasons only through the state text ("DND - Lunch") or a metric with the meaning "reason" (connection settings); none is showing now.',
    quiet: '{connection} shows no reason on any agent right now.',
  },
  person: {
    help: {
      availableWhileBusySec:
        'Fires for a person linked in two vendors who is available in one while busy or logged out in another, for longer than the level.',
      loggedInElsewhereSec:
        'Fires for a person linked in two vendors who is logged in to one and logged out of another, for longer than the level.',
      availableIdleSec:
        'Fires for a person available this long while the vendor’s count of contacts handled today does not rise.',
    },
    noCounts: '{connection} gives no handled counts: this rule cannot watch it.',
    oneVendor: 'People are linked across vendors: this rule needs two connections, and there is one.',
    linked: 'People linked in two vendors or more now: {n}',
    privacy: 'Notifications name the person only if the alert preferences allow agent names.',
  },
}

export default ruleScope
