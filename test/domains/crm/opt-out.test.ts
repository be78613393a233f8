import { describe, expect, it } from 'vitest'
import { isOptOutMessage } from '../../../src/domains/crm/index.js'

// Issue #5: phrases that must be recognised as "stop sending me messages".
const optOuts = [
  'sair',
  'Sair',
  'SAIR!',
  'parar',
  'Pare',
  'stop',
  'não quero mais receber',
  'Não quero mais receber mensagens',
  'nao quero mais receber essas mensagens',
  'descadastrar',
  'quero me descadastrar',
  'me tira da lista',
  'Me tira dessa lista por favor',
  'tire meu número da lista',
  'pare de me mandar mensagem',
  'Para de me mandar mensagens!!',
  'parem de enviar mensagens',
  'cancelar inscrição',
  'Cancelar inscricao',
  'quero sair da lista',
  'não me mande mais nada',
  'não quero mais mensagens',
  'sair por favor',
]

// Ordinary sentences that merely contain the words.
const ordinary = [
  'vou sair mais cedo hoje',
  'posso parar o carro aí?',
  'quero cancelar meu horário',
  'não quero mais esse horário',
  'a que horas vocês param de atender?',
  'preciso cancelar a consulta de amanhã',
  'pode me mandar mensagem amanhã?',
  'a lista de preços, por favor',
  'saio do trabalho às 18h',
  'não consigo parar de pensar no corte',
  'para quando tem horário?',
  'obrigado!',
  '',
  'cancelar',
]

describe('isOptOutMessage', () => {
  it.each(optOuts)('recognises "%s" as an opt-out', (text) => {
    expect(isOptOutMessage(text)).toBe(true)
  })

  it.each(ordinary)('does not take "%s" for an opt-out', (text) => {
    expect(isOptOutMessage(text)).toBe(false)
  })
})
