// /owner/: restores the panel session (or shows the login), then starts the console shell.
import { renderLogin } from './login-view.js'
import { createSession } from './session.js'
import { startConsole } from './shell/console.js'
import { createToaster } from './shell/toast.js'

const root = document.getElementById('app')
const { toast } = createToaster(document.body)
let running = null

const showLogin = () => {
  running?.dispose()
  running = null
  document.title = 'fabio · Console do Proprietário'
  const tenantId = new URLSearchParams(window.location.search).get('tenant') ?? ''
  renderLogin(root, { session, title: 'Console do Proprietário', tenantId, onLoggedIn: () => void showConsole() })
}

const showConsole = async () => {
  running?.dispose()
  running = await startConsole(root, { session, toast, onLogout: showLogin })
}

const session = createSession({
  onLoggedOut: () => {
    showLogin()
    toast('Sua sessão terminou. Entre de novo para continuar.', 'info')
  },
})

if (await session.restore()) await showConsole()
else showLogin()
