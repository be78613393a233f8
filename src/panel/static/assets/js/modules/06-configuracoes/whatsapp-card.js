// "WhatsApp (Evolution)": connection fields, "Testar conexão", "Conectar WhatsApp" (QR code or
// pairing code, polled every 3 s until the instance is open), and the "Webhook" card.
import { h, replace } from '../../dom.js'
import { describeWhatsappState } from '../../shell/whatsapp-state.js'
import { copyField } from '../../ui/clipboard.js'
import { section } from './basic-cards.js'

const PAIRING_POLL_MS = 3000
const PAIRING_TIMEOUT_MS = 5 * 60 * 1000

const isImageDataUrl = (value) => typeof value === 'string' && /^data:image\/(png|jpeg|gif|webp);base64,/.test(value)

const errorText = (error) => (error.code && !String(error.code).startsWith('HTTP_') ? `${error.message} (${error.code})` : error.message)

/**
 * `hasUnsavedEvolution()` tells whether the Evolution fields differ from the saved config: the
 * server tests and connects with what is saved.
 */
export const whatsappCard = (form, ctx, { hasUnsavedEvolution, registerCleanup }) => {
  const result = h('div', { class: 'wa-result', 'aria-live': 'polite' })
  const pairing = h('div', { class: 'wa-pairing', 'aria-live': 'polite' })
  const numberInput = h('input', { id: 'cfg-wa-number', type: 'tel', placeholder: '(11) 98765-4321', autocomplete: 'off' })
  let pollTimer = null
  let deadline = 0
  const stopPolling = () => {
    if (pollTimer) window.clearTimeout(pollTimer)
    pollTimer = null
  }
  registerCleanup(stopPolling)

  const guardSaved = () => {
    if (!hasUnsavedEvolution()) return true
    replace(result, h('p', { class: 'notice warning' }, 'Há mudanças não salvas nos campos da Evolution. Clique em "Salvar Config" antes: o teste usa a configuração salva.'))
    return false
  }

  const testButton = h('button', { type: 'button', onclick: () => testConnection() }, 'Testar conexão')
  const connectButton = h('button', { type: 'button', class: 'primary', onclick: () => connect() }, 'Conectar WhatsApp')

  async function testConnection() {
    if (!guardSaved()) return
    testButton.disabled = true
    replace(result, h('p', { class: 'muted' }, h('span', { class: 'spinner' }), ' Testando a conexão com a Evolution…'))
    try {
      const answer = await ctx.api.post(ctx.api.tenantPath(ctx.tenantId, '/whatsapp/test'))
      const state = describeWhatsappState(answer.state)
      replace(result, h('p', { class: 'notice ok' }, `Conexão OK com a instância "${answer.instance}". Estado do WhatsApp: ${state.text}.`))
      void ctx.refreshWhatsapp()
    } catch (error) {
      replace(result, h('p', { class: 'notice danger' }, `Falha no teste: ${errorText(error)}`))
    } finally {
      testButton.disabled = false
    }
  }

  const showConnected = (instance) => {
    stopPolling()
    replace(pairing, h('div', { class: 'notice ok wa-connected' }, h('strong', {}, 'Conectado'), ` — o WhatsApp da instância "${instance}" está pronto.`))
    void ctx.refreshWhatsapp()
  }

  const showCode = ({ instance, qr, code }) => {
    replace(
      pairing,
      h(
        'div',
        { class: 'wa-code' },
        isImageDataUrl(qr) ? h('img', { class: 'wa-qr', src: qr, alt: 'QR code para conectar o WhatsApp', width: 256, height: 256 }) : null,
        h(
          'div',
          { class: 'stack-sm' },
          h('strong', {}, 'Escaneie com o WhatsApp do negócio'),
          h('ol', { class: 'small wa-steps' }, h('li', {}, 'Abra o WhatsApp no celular.'), h('li', {}, 'Toque em Mais opções › Aparelhos conectados › Conectar um aparelho.'), h('li', {}, 'Aponte a câmera para o QR code.')),
          code ? h('p', {}, 'Ou use o código de pareamento: ', h('code', { class: 'wa-pairing-code' }, code)) : null,
          h('p', { class: 'muted small' }, h('span', { class: 'spinner' }), ` Aguardando a leitura (instância "${instance}")…`),
        ),
      ),
    )
  }

  const poll = async (instance) => {
    pollTimer = null
    if (Date.now() > deadline) {
      replace(pairing, h('p', { class: 'notice warning' }, 'O tempo para ler o QR code acabou. Clique em "Conectar WhatsApp" de novo.'))
      return
    }
    try {
      if (document.visibilityState === 'visible') {
        const answer = await ctx.api.post(ctx.api.tenantPath(ctx.tenantId, '/whatsapp/test'))
        if (answer.state === 'open') return showConnected(answer.instance)
        const known = (await ctx.api.get(ctx.api.tenantPath(ctx.tenantId, '/whatsapp'))).items?.find((item) => item.instance === instance)
        const qr = known?.qr_code?.base64
        const shown = pairing.querySelector('.wa-qr')
        if (isImageDataUrl(qr) && shown && shown.getAttribute('src') !== qr) shown.setAttribute('src', qr)
      }
    } catch {
      // A failed poll is retried at the next tick; the deadline ends it.
    }
    pollTimer = window.setTimeout(() => poll(instance), PAIRING_POLL_MS)
  }

  async function connect() {
    if (!guardSaved()) return
    stopPolling()
    connectButton.disabled = true
    replace(pairing, h('p', { class: 'muted' }, h('span', { class: 'spinner' }), ' Pedindo o QR code à Evolution…'))
    try {
      const number = numberInput.value.trim()
      const answer = await ctx.api.post(ctx.api.tenantPath(ctx.tenantId, '/whatsapp/connect'), number ? { number } : {})
      if (answer.state === 'open') showConnected(answer.instance)
      else if (!answer.qr_code && !answer.pairing_code) {
        replace(pairing, h('p', { class: 'notice warning' }, `A Evolution não mandou QR code agora (estado: ${describeWhatsappState(answer.state).text}). Tente de novo em alguns segundos.`))
      } else {
        showCode({ instance: answer.instance, qr: answer.qr_code, code: answer.pairing_code })
        deadline = Date.now() + PAIRING_TIMEOUT_MS
        pollTimer = window.setTimeout(() => poll(answer.instance), PAIRING_POLL_MS)
      }
    } catch (error) {
      replace(pairing, h('p', { class: 'notice danger' }, `Não foi possível conectar: ${errorText(error)}`))
    } finally {
      connectButton.disabled = false
    }
  }

  return section(
    'cfg-whatsapp',
    'WhatsApp (Evolution)',
    'A instância da Evolution API que liga este tenant ao WhatsApp. Salve os campos antes de testar ou conectar.',
    h(
      'div',
      { class: 'form-grid' },
      form.text('evolution.base_url', 'URL base da Evolution', { type: 'url', placeholder: 'http://127.0.0.1:8080', hint: 'Como o servidor do fabio alcança a Evolution.' }),
      form.text('evolution.instance', 'Instância', { placeholder: 'Ex.: loja-aurora' }),
      form.secret('evolution.api_key', 'Chave de API da Evolution', { wide: true }),
      form.select('evolution.version', 'Versão da Evolution', [
        ['v2', 'v2 (2.x)'],
        ['v1', 'v1 (1.8)'],
      ]).element,
      form.number('evolution.min_send_gap_ms', 'Intervalo mínimo entre envios (ms)', { min: 0, max: 60000, step: 100, placeholder: '1200', hint: 'Espaça as mensagens para reduzir o risco de bloqueio.' }),
    ),
    h('div', { class: 'wa-actions' }, h('div', { class: 'field' }, h('label', { for: 'cfg-wa-number' }, 'Número para código de pareamento (opcional)'), numberInput), h('div', { class: 'row' }, testButton, connectButton)),
    result,
    pairing,
  )
}

const copyRow = (id, label, value, ctx) => copyField({ id, label, value, toast: ctx.toast, done: `${label} copiado.`, className: 'wide' })

/** "Webhook": the URL and token to paste into the Evolution instance's webhook. */
export const webhookCard = (ctx) => {
  const body = h('div', { class: 'stack-sm' }, h('p', { class: 'muted small' }, 'Carregando…'))
  const load = async () => {
    try {
      const { url, token } = await ctx.api.get(ctx.api.tenantPath(ctx.tenantId, '/webhook'))
      const withToken = `${url}${url.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}`
      replace(
        body,
        h('div', { class: 'form-grid' }, copyRow('cfg-webhook-full', 'URL com token', withToken, ctx), copyRow('cfg-webhook-url', 'URL do webhook', url, ctx), copyRow('cfg-webhook-token', 'Token do webhook', token, ctx)),
        h(
          'div',
          { class: 'notice small' },
          h('p', {}, 'Na Evolution, configure o webhook da instância com a "URL com token" e:'),
          h(
            'ul',
            { class: 'webhook-events' },
            h('li', {}, 'Eventos: ', h('code', {}, 'MESSAGES_UPSERT'), ', ', h('code', {}, 'MESSAGES_UPDATE'), ', ', h('code', {}, 'SEND_MESSAGE'), ', ', h('code', {}, 'CONNECTION_UPDATE'), ' e ', h('code', {}, 'QRCODE_UPDATED'), '.'),
            h('li', {}, '"Webhook por eventos" (byEvents) desligado: com ele o token da URL deixa de valer. Se precisar dele, envie o token no header ', h('code', {}, 'x-webhook-token'), '.'),
            h('li', {}, '"Webhook base64" desligado (o fabio ainda não lê o conteúdo das mídias).'),
          ),
        ),
      )
    } catch (error) {
      replace(body, h('p', { class: 'error-text small' }, `Não foi possível ler o webhook: ${error.message}`))
    }
  }
  void load()
  return section('cfg-webhook', 'Webhook', 'Para a Evolution avisar o fabio das mensagens recebidas.', body)
}
