import { Router } from 'express'

/**
 * Until the web panel lands (its own issue), `/owner/` and `/crm/` say plainly what works now
 * instead of answering a bare 404 to the link the start banner prints.
 */
const page = `<!doctype html>
<html lang="pt-BR">
<head><meta charset="utf-8"><title>fabio</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5}code{background:#f3f3f3;padding:0 .25rem}</style>
</head>
<body>
<h1>fabio está rodando</h1>
<p>O painel (01 Chat IA, 02 CRM WhatsApp, 03 Clientes, 04 Agenda, 05 Cobrança, 06 Configurações) ainda não está disponível nesta versão.</p>
<p>Enquanto isso, tudo o que já existe está na API: crie um tenant com
<code>npm run tenant:create -- --tenant-id minha-clinica</code> e configure-o com
<code>PUT /api/tenants/:tenantId/config</code> (veja <code>docs/api.md</code>).</p>
</body>
</html>`

export const createPanelPlaceholderRoutes = (): Router => {
  const router = Router()
  router.get(['/owner', '/owner/', '/crm', '/crm/'], (_request, response) => {
    response.status(200).type('html').send(page)
  })
  return router
}
