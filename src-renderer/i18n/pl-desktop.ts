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
}

export default desktop
