/** Polish messages of the rule editor's reasons and people rules (merged into pl.ts under `ruleScope`). */
const ruleScope = {
  reasons: 'Powody',
  reasonsHelp:
    'Tylko agenci, których powód jest jednym z tych (wielkość liter i znaki diakrytyczne bez znaczenia); brak = każdy powód. Np. Przerwa i Lunch w jednej regule, Spotkanie w drugiej.',
  reasonAdd: 'Dodaj powód',
  reasonAddButton: 'Dodaj',
  reasonRemove: 'Usuń powód {reason}',
  reasonsSeen: 'Powody widoczne teraz na tablicy',
  reasonsSeenIn: 'w {connection}',
  noneSeen: 'Żaden agent nie ma teraz powodu: wpisz go.',
  noReasons: {
    none: '{connection} ({provider}) nie podaje powodów: agent stamtąd nigdy nie pasuje do reguły z powodami.',
    metric:
      '{connection} ({provider}) podaje powody tylko w tekście stanu („DND - Lunch”) lub w metryce o znaczeniu „powód” (ustawienia połączenia); teraz nie widać żadnego.',
    quiet: '{connection} nie pokazuje teraz powodu u żadnego agenta.',
  },
  person: {
    help: {
      availableWhileBusySec:
        'Alarmuje o osobie powiązanej w dwóch systemach, która jest dostępna w jednym, a zajęta lub wylogowana w drugim, dłużej niż próg.',
      loggedInElsewhereSec:
        'Alarmuje o osobie powiązanej w dwóch systemach, która jest zalogowana w jednym, a wylogowana z drugiego, dłużej niż próg.',
      availableIdleSec:
        'Alarmuje o osobie dostępnej tak długo, podczas gdy liczba obsłużonych dziś kontaktów w systemie nie rośnie.',
    },
    noCounts: '{connection} nie podaje liczby obsłużonych kontaktów: ta reguła nie może go obserwować.',
    oneVendor: 'Osoby łączy się między systemami: ta reguła wymaga dwóch połączeń, a jest jedno.',
    linked: 'Osoby powiązane teraz w dwóch systemach lub więcej: {n}',
    privacy:
      'Powiadomienia podają imię osoby tylko wtedy, gdy preferencje alertów pozwalają na imiona agentów.',
  },
}

export default ruleScope
