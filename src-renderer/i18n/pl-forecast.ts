/** Polish messages of forecasts and spoken announcements (see en-forecast.ts). */
const forecast = {
  forecast: {
    what: {
      waiting: 'Liczba oczekujących',
      waitingChats: 'Liczba czekających czatów',
      longestWaitSec: 'Najdłuższe oczekiwanie',
      maxWaitNowSec: 'Najdłuższe oczekiwanie na czat',
      serviceLevelPct: 'Poziom obsługi',
    },
    up: '{what} przekroczy {level} za ~{in}',
    down: '{what} spadnie poniżej {level} za ~{in}',
    ifNobody: '{line}, jeśli nikt się nie zwolni',
    help: 'Prognoza z ostatnich minut: napływ wobec odebranych, dostępni konsultanci i czas oczekujących. Reguła „{rule}”.',
    ruleLabel: 'Ostrzegaj z wyprzedzeniem',
    ruleOff: 'Nie: gdy próg zostanie przekroczony',
    ruleOn: 'Gdy prognoza przekracza próg w ciągu',
    ruleHelp:
      'Progi reguły dotyczą najgorszej wartości prognozowanej od teraz do tylu sekund naprzód, więc alert pojawia się przed przekroczeniem; czas oczekiwania i poziom wyłączenia działają jak zwykle.',
    ruleHorizon: 'Horyzont (sekundy)',
    ruleUnsupported:
      'Prognozować można tylko czasy oczekiwania, liczbę oczekujących i poziom obsługi kolejek i pokojów czatu.',
    alertTag: 'prognoza',
  },
  speech: {
    toggleOn: 'Głos wł.',
    toggleOff: 'Głos wył.',
    helpOn: 'Krytyczne alerty i pilne wiadomości są czytane na głos na tej tablicy. Kliknij, aby przestać.',
    helpOff: 'Krytyczne alerty i pilne wiadomości nie są czytane. Kliknij, aby je czytać na głos.',
    unavailable: 'Głos niedostępny',
    unavailableHelp: 'Ta przeglądarka nie ma syntezy mowy, więc nic nie może zostać przeczytane.',
    noVoice: 'Brak zainstalowanego polskiego głosu: komunikaty są czytane domyślnym głosem systemu.',
    critical: 'Krytyczny: {rule}, {who}.',
    urgent: 'Pilna wiadomość od {sender}: {text}',
    more: 'Jeszcze {n} krytyczny alert. | Jeszcze {n} krytyczne alerty. | Jeszcze {n} krytycznych alertów.',
    moreMessages:
      'Jeszcze {n} pilna wiadomość. | Jeszcze {n} pilne wiadomości. | Jeszcze {n} pilnych wiadomości.',
    ruleLabel: 'Czytaj jej krytyczne alerty',
    ruleHelp: 'Gdy głos tablicy jest włączony, krytyczny alert tej reguły jest czytany na głos.',
  },
}

export default forecast
