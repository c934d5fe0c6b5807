import { createPinia } from 'pinia'
import { createApp } from 'vue'
import { provideClient } from './api'
import App from './App.vue'
import { createAppI18n } from './i18n'
import './styles/base.css'
import './styles/wait-card.css'

const app = createApp(App)
provideClient(app)
app.use(createPinia())
app.use(createAppI18n())
app.mount('#app')
