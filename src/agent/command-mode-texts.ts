/** pt-BR texts of command mode (no LLM, or LLM failing). */
export const commandModeTexts = {
  ownerHelp: [
    'Comandos disponíveis:',
    '/ajuda — esta lista',
    '/clientes <busca> — procurar clientes por nome ou telefone',
    '/pausar <numero> — pausar o bot para um contato (atendimento humano)',
    '/retomar <numero> — voltar a responder um contato',
    '/resumo — números do seu atendimento',
    '/agenda [hoje|amanha|DD/MM] — atendimentos do dia',
    '/cobrancas [abertas|vencidas] — cobranças',
    '/leads — leads do CRM',
    '/lembrar <texto> — guardar uma informação do negócio',
    '/novo — começar uma conversa nova (a anterior fica na memória)',
  ].join('\n'),
  notYet: (command: string) => `O comando ${command} ainda não está disponível nesta versão. Envie /ajuda para ver o que já funciona.`,
  unknownCommand: 'Não entendi esse comando. Envie /ajuda para ver a lista.',
  ownerNotCommand: 'Estou em modo de comandos (sem assistente de IA configurado). Envie /ajuda para ver o que posso fazer.',
  customerMenu: (businessName: string) =>
    [
      `Olá! Aqui é o atendimento de ${businessName}. Escolha uma opção:`,
      '1 - Agendar um horário',
      '2 - Meus horários',
      '3 - Minhas cobranças / PIX',
      '4 - Falar com um atendente',
    ].join('\n'),
  customerOptionNotYet: 'Ainda não consigo fazer isso por aqui. Digite 4 para falar com um atendente.',
  customerHowToBook: 'Para agendar, responda com a data e o horário, por exemplo: 05/03 10:00 (e o serviço, se houver mais de um).',
  customerHumanRequested: 'Certo! Um atendente vai continuar a conversa com você em breve.',
} as const
