// The 01 Chat IA composer: text (Enter sends, Shift+Enter breaks the line), a recorded voice note
// ("Áudio"), photos ("Foto") and text files ("Arquivo") as removable chips before sending.
import { h, replace } from '../../dom.js'

const MAX_ATTACHMENTS = 5
const MAX_RECORDING_MS = 2 * 60 * 1000
/** Images are re-encoded to this longest side so a photo fits the API's 1 MB request limit. */
const IMAGE_MAX_SIDE = 1600
const IMAGE_KEEP_BYTES = 350 * 1024
/** The server reads the first 4000 characters of a text file; a little more is sent for context. */
const TEXT_MAX_CHARS = 20_000
const TEXT_MAX_FILE_BYTES = 5 * 1024 * 1024
const TEXT_EXTENSIONS = ['txt', 'md', 'csv', 'tsv', 'json', 'xml', 'yaml', 'yml', 'log', 'sql', 'html', 'htm', 'css', 'js', 'ts', 'py', 'ini', 'conf', 'env']

const readAsDataUrl = (blob) =>
  new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(String(reader.result))
    reader.onerror = () => reject(reader.error ?? new Error('leitura falhou'))
    reader.readAsDataURL(blob)
  })

const base64Of = async (blob) => {
  const dataUrl = await readAsDataUrl(blob)
  return dataUrl.slice(dataUrl.indexOf(',') + 1)
}

const shrinkImage = async (file) => {
  if (file.size <= IMAGE_KEEP_BYTES && /^image\/(jpeg|png|webp|gif)$/.test(file.type)) return { mimetype: file.type, base64: await base64Of(file) }
  const bitmap = await createImageBitmap(file)
  const scale = Math.min(1, IMAGE_MAX_SIDE / Math.max(bitmap.width, bitmap.height))
  const canvas = document.createElement('canvas')
  canvas.width = Math.max(1, Math.round(bitmap.width * scale))
  canvas.height = Math.max(1, Math.round(bitmap.height * scale))
  canvas.getContext('2d').drawImage(bitmap, 0, 0, canvas.width, canvas.height)
  bitmap.close?.()
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85))
  if (!blob) throw new Error('não foi possível ler a imagem')
  return { mimetype: 'image/jpeg', base64: await base64Of(blob) }
}

const isTextFile = (file) => file.type.startsWith('text/') || ['application/json', 'application/xml', 'application/x-yaml'].includes(file.type) || TEXT_EXTENSIONS.includes(file.name.split('.').pop()?.toLowerCase() ?? '')

const duration = (ms) => {
  const seconds = Math.round(ms / 1000)
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`
}

const pickAudioType = () => ['audio/ogg;codecs=opus', 'audio/webm;codecs=opus', 'audio/webm', 'audio/mp4'].find((type) => window.MediaRecorder?.isTypeSupported?.(type)) ?? ''

/** `onSend()` is called by Enter or "Enviar"; `toast` reports problems with files or the microphone. */
export const createComposer = ({ onSend, toast }) => {
  const pending = { audio: null, attachments: [] }
  const chips = h('div', { class: 'composer-chips', 'aria-live': 'polite' })
  const textarea = h('textarea', { id: 'chat-input', rows: 2, placeholder: 'Escreva para o seu assistente… (Enter envia, Shift+Enter quebra a linha)' })
  const photoInput = h('input', { type: 'file', accept: 'image/*', multiple: true, hidden: true, tabindex: -1 })
  const fileInput = h('input', { type: 'file', accept: [...TEXT_EXTENSIONS.map((ext) => `.${ext}`), 'text/*'].join(','), multiple: true, hidden: true, tabindex: -1 })
  const audioButton = h('button', { type: 'button', class: 'ghost', 'aria-pressed': 'false' }, 'Áudio')
  const photoButton = h('button', { type: 'button', class: 'ghost', onclick: () => photoInput.click() }, 'Foto')
  const fileButton = h('button', { type: 'button', class: 'ghost', onclick: () => fileInput.click() }, 'Arquivo')
  const sendButton = h('button', { type: 'button', class: 'primary', onclick: () => onSend() }, 'Enviar')
  let recording = null

  const renderChips = () => {
    const chip = (label, remove) => h('span', { class: 'chip' }, h('span', {}, label), h('button', { type: 'button', 'aria-label': `Remover ${label}`, onclick: remove }, '×'))
    replace(
      chips,
      pending.audio ? chip(`🎤 Áudio ${duration(pending.audio.ms)}`, () => ((pending.audio = null), renderChips())) : null,
      pending.attachments.map((item) => chip(`${item.payload.type === 'image' ? '🖼️' : '📄'} ${item.name}`, () => ((pending.attachments = pending.attachments.filter((other) => other !== item)), renderChips()))),
    )
  }

  const addFiles = async (files, kind) => {
    for (const file of files) {
      if (pending.attachments.length >= MAX_ATTACHMENTS) {
        toast(`No máximo ${MAX_ATTACHMENTS} anexos por mensagem.`, 'error')
        break
      }
      try {
        if (kind === 'image') {
          if (!file.type.startsWith('image/')) throw new Error('não é uma imagem')
          const { mimetype, base64 } = await shrinkImage(file)
          pending.attachments.push({ name: file.name, payload: { type: 'image', mimetype, base64 } })
        } else {
          if (!isTextFile(file)) throw new Error('só arquivos de texto (txt, md, csv, json…) são lidos; para imagens use "Foto"')
          if (file.size > TEXT_MAX_FILE_BYTES) throw new Error('arquivo grande demais (máx. 5 MB)')
          const content = (await file.text()).slice(0, TEXT_MAX_CHARS)
          pending.attachments.push({ name: file.name, payload: { type: 'text', name: file.name.slice(0, 200), content } })
        }
      } catch (error) {
        toast(`"${file.name}": ${error.message}`, 'error')
      }
    }
    renderChips()
  }

  photoInput.addEventListener('change', async () => {
    await addFiles([...photoInput.files], 'image')
    photoInput.value = ''
  })
  fileInput.addEventListener('change', async () => {
    await addFiles([...fileInput.files], 'text')
    fileInput.value = ''
  })

  const stopRecording = () => recording?.recorder.state === 'recording' && recording.recorder.stop()

  const startRecording = async () => {
    if (!navigator.mediaDevices?.getUserMedia || !window.MediaRecorder) {
      toast('Gravação de áudio indisponível neste navegador (o painel precisa estar em https ou localhost).', 'error')
      return
    }
    let stream
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true })
    } catch {
      toast('Sem acesso ao microfone. Permita o microfone para este site e tente de novo.', 'error')
      return
    }
    const mimeType = pickAudioType()
    const recorder = new MediaRecorder(stream, mimeType ? { mimeType } : undefined)
    const chunks = []
    const started = Date.now()
    recording = { recorder, stream, timer: null, limit: null }
    recorder.addEventListener('dataavailable', (event) => event.data.size && chunks.push(event.data))
    recorder.addEventListener('stop', async () => {
      // After dispose() the module is gone: nothing to show.
      if (!recording) return
      window.clearInterval(recording.timer)
      window.clearTimeout(recording.limit)
      for (const track of stream.getTracks()) track.stop()
      recording = null
      audioButton.textContent = 'Áudio'
      audioButton.setAttribute('aria-pressed', 'false')
      audioButton.classList.remove('recording')
      const blob = new Blob(chunks, { type: recorder.mimeType || mimeType || 'audio/webm' })
      if (!blob.size) return toast('Nada foi gravado.', 'error')
      pending.audio = { ms: Date.now() - started, mimetype: blob.type, base64: await base64Of(blob) }
      renderChips()
      sendButton.focus()
    })
    recorder.start(500)
    audioButton.classList.add('recording')
    audioButton.setAttribute('aria-pressed', 'true')
    const tick = () => (audioButton.textContent = `Parar ${duration(Date.now() - started)}`)
    tick()
    recording.timer = window.setInterval(tick, 500)
    recording.limit = window.setTimeout(stopRecording, MAX_RECORDING_MS)
  }

  audioButton.addEventListener('click', () => (recording ? stopRecording() : startRecording()))

  textarea.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault()
      onSend()
    }
  })

  const element = h(
    'div',
    { class: 'composer' },
    chips,
    h('label', { for: 'chat-input', class: 'composer-label' }, 'Mensagem'),
    textarea,
    h('div', { class: 'composer-actions' }, audioButton, photoButton, fileButton, h('span', { class: 'spacer' }), sendButton),
    photoInput,
    fileInput,
  )

  return {
    element,
    /** What to send, or null when there is nothing. */
    read: () => {
      const text = textarea.value.trim()
      if (!text && !pending.audio && !pending.attachments.length) return null
      return { text, audio: pending.audio, attachments: pending.attachments.map((item) => item.payload), labels: [pending.audio ? `🎤 Áudio ${duration(pending.audio.ms)}` : null, ...pending.attachments.map((item) => `${item.payload.type === 'image' ? '🖼️' : '📄'} ${item.name}`)].filter(Boolean) }
    },
    clear: () => {
      textarea.value = ''
      pending.audio = null
      pending.attachments = []
      renderChips()
    },
    setText: (text) => {
      textarea.value = text
      textarea.focus()
    },
    setBusy: (busy) => {
      sendButton.disabled = busy
      sendButton.textContent = busy ? 'Processando…' : 'Enviar'
    },
    focus: () => textarea.focus({ preventScroll: true }),
    dispose: () => {
      if (!recording) return
      const { stream, timer, limit } = recording
      recording = null
      window.clearInterval(timer)
      window.clearTimeout(limit)
      for (const track of stream.getTracks()) track.stop()
    },
  }
}
