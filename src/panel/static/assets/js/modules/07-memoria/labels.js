// pt-BR names of memory fields (see src/memory/memory.ts).

export const STATUS_LABELS = { active: 'Ativa', superseded: 'Substituída', retracted: 'Esquecida', expired: 'Expirada', deleted: 'Apagada' }
export const STATUS_KIND = { active: 'ok', superseded: 'info', retracted: 'warning', expired: 'plain', deleted: 'danger' }
export const KIND_LABELS = { fact: 'Fato', preference: 'Preferência', instruction: 'Instrução', policy: 'Regra do negócio', relationship: 'Relação', event: 'Acontecimento' }
export const AUDIENCE_LABELS = { subject_and_owner: 'Cliente e proprietário', owner_only: 'Só o proprietário', public: 'Todos os clientes' }
export const SOURCE_LABELS = { episode: 'conversa', owner_taught: 'ensinada pelo proprietário', tool_result: 'resultado de uma ação', import: 'importação' }
export const RUN_STATUS_LABELS = { running: 'Em andamento', paused: 'Pausada', completed: 'Concluída', failed: 'Falhou' }
