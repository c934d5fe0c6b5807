/** Polish messages of Settings → Team and of the team server's state on the board (see en-team.ts). */
const teamMode = {
  title: 'Zespół',
  intro:
    'Dołącz do serwera zespołu swojego contact center, aby pokazywać tablicę, którą utrzymują jego pollery: ten komputer nie odpytuje wtedy żadnego dostawcy i nie potrzebuje jego danych logowania. Serwer, oddział, użytkownika i hasło poda dział IT.',
  servers: 'Serwer zespołu',
  serversHelp: 'Na przykład nats://floorwalker.corp:4222 lub tls://… — kilka oddziel przecinkami.',
  site: 'Oddział',
  siteHelp: 'Oddział contact center, który pokazuje ta tablica, np. eu.',
  user: 'Użytkownik',
  password: 'Hasło',
  passwordHelp: 'Przechowywane w pęku kluczy tego komputera, nigdy w pliku.',
  join: 'Dołącz do zespołu',
  joining: 'Sprawdzanie serwera zespołu…',
  leave: 'Opuść zespół',
  leaveConfirm: 'Opuścić zespół i wrócić do własnych połączeń tego komputera?',
  leaveYes: 'Opuść',
  cancel: 'Anuluj',
  restarting: 'Floorwalker uruchamia się ponownie, aby pokazać nową tablicę…',
  joined: 'Ta tablica pokazuje oddział {site} serwera zespołu {servers} jako {user}.',
  canAcknowledge: 'Potwierdzenia są wspólne dla zespołu i podpisane Twoją nazwą.',
  viewOnly: 'Ten użytkownik może tylko oglądać: potwierdzanie wymaga użytkownika-supervisora.',
  personal: 'Odkładanie, wyciszenia, godziny ciszy i dźwięk zostają na tym komputerze.',
  connected: 'Połączono od {time}.',
  unreachableSince: 'Serwer zespołu nieosiągalny od {time}.',
  servedBoard:
    'Zespół tej tablicy ustawia się tam, gdzie jest udostępniana (headless --team); nie można go tu zmienić.',
  problem: 'Nie udało się dołączyć do zapisanego zespołu: {message}',
  notInTeam:
    'Ta tablica pokazuje własne połączenia, nie zespołu. Tablica dołącza do zespołu tam, gdzie działa: w aplikacji Floorwalker (Połączenia → Zespół) lub przez headless --team tam, gdzie jest udostępniana.',
  loadFailed: 'Nie udało się odczytać ustawień zespołu: {message}',
  teamOwned:
    'To połączenia zespołu: dane logowania mają jego pollery, a zmienia je administrator na serwerze zespołu.',
  banner: {
    unreachable: 'Serwer zespołu nieosiągalny.',
    unreachableAge: 'Widać ostatnią tablicę, którą wysłał, sprzed {age}; odświeży się, gdy serwer wróci.',
    unreachableNoAge: 'Tablica wypełni się, gdy serwer odpowie.',
    noPollerOne: 'Żaden poller zespołu nie publikuje {name}.',
    noPollerMany: 'Żaden poller zespołu nie publikuje połączeń ({n}): {names}.',
  },
}

export default teamMode
