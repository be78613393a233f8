import type { FileStorage } from '../../../storage/file/index.js'
import type { WhatsappInstance, WhatsappInstanceStore } from './whatsapp-instance.js'

export const createFileWhatsappInstanceStore = async (storage: FileStorage): Promise<WhatsappInstanceStore> => {
  const collection = await storage.collection<WhatsappInstance>({
    folder: 'orchestration',
    name: 'whatsapp-instances',
    idOf: (instance) => instance.instance,
  })
  return {
    get: async ({ tenantId, instance }) => collection.get(tenantId, instance),
    save: async ({ instance }) => {
      await collection.put(instance)
      return structuredClone(instance)
    },
    list: async ({ tenantId }) => collection.list(tenantId),
  }
}
