import { createPinia } from 'pinia'
import { createApp } from 'vue'
import { chooseBridge, pageFacts, provideClient } from './api'
import App from './App.vue'
import BridgeUnavailablePage from './components/board/BridgeUnavailablePage.vue'
import { createAppI18n } from './i18n'
import { createAppRouter } from './router'
import './styles/index.css'

const choice = chooseBridge(pageFacts())
if (choice.kind === 'unavailable') {
  // Said on the page and in the console (which the desktop app logs): never an empty board that looks alive.
  console.error(`Floorwalker has no bridge to main (${choice.reason}, ${choice.where})`)
  const language = navigator.language.toLowerCase().startsWith('pl') ? 'pl' : 'en'
  createApp(BridgeUnavailablePage, { reason: choice.reason, where: choice.where })
    .use(createAppI18n(language))
    .mount('#app')
} else {
  const app = createApp(App)
  provideClient(app)
  app.use(createPinia())
  app.use(createAppI18n())
  app.use(createAppRouter())
  app.mount('#app')
}
