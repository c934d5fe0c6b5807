/**
 * English messages of the history kept for days: the trend charts' "last week" overlay and the rule preview's day
 * picker; merged into en.ts at the top level.
 */
const history = {
  pastDays: {
    lastWeekToggle: 'Last week',
    lastWeekToggleHelp: 'Draw the same period one week earlier as a dashed line',
    lastWeek: 'Last week ({day})',
    lastWeekNone: 'No history is kept for {day}',
    previewDay: 'Replay over',
    today: 'Today (history in memory)',
    dayHelp:
      'Past days are kept at one-minute resolution: each minute is judged by its worst value for the rule.',
  },
}
export default history
