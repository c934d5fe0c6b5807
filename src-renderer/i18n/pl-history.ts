/** Polish messages of the history kept for days (see en-history.ts). */
const history = {
  pastDays: {
    lastWeekToggle: 'Tydzień temu',
    lastWeekToggleHelp: 'Narysuj ten sam okres sprzed tygodnia linią przerywaną',
    lastWeek: 'Tydzień temu ({day})',
    lastWeekNone: 'Brak zapisanej historii z dnia {day}',
    previewDay: 'Odtwórz na',
    today: 'Dziś (historia w pamięci)',
    dayHelp:
      'Minione dni są zapisane z dokładnością do minuty: każda minuta jest oceniana według najgorszej wartości dla reguły.',
  },
}
export default history
