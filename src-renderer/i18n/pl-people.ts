/** Polish messages of one person across vendors on the Agents board (see en-people.ts). */
const people = {
  byPerson: 'Według osoby',
  byPersonHelp:
    'Pokaż każdą osobę raz, ze stanem u każdego dostawcy (powiązaną po e-mailu, loginie lub imieniu i nazwisku)',
  tableLabel: 'Osoby i ich stan u każdego dostawcy',
  col: {
    name: 'Osoba',
    states: 'Stan u każdego dostawcy',
    linked: 'Powiązano po',
  },
  showing: '{shown} z {total} osób',
  stateIn: '{state} w {connection}',
  onlyOne: 'u jednego dostawcy',
  linkedBy: {
    map: 'twojej mapie',
    email: 'e-mailu',
    login: 'loginie',
    name: 'nazwisku',
  },
  pickHelp: 'Zaznacz {name}, aby powiązać z inną osobą',
  linkPicked:
    'Powiąż zaznaczoną jako jedną osobę | Powiąż {n} zaznaczone jako jedną osobę | Powiąż {n} zaznaczonych jako jedną osobę',
  clearPicked: 'Wyczyść zaznaczenie',
  linkTooMany: 'Dwie z zaznaczonych osób są w tym samym połączeniu: osoba ma jednego agenta na połączenie',
  forget: 'Rozłącz',
  forgetHelp: 'Przestań traktować agentów {name} jako jedną osobę (zapisane w twojej mapie)',
  saveFailed: 'Mapa osób nie została zapisana: {message}',
}

export default people
