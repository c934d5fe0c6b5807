/**
 * English messages of one person across vendors on the Agents board (merged into en.ts under `people`;
 * src-shared/people.ts links them).
 */
const people = {
  byPerson: 'By person',
  byPersonHelp: 'Show each person once, with their state in every vendor (linked by e-mail, login or name)',
  tableLabel: 'People and their state in each vendor',
  col: {
    name: 'Person',
    states: 'State in each vendor',
    linked: 'Linked by',
  },
  showing: '{shown} of {total} people',
  stateIn: '{state} in {connection}',
  onlyOne: 'in one vendor',
  linkedBy: {
    map: 'your map',
    email: 'e-mail',
    login: 'login',
    name: 'name',
  },
  pickHelp: 'Select {name} to link with another person',
  linkPicked: 'Link the selected as one person | Link the {n} selected as one person',
  clearPicked: 'Clear the selection',
  linkTooMany: 'Two of the selected are in the same connection: a person has one agent per connection',
  forget: 'Unlink',
  forgetHelp: 'Stop treating the agents of {name} as one person (kept in your map)',
  saveFailed: 'The map of people was not saved: {message}',
}

export default people
