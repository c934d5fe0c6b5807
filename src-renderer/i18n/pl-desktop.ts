/** Polish messages of the desktop app's own pieces (see en-desktop.ts). */
const desktop = {
  bridgeUnavailable: {
    title: 'Floorwalker nie może połączyć się ze swoim procesem głównym',
    preloadMissing:
      'Brakuje mostu tego okna do aplikacji (window.floorwalker, tworzonego przez skrypt preload): preload nie ' +
      'uruchomił się w odizolowanym oknie, więc nic tutaj nie mogłoby pokazywać danych na żywo.',
    preloadMissingNext:
      'Błąd preloadu jest w pliku dziennika aplikacji (Pomoc → Otwórz folder dziennika). Ponowna instalacja ' +
      'Floorwalkera naprawia uszkodzoną instalację; jeśli problem się powtarza, wyślij dziennik administratorowi.',
    notServed:
      'Ta strona została otwarta z {where}, czyli ani z aplikacji Floorwalker, ani z tablicy udostępnianej przez ' +
      'jej uruchamiacz bez interfejsu, więc nie ma się z czym połączyć.',
    notServedNext:
      'Otwórz aplikację Floorwalker albo adres, który uruchamiacz bez interfejsu wypisuje po starcie z --serve.',
  },
  desktopPrefs: {
    title: 'Ten komputer',
    startAtLogin: 'Uruchamiaj Floorwalker po zalogowaniu',
    startAtLoginHelp:
      'Otwiera tablicę, gdy logujesz się do tego komputera, więc alerty są obserwowane od początku zmiany. ' +
      'Można to też wyłączyć w ustawieniach autostartu systemu operacyjnego.',
    saving: 'Zapisywanie…',
    on: 'Floorwalker będzie się uruchamiać po zalogowaniu.',
    off: 'Floorwalker nie będzie się już uruchamiać po zalogowaniu.',
    failed: 'Nie udało się zmienić uruchamiania po zalogowaniu: {message}',
  },
}

export default desktop
