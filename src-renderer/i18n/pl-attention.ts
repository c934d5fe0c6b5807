/** Polish messages of a browser board's calls for attention (see en-attention.ts). */
const attention = {
  attention: {
    label: 'Alerty w tej przeglądarce',
    soundOn: 'Dźwięk wł.',
    soundOff: 'Dźwięk wył.',
    soundArm: 'Dźwięk: kliknij, aby zezwolić',
    soundBlocked: 'Dźwięk zablokowany: kliknij, aby zezwolić',
    soundOnHelp: 'Krytyczne alerty odtwarzają dźwięk w tej przeglądarce. Kliknij, aby go wyłączyć.',
    soundOffHelp: 'Krytyczne alerty nie odtwarzają dźwięku w tej przeglądarce. Kliknij, aby go włączyć.',
    soundArmHelp:
      'Przeglądarki odtwarzają dźwięk dopiero po kliknięciu lub wpisaniu czegoś na stronie: kliknij tu raz (to także włącza dźwięk).',
    notifyAsk: 'Zezwól na powiadomienia',
    notifyAskHelp:
      'Pokazuj alerty jako powiadomienia tej przeglądarki, także gdy ta karta jest w tle. Przeglądarka poprosi o zgodę.',
    notifyOn: 'Powiadomienia wł.',
    notifyOff: 'Powiadomienia wył.',
    notifyOnHelp:
      'Nowe i narastające alerty są pokazywane jako powiadomienia tej przeglądarki. Kliknij, aby je wyłączyć.',
    notifyOffHelp: 'Alerty nie są pokazywane jako powiadomienia w tej przeglądarce. Kliknij, aby je włączyć.',
    notifyDenied: 'Powiadomienia zablokowane',
    notifyDeniedHelp:
      'Ta przeglądarka blokuje powiadomienia z tej tablicy: zezwól na nie w ustawieniach witryny (ikona obok adresu), a potem odśwież stronę.',
  },
}

export default attention
