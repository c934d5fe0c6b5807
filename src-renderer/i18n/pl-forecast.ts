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
    title: 'Komunikaty głosowe',
    switch: 'Czytaj na głos krytyczne alerty i pilne wiadomości',
    settingsHelp:
      'Własne ustawienie tej tablicy, domyślnie wyłączone. Najwyżej jeden komunikat co kilka sekund; to, co się w tym czasie zbierze, jest podsumowane („Jeszcze 3 krytyczne alerty”). Potwierdzony alert ani przeczytana wiadomość nie są czytane. Imiona konsultantów są czytane tylko wtedy, gdy mogą je pokazywać powiadomienia.',
    volume: 'Głośność',
    rate: 'Tempo',
    gap: 'Najwyżej jeden komunikat co',
    gapOption: '{n} s',
    try: 'Wypróbuj głos',
    sample: 'Krytyczny: Najdłuższe oczekiwanie, Wsparcie.',
    enabled: 'Komunikaty głosowe włączone.',
    enable: 'Włącz komunikaty głosowe',
    enableHelp:
      'Ta przeglądarka mówi dopiero po kliknięciu strony: kliknij, aby mogła czytać alerty na głos.',
    voiceIs: 'Głos: {name}',
    wallboardHelp:
      'Adres tablicy ściennej może włączyć lub wyłączyć jej głos: dodaj speak=1 albo speak=0 (np. #/wallboard?views=overview&speak=1).',
    lastSpoken: 'Ostatnio: „{text}”',
  },
}

export default forecast
