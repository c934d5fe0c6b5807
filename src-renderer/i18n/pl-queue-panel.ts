/** Polish messages of the panel behind a queue or chat room card (see en-queue-panel.ts). */
const queuePanel = {
  queuePanel: {
    open: 'Konsultanci, trend i alerty: {name}',
    close: 'Zamknij {name}',
    kind: { queue: 'kolejkę', chatRoom: 'pokój czatu' },
    figures: 'Teraz i dziś',
    staleNote: 'Brak świeżych danych z {connection}: to ostatnie przysłane liczby, nie stan obecny.',
    avgHandleToday: 'Śr. czas obsługi dziś',
    vendorAvailable: 'Dostępni konsultanci (dostawca)',
    vendorBusy: 'Zajęci konsultanci (dostawca)',
    missingNote: '„—”: {vendor} nie podaje tu tej liczby albo jeszcze jej nie przysłał.',
    trend: 'Oczekujący i najdłuższe oczekiwanie',
    agents: 'Obsługujący konsultanci',
    countsLabel: 'Obsługujący konsultanci według stanu',
    agentsCaption: 'Konsultanci obsługujący {name}, najpierw dostępni',
    col: { agent: 'Konsultant', state: 'Stan i powód', time: 'W stanie' },
    noMembership:
      '{vendor} nie podaje, którzy konsultanci obsługują {what}, więc nie da się ich tu wymienić.',
    vendorCounts: 'Liczby dostępnych i zajętych konsultantów powyżej pochodzą od dostawcy.',
    noMembers: {
      queue: 'Żaden konsultant z {connection} nie obsługuje teraz tej kolejki.',
      chatRoom: 'Żaden konsultant z {connection} nie obsługuje teraz tego pokoju czatu.',
    },
    showOnBoard: 'Pokaż ich na tablicy konsultantów',
    showConnectionOnBoard: 'Pokaż konsultantów z {connection} na tablicy konsultantów',
    alertsTitle: 'Reguły i alerty',
    activeAlerts: 'Alerty teraz',
    noActive: 'Brak alertów teraz.',
    recentAlerts: 'Ostatnie alerty',
    noRecent: 'Ostatnio żadnych.',
    firedCleared: 'zadziałał {fired}, ustąpił {cleared}',
    showAlert: 'Pokaż w alertach',
    showAlertNamed: 'Pokaż {alert} w alertach',
    rulesTitle: 'Reguły, które go pilnują',
    rulesReadOnly: 'Ta tablica jest tylko do podglądu: nie może odczytać reguł.',
    noRules: 'Żadna reguła go nie pilnuje.',
    editRules: 'Reguły na ekranie alertów',
    rule: {
      on: 'pilnuje',
      off: 'wyłączona',
      inactive: 'poza godzinami działania',
      muted: 'wyciszona do {until}',
    },
    missingTitle: 'Nie ma na tablicy',
    missing:
      'Na tej tablicy nie ma kolejki ani pokoju czatu „{key}” (połączenie może być wyłączone lub usunięte).',
    alertOpen: { queue: 'Otwórz kolejkę', chatRoom: 'Otwórz pokój czatu' },
    alertOpenNamed: 'Otwórz {name}: konsultanci, trend i alerty',
  },
}

export default queuePanel
